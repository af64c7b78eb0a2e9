// A model file as the browser build's library stores it: the facts core/model-summary.ts reads
// from the file, with the library's id, name and dates. Runs in the worker, where the texts live.

import { describeModel } from '../../core/model-summary.ts';
import type { StoredModel } from './library-db.ts';

/** Validates the whole file (throws ModelFileError naming the field) before anything is kept. */
export function storedModel(text: string, id: string, name: string, now: number): StoredModel {
  const { summary, history } = describeModel(text);
  return { summary: { id, name, createdAt: now, updatedAt: now, ...summary }, history };
}

/** A model's name from its file name: "my-names.model.json" → "my-names". */
export function nameFromFile(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/(\.model)?\.json$/i, '');
  return base.trim() || 'Imported model';
}
