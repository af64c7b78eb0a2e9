// `bench --app`: does the speed hold in the app? The training process (the very file Electron forks
// as a utility process, here forked with Node) trains W1 while its ticks stream to this process,
// which plays main; its rate is measured on this side's clock from the ticks. Against it, the same
// settings trained in this process by the CLI's loop. The two take turns in short windows (the
// process paused while the CLI trains), so that this machine's drift, larger over a few seconds
// than the difference being measured, falls on both alike; each pair of windows gives a ratio.

import { readFileSync } from 'node:fs';
import { datasetFromFiles } from '../core/dataset.ts';
import { validateSettings, type TrainSettings } from '../core/settings.ts';
import { createTrainer, type Trainer } from '../core/trainer.ts';
import type { SessionEvent } from '../core/session.ts';
import { createCrashPolicy } from '../contract/crash-policy.ts';
import { createFastKernels } from '../node/kernels.ts';
import { createTrainingHost } from '../node/training-host.ts';
import { forkTrainingProcess } from '../node/training-child.ts';
import { median } from './bench/median.ts';
import { BUNDLED_NAMES } from './io.ts';

const W1: Partial<TrainSettings> = { hiddenSize: 128, batchSize: 32, optimizer: 'adam', learningRate: 0.002 };
const WARM_UP_SECONDS = 1;
/** Pairs of windows (process, then CLI); each window is seconds / ROUNDS long. */
const ROUNDS = 6;
/** Ticks right after a resume are left out: the process's helper thread may still be asleep. */
const SETTLE_MS = 150;

export type AppSpeed = {
  cliTokensPerSecond: number;
  processTokensPerSecond: number;
  /** processTokensPerSecond / cliTokensPerSecond over all windows. */
  ratio: number;
  /** The median over the pairs of adjacent windows of their ratio. */
  medianPairRatio: number;
};

export async function measureAppSpeed(seconds: number): Promise<AppSpeed> {
  const bytes = new Uint8Array(readFileSync(BUNDLED_NAMES));
  const settings = validateSettings({ ...W1, stop: { seconds: 10 * (seconds + WARM_UP_SECONDS) } });
  const kernels = await createFastKernels();
  const trainer = createTrainer(datasetFromFiles([{ fileName: 'names.txt', bytes }]), settings, { kernels });
  let ticks: { at: number; tokens: number }[] = [];
  const host = createTrainingHost({
    spawn: forkTrainingProcess,
    onEvent: (event: SessionEvent) => {
      if (event.type === 'tick') ticks.push({ at: Date.now(), tokens: event.tick.progress.tokens });
    },
    onCrash: ({ reason }) => { throw new Error(`the training process died: ${reason}`); },
    policy: createCrashPolicy(),
  });
  const window = (seconds * 1000) / ROUNDS;
  const total = { process: { tokens: 0, ms: 0 }, cli: { tokens: 0, ms: 0 } };
  const ratios: number[] = [];
  try {
    await host.request({ type: 'importDataset', files: [{ fileName: 'names.txt', bytes }] });
    await host.request({ type: 'start', settings });
    await sleep(WARM_UP_SECONDS * 1000);
    await host.request({ type: 'pause' });
    cliWindow(trainer, WARM_UP_SECONDS * 1000);
    for (let round = 0; round < ROUNDS; round++) {
      ticks = [];
      await host.request({ type: 'resume' });
      await sleep(window + SETTLE_MS);
      await host.request({ type: 'pause' });
      const resumed = ticks.filter((t) => t.at >= ticks[0]!.at + SETTLE_MS);
      const process = { tokens: resumed.at(-1)!.tokens - resumed[0]!.tokens, ms: resumed.at(-1)!.at - resumed[0]!.at };
      const cli = cliWindow(trainer, window);
      for (const [side, measured] of [['process', process], ['cli', cli]] as const) {
        total[side].tokens += measured.tokens;
        total[side].ms += measured.ms;
      }
      ratios.push((process.tokens / process.ms) / (cli.tokens / cli.ms));
    }
    await host.request({ type: 'stop' });
  } finally {
    host.dispose();
    kernels.dispose?.();
  }
  const processTokensPerSecond = (total.process.tokens / total.process.ms) * 1000;
  const cliTokensPerSecond = (total.cli.tokens / total.cli.ms) * 1000;
  return {
    cliTokensPerSecond,
    processTokensPerSecond,
    ratio: processTokensPerSecond / cliTokensPerSecond,
    medianPairRatio: median(ratios),
  };
}

/** Tokens the CLI's loop trains in about `ms` of wall-clock time. */
function cliWindow(trainer: Trainer, ms: number): { tokens: number; ms: number } {
  const start = { at: Date.now(), tokens: trainer.progress().tokens };
  while (Date.now() - start.at < ms) trainer.step();
  return { tokens: trainer.progress().tokens - start.tokens, ms: Date.now() - start.at };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
