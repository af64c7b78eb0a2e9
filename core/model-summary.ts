// What a model library lists about a model, read from the model file itself (a checkpoint from
// this app, or a model file from another tool that may lack settings or training data). Both
// libraries use it: the desktop app's (electron/library.ts) and the browser build's worker.

import { parseModel, type ModelFile } from './model-file.ts';
import { DEFAULT_SETTINGS, validateSettings, type TrainSettings } from './settings.ts';
import type { HistoryPoint } from './trainer.ts';

/** The facts a library shows beside a model's id, name and dates. */
export type ModelFacts = {
  dataset: { files: string[]; names: number };
  categories: string[];
  settings: TrainSettings;
  steps: number;
  bestValLoss: number | null;
};

export type DescribedModel = { summary: ModelFacts; history: HistoryPoint[] };

/** Validates the whole file (parseModel, which throws naming the field) before anything is kept. */
export function describeModel(text: string): DescribedModel {
  const model = parseModel(text);
  const training = record(model.metadata.training);
  return {
    summary: {
      dataset: datasetOf(model),
      categories: [...model.vocab.categories],
      settings: settingsOf(model),
      steps: typeof training.steps === 'number' && Number.isInteger(training.steps) && training.steps >= 0 ? training.steps : 0,
      bestValLoss: typeof training.bestValLoss === 'number' && Number.isFinite(training.bestValLoss) ? training.bestValLoss : null,
    },
    history: Array.isArray(model.metadata.history) ? model.metadata.history.filter(isHistoryPoint) : [],
  };
}

/** A validation-history point: step, tokens, seconds, train and validation loss, all numbers. */
export function isHistoryPoint(p: unknown): p is HistoryPoint {
  const r = record(p);
  return ['step', 'tokens', 'seconds', 'trainLoss', 'valLoss'].every((k) => typeof r[k] === 'number');
}

/** The file's settings, else the defaults; the hidden size is always that of its weights. */
function settingsOf(model: ModelFile): TrainSettings {
  const hiddenSize = model.params.dims.H;
  try {
    return { ...validateSettings(model.metadata.settings), hiddenSize };
  } catch {
    return { ...DEFAULT_SETTINGS, hiddenSize };
  }
}

function datasetOf(model: ModelFile): ModelFacts['dataset'] {
  const dataset = record(model.metadata.dataset);
  const files = Array.isArray(dataset.files) ? dataset.files.filter((f): f is string => typeof f === 'string') : [];
  const names = Array.isArray(model.metadata.trainingNames) ? model.metadata.trainingNames.length : 0;
  return { files, names: typeof dataset.names === 'number' ? dataset.names : names };
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
