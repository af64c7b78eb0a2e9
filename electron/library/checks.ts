// What the library checks and how it words a failure: model ids and names, the summary a model
// file yields (read whole, down to its weights), the fingerprint that tells an unchanged file,
// and the error that says what was being done, to which model, and why.

import { statSync } from 'node:fs';
import type { ModelSummary } from '../../contract/api.ts';
import { describeModel } from '../../core/model-summary.ts';
import { systemReason } from '../store-file.ts';

export const MODEL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const MAX_MODEL_NAME = 200;

export const summarySchema = {
  type: 'object',
  required: ['id', 'name', 'createdAt', 'updatedAt', 'dataset', 'categories', 'settings', 'steps', 'bestValLoss'],
  properties: {
    id: { type: 'string', pattern: MODEL_ID.source },
    name: { type: 'string', minLength: 1, maxLength: MAX_MODEL_NAME },
    createdAt: { type: 'number' },
    updatedAt: { type: 'number' },
    categories: { type: 'array', items: { type: 'string' } },
    settings: { type: 'object' },
    steps: { type: 'integer', minimum: 0 },
    bestValLoss: { type: ['number', 'null'] },
  },
} as const;

/**
 * A library operation that failed: what was being done, to which model, and the system's reason.
 * Its name stays "Error", which the preload takes off a message that crossed IPC.
 */
export class LibraryError extends Error {
  constructor(doing: string, readonly reason: string) {
    super(`Could not ${doing}: ${reason}`);
  }
}

/**
 * The summary of a model file read whole: its identity from the file, checked, and every fact
 * from the model text itself, parsed down to its weights (valid JSON cut short inside them is
 * refused here, when listed, not on load).
 */
export function checkModel(id: string, data: Record<string, unknown>): ModelSummary {
  const { summary, model, history } = data;
  const s = (typeof summary === 'object' && summary !== null ? summary : {}) as Record<string, unknown>;
  if (s.id !== id) throw new Error(`summary.id: expected this file's id ${id}, got ${JSON.stringify(s.id)}`);
  if (typeof s.name !== 'string') throw new Error(`summary.name: expected a name, got ${JSON.stringify(s.name)}`);
  for (const key of ['createdAt', 'updatedAt'] as const) {
    if (typeof s[key] !== 'number' || !Number.isFinite(s[key])) throw new Error(`summary.${key}: expected a time, got ${JSON.stringify(s[key])}`);
  }
  if (typeof model !== 'string') throw new Error(`model: expected the text of a model file, got ${typeof model}`);
  if (!Array.isArray(history)) throw new Error(`history: expected an array, got ${typeof history}`);
  return { id, name: checkName(s.name), createdAt: s.createdAt as number, updatedAt: s.updatedAt as number, ...describeModel(model).summary };
}

/** Size, modification time and inode of a file, or null when it is not there: every write renames a new file into place. */
export function fingerprintOf(file: string): string | null {
  const stat = statSync(file, { bigint: true, throwIfNoEntry: false });
  return stat ? `${stat.size}:${stat.mtimeNs}:${stat.ino}` : null;
}

/** Run one library operation; whatever it throws becomes a LibraryError that says what was being done. */
export function attempt<T>(doing: string, act: () => T): T {
  try {
    return act();
  } catch (error) {
    throw error instanceof LibraryError ? error : new LibraryError(doing, systemReason(error));
  }
}

export function checkId(id: string): string {
  // Ids become file names: nothing but a UUID may reach path.join.
  if (!MODEL_ID.test(id)) throw new Error(`not a model id: ${JSON.stringify(String(id).slice(0, 80))}`);
  return id;
}

export function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_MODEL_NAME) throw new Error(`a model name has 1 to ${MAX_MODEL_NAME} characters`);
  return trimmed;
}
