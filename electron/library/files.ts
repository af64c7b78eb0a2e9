// The library's files and what its parts share: where the index (library.json), the model files
// (models/<id>.json) and the autosave (recovery.json) live, what each holds and what a read of it
// checks, and the state of one open library (its store objects, the model files it knows, the
// problems the next listing reports).

import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type Conf from 'conf';
import type { HistoryPoint } from '../../core/trainer.ts';
import type { ModelSummary, RecoveryOffer, StoreProblem } from '../../contract/api.ts';
import { checkId, summarySchema } from './checks.ts';
import { openStoreFile, removeTempFiles, storePath, type OpenStore, type StoreData, type StoreFileSpec, type StoreOptions } from '../store-file.ts';

export const FORMAT_VERSION = 1;

export type IndexData = StoreData & { models: ModelSummary[]; files?: Record<string, string> };
export type ModelData = StoreData & { summary: ModelSummary; model: string; history: HistoryPoint[] };
export type RecoveryData = StoreData & { savedAt: number; checkpoint: string; offer: RecoveryOffer };
/** A model as the library knows it: its summary and the fingerprint of the file that holds it. */
export type Entry = { summary: ModelSummary; fingerprint: string };

export type LibraryOptions = { dir: string; open: OpenStore; now?: () => number };

/** One open library: every part takes it as its first argument. */
export type LibraryState = {
  dir: string;
  modelsDir: string;
  now: () => number;
  /** One store object per file for the library's lifetime (see cachedOpen). */
  stores: Map<string, ReturnType<OpenStore>>;
  open: OpenStore;
  /** Model files this process has read or written: a second listing need not read them again. */
  known: Map<string, Entry>;
  /** Problems found outside a listing (the autosave, a load, the index during a change): the next listing reports them. */
  pending: StoreProblem[];
};

/** Open the library in `dir`: make its folders where the disk allows, and clear away unfinished writes. */
export function openLibraryState({ dir, open: openNew, now = Date.now }: LibraryOptions): LibraryState {
  const stores = new Map<string, ReturnType<OpenStore>>();
  const state: LibraryState = { dir, modelsDir: path.join(dir, 'models'), now, stores, open: cachedOpen(stores, openNew), known: new Map(), pending: [] };
  try {
    makeDirs(state);
  } catch {
    // A read-only disk: the library lists as empty, and each change says why it cannot be made.
  }
  removeTempFiles(state.dir);
  removeTempFiles(state.modelsDir);
  return state;
}

/**
 * Open each file's store object once: building one compiles its schema (tens of milliseconds),
 * while each read of it still goes to the file.
 */
function cachedOpen(stores: Map<string, ReturnType<OpenStore>>, openNew: OpenStore): OpenStore {
  return <T extends StoreData>(options: StoreOptions<T>) => {
    const key = storePath(options.cwd, options.name);
    const store = (stores.get(key) ?? openNew(options)) as Conf<T>;
    stores.set(key, store as ReturnType<OpenStore>);
    return store;
  };
}

/** One level at a time: a recursive mkdir says "no such file or directory" where the disk is read-only. */
export function makeDirs({ dir, modelsDir }: LibraryState): void {
  mkdirSync(path.dirname(dir), { recursive: true });
  for (const folder of [dir, modelsDir]) if (!existsSync(folder)) mkdirSync(folder);
}

const formatVersion = { type: 'integer', minimum: 1 } as const;

const indexSpec = (dir: string): StoreFileSpec<IndexData> => ({
  cwd: dir, name: 'library',
  schema: { formatVersion, models: { type: 'array', items: summarySchema }, files: { type: 'object', additionalProperties: { type: 'string' } } },
  required: ['models'], formatVersion: FORMAT_VERSION,
});
// A model file has no conf schema: building one costs tens of milliseconds per file, and
// checkModel, which parses the model text down to its weights, is stricter than a schema.
const modelSpec = (modelsDir: string, id: string): StoreFileSpec<ModelData> => ({ cwd: modelsDir, name: checkId(id), required: ['summary', 'model', 'history'], formatVersion: FORMAT_VERSION });
const recoverySpec = (dir: string): StoreFileSpec<RecoveryData> => ({
  cwd: dir, name: 'recovery',
  schema: { formatVersion, savedAt: { type: 'number' }, checkpoint: { type: 'string' }, offer: { type: 'object' } },
  required: ['savedAt', 'checkpoint', 'offer'], formatVersion: FORMAT_VERSION,
});

export const openIndex = (state: LibraryState) => openStoreFile<IndexData>(state.open, indexSpec(state.dir), state.now);
export const openModel = (state: LibraryState, id: string) => openStoreFile<ModelData>(state.open, modelSpec(state.modelsDir, id), state.now);
export const openRecovery = (state: LibraryState) => openStoreFile<RecoveryData>(state.open, recoverySpec(state.dir), state.now);

export const indexFile = (state: LibraryState): string => storePath(state.dir, 'library');
export const modelFile = (state: LibraryState, id: string): string => storePath(state.modelsDir, id);
export const recoveryFile = (state: LibraryState): string => storePath(state.dir, 'recovery');
