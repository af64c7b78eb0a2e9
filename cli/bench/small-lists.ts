// Training on the small lists of data/lists/ and measuring on their test files, which no trainer
// reads: held-out NLL per character of the best weights, when and why training ended, and how many
// of 500 names sampled at T=1 copy a training name. Budgets are steps, never seconds, so a loaded
// machine changes how long a run takes but not what it learns.

import { readFileSync } from 'node:fs';
import { batchOf, type Sequence } from '../../core/batch.ts';
import { datasetFromFiles, type Dataset } from '../../core/dataset.ts';
import { importNames } from '../../core/import-names.ts';
import { createRng, shuffle } from '../../core/rng.ts';
import type { RnnKernels } from '../../core/kernels.ts';
import type { Params } from '../../core/params.ts';
import { sampleNames } from '../../core/sample.ts';
import { DEFAULT_SETTINGS, validateSettings, type TrainSettings } from '../../core/settings.ts';
import { createTrainer, type StopReason, type Trainer } from '../../core/trainer.ts';
import { createEncoder, type Vocabulary } from '../../core/tokens.ts';
import { smallListFiles, type SmallList } from '../tools/make-small-lists.ts';

export { SMALL_LISTS, type SmallList } from '../tools/make-small-lists.ts';

/** The step budget that stands in for the default minute (H=384 on two threads: ~12,700 steps). */
export const MINUTE_OF_STEPS = 12_000;

export type ListRun = {
  /** A small list, or the bundled names (their 95% with a test file apart). */
  list: SmallList | 'names.txt';
  seed: number;
  /** As trained: 'auto' resolved for the list. */
  hiddenSize: number;
  learningRate: number;
  testNll: number;
  /** Test names scored (a name with a character the training file lacks cannot be). */
  testNames: number;
  bestValLoss: number | null;
  steps: number;
  epochs: number;
  seconds: number;
  tokensPerSecond: number;
  bestStep: number;
  stop: StopReason['kind'] | 'running';
  evaluations: number;
};

export type Loaded = { dataset: Dataset; test: string[] };

export function loadList(list: SmallList): Loaded {
  const files = smallListFiles(list);
  const dataset = datasetFromFiles([{ fileName: `${list}.train.txt`, bytes: readFileSync(files.train) }]);
  const test = importNames({ fileName: `${list}.test.txt`, bytes: readFileSync(files.test) }).entries.map((e) => e.name);
  return { dataset, test };
}

/** The bundled names with a fixed 5% held out as a test file (seeded shuffle, the same in every run). */
export function bundledWithTestFile(bundled: Dataset, fraction = 0.05): Loaded {
  const order = shuffle(bundled.names.slice(), createRng(0x7465_7374));
  const testCount = Math.round(bundled.names.length * fraction);
  const bytes = new TextEncoder().encode(order.slice(testCount).join('\n'));
  return { dataset: datasetFromFiles([{ fileName: 'names.txt (95%)', bytes }]), test: order.slice(0, testCount) };
}

/** Default settings with `overrides`, trained until they stop (at most the stand-in minute). */
export function trainOnList(loaded: Loaded, overrides: Partial<TrainSettings>, seed: number, kernels: RnnKernels): Trainer {
  const settings = validateSettings({ ...DEFAULT_SETTINGS, stop: { steps: MINUTE_OF_STEPS }, ...overrides, seed });
  const trainer = createTrainer(loaded.dataset, settings, { kernels });
  while (trainer.step());
  return trainer;
}

export function describeRun(list: ListRun['list'], loaded: Loaded, trainer: Trainer, kernels: RnnKernels): ListRun {
  const p = trainer.progress();
  const held = heldOutNll(trainer.bestParams(), trainer.vocab, loaded.test, kernels);
  return {
    list,
    seed: trainer.settings.seed,
    hiddenSize: trainer.settings.hiddenSize,
    learningRate: trainer.settings.learningRate,
    testNll: held.nll,
    testNames: held.names,
    bestValLoss: p.bestValLoss,
    steps: p.step,
    epochs: p.epoch,
    seconds: p.seconds,
    tokensPerSecond: p.tokensPerSecond,
    bestStep: trainer.state().bestStep,
    stop: trainer.stopped()?.kind ?? 'running',
    evaluations: trainer.history().length,
  };
}

/** Mean NLL per token (characters and the closing boundary) of the names the vocabulary can spell. */
export function heldOutNll(params: Params, vocab: Vocabulary, names: string[], kernels: RnnKernels): { nll: number; names: number } {
  const encoder = createEncoder(vocab);
  const sequences: Sequence[] = [];
  for (const name of names) {
    try {
      sequences.push({ tokens: Int32Array.from(encoder.encode(name)), category: -1 });
    } catch {
      // a character the training file never had: no model trained on it can score the name
    }
  }
  const batch = batchOf(sequences);
  const nll = kernels.forward(params, batch, kernels.allocWorkspace(params, batch.B, batch.T));
  return { nll: nll / batch.tokens, names: sequences.length };
}

/** Share of `count` names sampled at T=1 from the best weights that are training names. */
export function copyRate(trainer: Trainer, count = 500, seed = 1): number {
  const names = sampleNames(trainer.bestParams(), trainer.vocab, { count, seed, temperature: 1 }, trainer.trainingNames);
  return names.filter((n) => n.inTraining).length / count;
}

export function meanAndSpread(values: number[]): { mean: number; sd: number; min: number; max: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = values.length > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1)) : 0;
  return { mean, sd, min: Math.min(...values), max: Math.max(...values) };
}
