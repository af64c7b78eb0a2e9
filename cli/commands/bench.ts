// namesake bench — training speed on the standard workloads (cli/bench/) and what default
// training learns in a minute. Speed is measured here, never in tests.

import { parseArgs } from 'node:util';
import { datasetFromFiles } from '../../core/dataset.ts';
import { DEFAULT_SETTINGS } from '../../core/settings.ts';
import { measureAppSpeed } from '../app-speed.ts';
import { measureBrowserSpeed } from '../browser-speed.ts';
import { optionalNumber } from '../args.ts';
import { measureScaling, runBenchmarks, scalingTable } from '../bench/index.ts';
import { measureBrowserThreads } from '../bench/browser-threads.ts';
import { measureLibrary } from '../bench/library.ts';
import { BUNDLED_NAMES, printJson, readNamesFile } from '../io.ts';
import { hasChromium } from '../../node/web-harness.ts';
import { benchSmallLists, trainSeeds } from '../bench/fitting.ts';
import { bundledWithTestFile, meanAndSpread, type ListRun } from '../bench/small-lists.ts';

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
  const smallLists = values['no-small-lists'] ? null : await benchSmallLists(log);
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

const LEARN_SEEDS = [1, 2, 3];

/** `seconds` of default training (fastest kernels) on the bundled names less a 5% test file, per seed:
 *  the test NLL of the best weights, beside the trainer's own best validation loss. */
async function learnFor(seconds: number, log: (line: string) => void) {
  const loaded = bundledWithTestFile(datasetFromFiles([readNamesFile(BUNDLED_NAMES)]));
  const { runs, kernels } = await trainSeeds('names.txt', loaded, { seconds }, LEARN_SEEDS);
  const mean = (pick: (r: ListRun) => number) => meanAndSpread(runs.map(pick)).mean;
  const spread = (pick: (r: ListRun) => number) => {
    const { mean, sd } = meanAndSpread(runs.map(pick));
    return `${mean.toFixed(3)} ± ${sd.toFixed(3)}`;
  };
  log(`Learning: default settings (H=${runs[0]!.hiddenSize}, ${DEFAULT_SETTINGS.optimizer} lr ${runs[0]!.learningRate.toFixed(4)} ` +
    `${DEFAULT_SETTINGS.schedule}, batch ${DEFAULT_SETTINGS.batchSize}), at most ${seconds} s on ${kernels}, seeds ${LEARN_SEEDS.join(', ')}: ` +
    `test NLL ${spread((r) => r.testNll)} nats per character on ${loaded.test.length.toLocaleString('en-US')} names no trainer saw ` +
    `(best validation loss ${spread((r) => r.bestValLoss!)}) after ${Math.round(mean((r) => r.steps)).toLocaleString('en-US')} steps ` +
    `(${spread((r) => r.epochs)} epochs, ${Math.round(mean((r) => r.tokensPerSecond)).toLocaleString('en-US')} tokens/s; ended: ${runs.map((r) => r.stop).join('/')})`);
  return { seconds, kernels, test: loaded.test.length, runs };
}
