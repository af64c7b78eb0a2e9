// `bench --app`: does the speed hold in the app? The training process (the very file Electron forks
// as a utility process, here forked with Node) trains W1 while its ticks stream to this process,
// which plays main; its rate is measured on this side's clock from the ticks. Against it, the same
// settings trained in this process by the CLI's loop, measured the same way.

import { readFileSync } from 'node:fs';
import { datasetFromFiles } from '../core/dataset.ts';
import { validateSettings, type TrainSettings } from '../core/settings.ts';
import { createTrainer } from '../core/trainer.ts';
import type { SessionEvent } from '../core/session.ts';
import { createCrashPolicy } from '../electron/crash-policy.ts';
import { createTrainingHost } from '../electron/training-host.ts';
import { createFastKernels } from '../node/kernels.ts';
import { forkTrainingProcess } from '../node/training-child.ts';
import { BUNDLED_NAMES } from './io.ts';

const W1: Partial<TrainSettings> = { hiddenSize: 128, batchSize: 32, optimizer: 'adam', learningRate: 0.002 };
const WARM_UP_SECONDS = 1;

export type AppSpeed = { cliTokensPerSecond: number; processTokensPerSecond: number; ratio: number };

export async function measureAppSpeed(seconds: number): Promise<AppSpeed> {
  const bytes = new Uint8Array(readFileSync(BUNDLED_NAMES));
  const settings = validateSettings({ ...W1, stop: { seconds: 10 * (seconds + WARM_UP_SECONDS) } });
  const cliTokensPerSecond = await cliRate(bytes, settings, seconds);
  const processTokensPerSecond = await processRate(bytes, settings, seconds);
  return { cliTokensPerSecond, processTokensPerSecond, ratio: processTokensPerSecond / cliTokensPerSecond };
}

/** Tokens per wall-clock second of the CLI's own loop, after a warm-up. */
async function cliRate(bytes: Uint8Array, settings: TrainSettings, seconds: number): Promise<number> {
  const kernels = await createFastKernels();
  const trainer = createTrainer(datasetFromFiles([{ fileName: 'names.txt', bytes }]), settings, { kernels });
  const warm = Date.now() + WARM_UP_SECONDS * 1000;
  while (Date.now() < warm) trainer.step();
  const start = { at: Date.now(), tokens: trainer.progress().tokens };
  while (Date.now() - start.at < seconds * 1000) trainer.step();
  const rate = (trainer.progress().tokens - start.tokens) / ((Date.now() - start.at) / 1000);
  kernels.dispose?.();
  return rate;
}

/** Tokens per wall-clock second seen in the ticks the training process streams. */
async function processRate(bytes: Uint8Array, settings: TrainSettings, seconds: number): Promise<number> {
  const samples: { at: number; tokens: number }[] = [];
  const host = createTrainingHost({
    spawn: forkTrainingProcess,
    onEvent: (event: SessionEvent) => {
      if (event.type === 'tick') samples.push({ at: Date.now(), tokens: event.tick.progress.tokens });
    },
    onCrash: ({ reason }) => { throw new Error(`the training process died: ${reason}`); },
    policy: createCrashPolicy(),
  });
  try {
    await host.request({ type: 'importDataset', files: [{ fileName: 'names.txt', bytes }] });
    await host.request({ type: 'start', settings });
    await new Promise((resolve) => setTimeout(resolve, (WARM_UP_SECONDS + seconds) * 1000));
    await host.request({ type: 'stop' });
  } finally {
    host.dispose();
  }
  const measured = samples.filter((s) => s.at >= samples[0]!.at + WARM_UP_SECONDS * 1000);
  const first = measured[0]!;
  const last = measured.at(-1)!;
  return (last.tokens - first.tokens) / ((last.at - first.at) / 1000);
}
