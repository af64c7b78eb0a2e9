// What the library lists about a model file, read from the file itself (its metadata: settings,
// training summary, validation history, dataset). Runs in the worker, where the texts live.

import { parseModel } from '../../core/model-file.ts';
import { DEFAULT_SETTINGS, validateSettings, type TrainSettings } from '../../core/settings.ts';
import type { HistoryPoint } from '../../core/trainer.ts';
import type { ModelSummary } from '../../electron/contract.ts';
import type { StoredModel } from './library-db.ts';

export function describeModel(text: string, id: string, name: string, now: number): StoredModel {
  const { vocab, params, metadata } = parseModel(text); // throws ModelFileError naming the field
  const training = record(metadata.training);
  const dataset = record(metadata.dataset);
  const history = Array.isArray(metadata.history) ? (metadata.history as unknown[]).filter(isHistoryPoint) : [];
  const summary: ModelSummary = {
    id,
    name,
    createdAt: now,
    updatedAt: now,
    dataset: {
      files: Array.isArray(dataset.files) ? dataset.files.filter((f): f is string => typeof f === 'string') : [],
      names: typeof dataset.names === 'number' ? dataset.names : Array.isArray(metadata.trainingNames) ? metadata.trainingNames.length : 0,
    },
    categories: [...vocab.categories],
    settings: settingsOf(metadata.settings, params.dims.H),
    steps: typeof training.steps === 'number' ? training.steps : 0,
    bestValLoss: typeof training.bestValLoss === 'number' ? training.bestValLoss : null,
  };
  return { summary, history };
}

/** A model's name from its file name: "my-names.model.json" → "my-names". */
export function nameFromFile(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/(\.model)?\.json$/i, '');
  return base.trim() || 'Imported model';
}

function settingsOf(input: unknown, H: number): TrainSettings {
  try {
    return validateSettings(input);
  } catch {
    return { ...DEFAULT_SETTINGS, hiddenSize: H };
  }
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function isHistoryPoint(p: unknown): p is HistoryPoint {
  const r = record(p);
  return ['step', 'tokens', 'seconds', 'trainLoss', 'valLoss'].every((k) => typeof r[k] === 'number');
}
