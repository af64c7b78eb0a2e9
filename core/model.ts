// A trained model as the app and the CLI keep it: the weights in the model file format plus what
// they were trained on and how, so generated names can be checked for novelty and training can be
// continued later.

import type { Dataset } from './dataset.ts';
import type { ModelFile } from './model-file.ts';
import type { HistoryPoint, Trainer } from './trainer.ts';

export type TrainingSummary = {
  steps: number;
  epochs: number;
  tokens: number;
  seconds: number;
  trainLoss: number;
  valLoss: number | null;
  bestValLoss: number | null;
};

/** The best weights so far (by validation loss) with their settings, history and training names. */
export function modelFromTrainer(trainer: Trainer, dataset: Dataset): ModelFile {
  const progress = trainer.progress();
  const training: TrainingSummary = {
    steps: progress.step,
    epochs: progress.epoch,
    tokens: progress.tokens,
    seconds: progress.seconds,
    trainLoss: progress.trainLoss,
    valLoss: progress.valLoss,
    bestValLoss: progress.bestValLoss,
  };
  return {
    vocab: trainer.vocab,
    params: trainer.bestParams(),
    metadata: {
      settings: trainer.settings,
      training,
      history: trainer.history() satisfies HistoryPoint[],
      dataset: { files: dataset.reports.map((r) => r.fileName), names: dataset.names.length },
      trainingNames: dataset.names,
      ...(trainer.vocab.categories.length > 0 ? { trainingCategories: Array.from(dataset.categoryOf) } : {}),
    },
  };
}

/** The names a model was trained on, when its file carries them (others: none known). */
export function trainingNamesOf(model: ModelFile): Set<string> {
  const names = model.metadata.trainingNames;
  return new Set(Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : []);
}

/**
 * The dataset a model was trained on, rebuilt from its file (names in their original order, so the
 * validation split comes out the same); null when the file does not carry it.
 */
export function datasetOfModel(model: ModelFile): Dataset | null {
  const { trainingNames: names, trainingCategories: categories } = model.metadata;
  if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === 'string')) return null;
  const K = model.vocab.categories.length;
  if (K > 0 && !(Array.isArray(categories) && categories.length === names.length &&
    categories.every((k) => Number.isInteger(k) && k >= 0 && k < K))) return null;
  return {
    vocab: model.vocab,
    names: names as string[],
    categoryOf: K > 0 ? Int32Array.from(categories as number[]) : new Int32Array(names.length).fill(-1),
    reports: [],
  };
}
