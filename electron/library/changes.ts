// The library's changes: a model added (saved from the session or imported), renamed or deleted.
// Each writes the model file and the index, and a change that fails leaves the library as it was.

import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { ModelSummary } from '../../contract/api.ts';
import { describeModel } from '../../core/model-summary.ts';
import { attempt, checkName } from './checks.ts';
import { FORMAT_VERSION, makeDirs, modelFile, type LibraryState } from './files.ts';
import { listedEntry, scan } from './listing.ts';
import { restoreSummary, writeIndex, writeModel, writeSummary } from './writes.ts';

/** Add a model file's text under a name; `doing` words a failure ("save “Ada”"). */
export function addModel(state: LibraryState, text: string, name: string, doing: string): ModelSummary {
  const checkedName = checkName(name);
  return attempt(doing, () => {
    const { summary: facts, history } = describeModel(text);
    const createdAt = state.now();
    const summary: ModelSummary = { id: randomUUID(), name: checkedName, createdAt, updatedAt: createdAt, ...facts };
    makeDirs(state); // made on open, unless the disk was read-only then
    const entries = scan(state, state.pending);
    const entry = { summary, fingerprint: writeModel(state, { formatVersion: FORMAT_VERSION, summary, model: text, history }) };
    try {
      writeIndex(state, [...entries, entry]);
    } catch (error) {
      // Take the new model file back out, so that a failed save leaves nothing behind.
      rmSync(modelFile(state, summary.id), { force: true });
      throw error;
    }
    state.known.set(summary.id, entry);
    return summary;
  });
}

export function renameModel(state: LibraryState, id: string, name: string): ModelSummary {
  const checkedName = checkName(name);
  const entries = scan(state, state.pending);
  const old = listedEntry(entries, id);
  return attempt(`rename “${old.summary.name}”`, () => {
    const summary = { ...old.summary, name: checkedName, updatedAt: state.now() };
    const entry = { summary, fingerprint: writeSummary(state, summary, old.fingerprint) };
    try {
      writeIndex(state, entries.map((e) => (e === old ? entry : e)));
    } catch (error) {
      restoreSummary(state, old.summary, entry.fingerprint);
      throw error;
    }
    state.known.set(id, entry);
    return summary;
  });
}

export function removeModel(state: LibraryState, id: string): void {
  const entries = scan(state, state.pending);
  const entry = listedEntry(entries, id);
  attempt(`delete “${entry.summary.name}”`, () => {
    // The index first: should the file then stay (a crash, a refusal), the next listing finds it again.
    writeIndex(state, entries.filter((e) => e !== entry));
    rmSync(modelFile(state, id));
    state.known.delete(id);
    state.stores.delete(modelFile(state, id));
  });
}
