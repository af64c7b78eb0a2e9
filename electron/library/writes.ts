// Writing the library's files, each whole or not at all (writeStoreFile: a temporary file, flushed,
// renamed into place): a model file, a new summary for one, and the index with each model file's
// fingerprint.

import type { ModelSummary } from '../../contract/api.ts';
import { checkId, fingerprintOf } from './checks.ts';
import { FORMAT_VERSION, modelFile, openIndex, type Entry, type LibraryState, type ModelData } from './files.ts';
import { storedModel } from './listing.ts';
import { writeStoreFile } from '../store-file.ts';

/** Write a model file whole and return the new file's fingerprint. */
export function writeModel(state: LibraryState, data: ModelData): string {
  writeStoreFile(state.modelsDir, checkId(data.summary.id), data);
  return fingerprintOf(modelFile(state, data.summary.id)) ?? '';
}

/** Give a model file, unchanged since it was listed, a new summary; returns the new file's fingerprint. */
export function writeSummary(state: LibraryState, summary: ModelSummary, listed: string): string {
  // A file gone or changed since it was listed is not written over.
  if (fingerprintOf(modelFile(state, summary.id)) !== listed) throw new Error('its file changed since it was listed');
  return writeModel(state, { ...storedModel(state, summary.id), summary });
}

/** Give a model file back its summary after the index could not follow a rename (best effort). */
export function restoreSummary(state: LibraryState, summary: ModelSummary, written: string): void {
  try {
    state.known.set(summary.id, { summary, fingerprint: writeSummary(state, summary, written) });
  } catch {
    // The model file keeps the new summary; it holds the truth, so the next listing shows that.
  }
}

/** Write the index: the entries' summaries in this order, and the fingerprint of each one's file. */
export function writeIndex(state: LibraryState, entries: Entry[]): void {
  const opened = openIndex(state);
  if (opened.problem) state.pending.push(opened.problem);
  // An unreadable index was moved aside and a fresh one takes its place; a newer one is left alone.
  if (opened.problem && !opened.problem.movedTo) return;
  writeStoreFile(state.dir, 'library', {
    formatVersion: FORMAT_VERSION,
    models: entries.map((e) => e.summary),
    files: Object.fromEntries(entries.map((e) => [e.summary.id, e.fingerprint])),
  });
}
