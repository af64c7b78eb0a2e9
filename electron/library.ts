// The model library in main: an index of models, one store file per model (the model file text,
// a checkpoint carrying its training names, plus its loss history), and the autosaved checkpoint
// of the run in progress for recovery after a crash or forced quit. Every file has a format
// version, is checked when read (by a schema, or a model file by the model parser) and is written
// whole or not at all (writeStoreFile); a damaged one is moved aside and reported while every
// other model still loads.
//
// The model files hold the truth. The index keeps each model's summary, validated when written,
// with the model file's fingerprint (size, modification time, inode: every write renames a new
// file into place), so a listing reads a model file only when it changed behind the index's back
// (a crash between the two writes, another tool). A listing never writes the index; the next
// change writes what it found. A change that fails leaves the library as it was.
//
// This file assembles the parts in library/: files.ts (where each file lives, how it is opened,
// the shared state), listing.ts, changes.ts and writes.ts (add, rename, delete), recovery.ts (the
// autosave) and checks.ts (ids, names, summaries, fingerprints, the error a failure becomes).

import path from 'node:path';
import type { HistoryPoint } from '../core/trainer.ts';
import type { ModelSummary, RecoveryOffer, StoreProblem } from '../contract/api.ts';
import { addModel, removeModel, renameModel } from './library/changes.ts';
import { openLibraryState, type LibraryOptions } from './library/files.ts';
import { listModels, storedModel } from './library/listing.ts';
import { discardRecovery, readRecovery, writeRecovery } from './library/recovery.ts';

export { LibraryError, MAX_MODEL_NAME, MODEL_ID } from './library/checks.ts';
export { FORMAT_VERSION, type LibraryOptions } from './library/files.ts';

export type Library = ReturnType<typeof createLibrary>;

export function createLibrary(options: LibraryOptions) {
  const state = openLibraryState(options);
  readRecovery(state); // a damaged autosave is reported by the first listing, before anyone asks to resume it

  return {
    /** Every readable model, in the index's order, and every store file found unreadable since the last listing. */
    list: (): { models: ModelSummary[]; problems: StoreProblem[] } => listModels(state),
    /** Save a model file's text (a checkpoint from the session, or an imported file) under a name. */
    save: (name: string, modelText: string): ModelSummary => addModel(state, modelText, name, `save “${name.trim()}”`),
    importModel(fileName: string, text: string): ModelSummary {
      const base = path.basename(fileName);
      return addModel(state, text, base.replace(/\.(model\.)?json$/i, '') || 'Imported model', `import “${base}”`);
    },
    modelText: (id: string): string => storedModel(state, id).model,
    history: (id: string): HistoryPoint[] => storedModel(state, id).history,
    rename: (id: string, name: string): ModelSummary => renameModel(state, id, name),
    remove: (id: string): void => removeModel(state, id),

    /** Autosave: the latest checkpoint of the run in progress. */
    writeRecovery: (checkpoint: string): void => writeRecovery(state, checkpoint),
    recovery: (): RecoveryOffer | null => readRecovery(state)?.offer ?? null,
    recoveryCheckpoint: (): string | null => readRecovery(state)?.checkpoint ?? null,
    discardRecovery: (): void => discardRecovery(state),
  };
}
