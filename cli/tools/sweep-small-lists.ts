// How the training schedule's defaults were chosen (docs/training-schedule.md): on each small list
// of data/lists/ and each seed, train and score the best weights on the list's test file.
//   sweep      H × lr, cosine over 50 epochs, evaluated every epoch, no early stop: the reference
//   schedules  the default H and lr with each learning-rate schedule × patience
//   sizes      the default schedule and stop with each H × lr of the sweep (for the hidden-size rule)
//   rules      the defaults ('auto' size and rate), and beside them a fixed rate, more patience, smaller batches
//   full       the bundled names: each schedule with the default patience, on the minute's steps
// Budgets are steps and epochs (not seconds), one WebAssembly thread; each result is a JSON line.
// Run: nice -n 10 npx tsx cli/tools/sweep-small-lists.ts sweep|schedules|full [seeds, e.g. 1,2,3]

import { datasetFromFiles } from '../../core/dataset.ts';
import { SCHEDULES, type TrainSettings } from '../../core/settings.ts';
import { createWasmKernels } from '../../core/wasm-kernels.ts';
import { enableRelaxedSimd } from '../../node/kernel-thread.ts';
import { copyRate, describeRun, loadList, MINUTE_OF_STEPS, SMALL_LISTS, trainOnList } from '../bench/small-lists.ts';
import { BUNDLED_NAMES, readNamesFile } from '../io.ts';

const SWEEP_EPOCHS = 50;
const part = process.argv[2] ?? 'schedules';
const seeds = (process.argv[3] ?? '1,2,3').split(',').map(Number);

const parts: Record<string, Partial<TrainSettings>[]> = {
  sweep: [32, 64, 128, 256, 384].flatMap((hiddenSize) => [0.002, 0.005].map((learningRate) => ({
    hiddenSize, learningRate, schedule: 'cosine' as const, patience: 0, stop: { epochs: SWEEP_EPOCHS },
  }))),
  sizes: [32, 64, 128, 256, 384].flatMap((hiddenSize) => [0.002, 0.005].map((learningRate) => ({ hiddenSize, learningRate }))),
  rules: [{}, { learningRate: 0.005 }, { patience: 10 }, { batchSize: 16 }, { batchSize: 8 }],
  schedules: SCHEDULES.filter((s) => s !== 'constant').flatMap((schedule) => [3, 5, 8].map((patience) => ({ schedule, patience }))),
  full: SCHEDULES.filter((s) => s !== 'constant').map((schedule) => ({ schedule })),
};
const candidates = parts[part];
if (!candidates) throw new Error(`expected one of ${Object.keys(parts).join(', ')}, got "${part}"`);

enableRelaxedSimd();
if (part === 'full') {
  const dataset = datasetFromFiles([readNamesFile(BUNDLED_NAMES)]);
  for (const seed of seeds) {
    for (const candidate of candidates) {
      const run = trainOnList({ dataset, test: [] }, { ...candidate, stop: { steps: MINUTE_OF_STEPS } }, seed, createWasmKernels());
      const p = run.progress();
      console.log(JSON.stringify({ part, list: 'names.txt', seed, ...candidate, bestValLoss: p.bestValLoss, steps: p.step, stop: run.stopped()?.kind }));
    }
  }
} else {
  for (const seed of seeds) {
    for (const list of SMALL_LISTS) {
      const loaded = loadList(list);
      for (const candidate of candidates) {
        // kernels of their own per run: a WebAssembly memory only grows
        const kernels = createWasmKernels();
        const trainer = trainOnList(loaded, candidate, seed, kernels);
        const copies = list === 'us-500' ? copyRate(trainer) : null;
        console.log(JSON.stringify({ part, ...candidate, ...describeRun(list, loaded, trainer, kernels), copies }));
      }
    }
  }
}
