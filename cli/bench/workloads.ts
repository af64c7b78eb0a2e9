// The training workloads of the speed issue and how one run of them is timed.
//   W1: bundled names, H=128, batch 32, Adam, full BPTT per name, float32
//   H384: the same at H=384, the app's default size
//   W0: one name at a time: batch 1, SGD, H=100
// Tokens are real characters plus the closing boundary (padding is never computed or counted);
// the time is the trainer's own clock around step(): batch, forward, BPTT, clipping, update.

import { performance } from 'node:perf_hooks';
import type { Dataset } from '../../core/dataset.ts';
import type { RnnKernels } from '../../core/kernels.ts';
import { validateSettings, type TrainSettings } from '../../core/settings.ts';
import { createTrainer, type Trainer } from '../../core/trainer.ts';

export type Workload = { label: 'W1' | 'H384' | 'W0'; settings: Partial<TrainSettings> };

export const WORKLOADS: Workload[] = [
  { label: 'W1', settings: { hiddenSize: 128, batchSize: 32, optimizer: 'adam', learningRate: 0.002, dtype: 'float32' } },
  { label: 'H384', settings: { hiddenSize: 384, batchSize: 32, optimizer: 'adam', learningRate: 0.002, dtype: 'float32' } },
  { label: 'W0', settings: { hiddenSize: 100, batchSize: 1, optimizer: 'sgd', learningRate: 0.05, dtype: 'float32' } },
];

/** A trainer for the workload that has trained for about `seconds` (for the generation run). */
export function trainFor(dataset: Dataset, workload: Workload, kernels: RnnKernels, seconds: number): Trainer {
  const trainer = createTrainer(dataset, settingsOf(workload), { kernels });
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) trainer.step();
  return trainer;
}

/** Training tokens per second over about `seconds` of training, after a short warm-up. */
export function tokensPerSecond(dataset: Dataset, workload: Workload, kernels: RnnKernels, seconds: number): number {
  const trainer = createTrainer(dataset, settingsOf(workload), { kernels, now: () => performance.now() });
  const warmup = performance.now() + Math.min(500, seconds * 200);
  while (performance.now() < warmup) trainer.step();
  const start = trainer.progress();
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) trainer.step();
  const stop = trainer.progress();
  return (stop.tokens - start.tokens) / (stop.seconds - start.seconds);
}

/** The workload's settings as the bench trains them: no stop, no evaluation. */
export function settingsOf(workload: Workload): TrainSettings {
  return validateSettings({ ...workload.settings, stop: { steps: 1e12 }, evalEvery: 1e9, validationFraction: 0.1 });
}
