// namesake bench — training speed on the standard workloads (cli/bench/) and what default
// training learns in a minute. Speed is measured here, never in tests.

import { parseArgs } from 'node:util';
import { datasetFromFiles } from '../../core/dataset.ts';
import { DEFAULT_SETTINGS, validateSettings } from '../../core/settings.ts';
import { createTrainer } from '../../core/trainer.ts';
import { createFastKernels } from '../../node/kernels.ts';
import { measureAppSpeed } from '../app-speed.ts';
import { measureBrowserSpeed } from '../browser-speed.ts';
import { optionalNumber } from '../args.ts';
import { measureScaling, runBenchmarks, scalingTable } from '../bench/index.ts';
import { measureBrowserThreads } from '../bench/browser-threads.ts';
import { measureLibrary } from '../bench/library.ts';
import { BUNDLED_NAMES, printJson, readNamesFile } from '../io.ts';
import { hasChromium } from '../../node/web-harness.ts';
import { benchSmallLists } from '../bench/fitting.ts';

export const usage = 'namesake bench [--seconds S (per speed run, default 4)] [--learn-seconds S (default 60; 0 skips)] [--no-small-lists] [--no-breakdown] [--scaling] [--app] [--browser] [--library] [--no-numpy] [--json]';

export async function bench(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      seconds: { type: 'string', default: '4' }, 'learn-seconds': { type: 'string', default: '60' },
      'no-numpy': { type: 'boolean', default: false }, json: { type: 'boolean', default: false },
      scaling: { type: 'boolean', default: false }, app: { type: 'boolean', default: false },
      browser: { type: 'boolean', default: false }, library: { type: 'boolean', default: false }, 'no-small-lists': { type: 'boolean', default: false },
      'no-breakdown': { type: 'boolean', default: false },
    },
  });
  const seconds = optionalNumber('--seconds', values.seconds)!;
  const learnSeconds = optionalNumber('--learn-seconds', values['learn-seconds'])!;
  const log = values.json ? () => {} : (line: string) => void process.stdout.write(`${line}\n`);
  const speed = await runBenchmarks({ seconds, noNumpy: values['no-numpy'], noBreakdown: values['no-breakdown'], log });
  const learning = learnSeconds > 0 ? await learnFor(learnSeconds, log) : null;
  const w0 = speed.workloads.W0.find((r) => r.kernels === 'wasm ×1')?.tokensPerSecond ?? null;
  const smallLists = values['no-small-lists'] ? null : await benchSmallLists(w0, log);
  const scaling = values.scaling ? await measureScaling({ log }) : null;
  if (scaling) log(`How cost grows (1.5 s per point):\n${scalingTable(scaling)}`);
  const app = values.app ? await measureAppSpeed(seconds * 2) : null;
  if (app) {
    log(`In the app: the training process streaming ticks ${Math.round(app.processTokensPerSecond).toLocaleString('en-US')} tokens/s, ` +
      `the CLI's loop ${Math.round(app.cliTokensPerSecond).toLocaleString('en-US')} tokens/s (W1, fastest kernels, taking turns): ` +
      `${(app.ratio * 100).toFixed(1)}%, median of the pairs of turns ${(app.medianPairRatio * 100).toFixed(1)}%`);
  }
  const browser = values.browser ? await measureBrowserSpeed(seconds * 2) : null;
  if (values.browser && !browser) log('In the browser: skipped (Debian\'s Chromium is not installed at /usr/bin/chromium)');
  if (browser) {
    log(`In the browser: the web build's worker ${Math.round(browser.browserTokensPerSecond).toLocaleString('en-US')} tokens/s, ` +
      `the CLI ${Math.round(browser.cliTokensPerSecond).toLocaleString('en-US')} tokens/s (W1): the CLI is ${browser.ratio.toFixed(2)}× the browser`);
  }
  if (values.browser && hasChromium) log('In a Web Worker of Chromium, with and without a cross-origin-isolated page (a second thread needs it):');
  const browserThreads = values.browser ? await measureBrowserThreads(seconds, log) : null;
  const library = values.library ? measureLibrary({ log }) : null;
  if (values.json) printJson({ event: 'bench', ...speed, learning, smallLists, scaling, app, browser, browserThreads, library });
}

/** Best validation loss after `seconds` of training with the default settings and fastest kernels. */
async function learnFor(seconds: number, log: (line: string) => void) {
  const dataset = datasetFromFiles([readNamesFile(BUNDLED_NAMES)]);
  const kernels = await createFastKernels();
  const trainer = createTrainer(dataset, validateSettings({ ...DEFAULT_SETTINGS, stop: { seconds } }), { kernels });
  while (trainer.step());
  kernels.dispose?.();
  const p = trainer.progress();
  log(`Learning: default settings (H=${DEFAULT_SETTINGS.hiddenSize}, ${DEFAULT_SETTINGS.optimizer} lr ${DEFAULT_SETTINGS.learningRate} ${DEFAULT_SETTINGS.schedule}, ` +
    `batch ${DEFAULT_SETTINGS.batchSize}), ${seconds} s on ${kernels.name}: best validation loss ${p.bestValLoss?.toFixed(3)} nats per character ` +
    `after ${p.step} steps (${p.epoch.toFixed(1)} epochs, ${Math.round(p.tokensPerSecond).toLocaleString('en-US')} tokens/s)`);
  return { seconds, kernels: kernels.name, bestValLoss: p.bestValLoss, steps: p.step, epochs: p.epoch, tokensPerSecond: p.tokensPerSecond };
}
