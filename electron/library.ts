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

import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type Conf from 'conf';
import type { HistoryPoint } from '../core/trainer.ts';
import type { ModelSummary, RecoveryOffer, StoreProblem } from '../contract/api.ts';
import { describeModel } from '../core/model-summary.ts';
import { attempt, checkId, checkModel, checkName, fingerprintOf, MODEL_ID, summarySchema } from './library-model.ts';
import { moveAside, openStoreFile, removeTempFiles, storePath, writeStoreFile, type OpenStore, type StoreData, type StoreFileSpec, type StoreOptions } from './store-file.ts';

export const FORMAT_VERSION = 1;
export { LibraryError, MAX_MODEL_NAME, MODEL_ID } from './library-model.ts';

type IndexData = StoreData & { models: ModelSummary[]; files?: Record<string, string> };
type ModelData = StoreData & { summary: ModelSummary; model: string; history: HistoryPoint[] };
type RecoveryData = StoreData & { savedAt: number; checkpoint: string; offer: RecoveryOffer };
/** A model as the library knows it: its summary and the fingerprint of the file that holds it. */
type Entry = { summary: ModelSummary; fingerprint: string };

const formatVersion = { type: 'integer', minimum: 1 } as const;

export type LibraryOptions = { dir: string; open: OpenStore; now?: () => number };

export type Library = ReturnType<typeof createLibrary>;

export function createLibrary({ dir, open: openNew, now = Date.now }: LibraryOptions) {
  // One store object per file for the library's lifetime: building one compiles its schema (tens of
  // milliseconds), while each read of it still goes to the file.
  const stores = new Map<string, ReturnType<OpenStore>>();
  const open: OpenStore = <T extends StoreData>(options: StoreOptions<T>) => {
    const key = storePath(options.cwd, options.name);
    const store = (stores.get(key) ?? openNew(options)) as Conf<T>;
    stores.set(key, store as ReturnType<OpenStore>);
    return store;
  };
  const modelsDir = path.join(dir, 'models');
  /** One level at a time: a recursive mkdir says "no such file or directory" where the disk is read-only. */
  const makeDirs = () => {
    mkdirSync(path.dirname(dir), { recursive: true });
    for (const folder of [dir, modelsDir]) if (!existsSync(folder)) mkdirSync(folder);
  };
  try {
    makeDirs();
  } catch {
    // A read-only disk: the library lists as empty, and each change says why it cannot be made.
  }
  removeTempFiles(dir);
  removeTempFiles(modelsDir);

  const indexSpec: StoreFileSpec<IndexData> = { cwd: dir, name: 'library', schema: { formatVersion, models: { type: 'array', items: summarySchema }, files: { type: 'object', additionalProperties: { type: 'string' } } }, required: ['models'], formatVersion: FORMAT_VERSION };
  // A model file has no conf schema: building one costs tens of milliseconds per file, and
  // checkModel, which parses the model text down to its weights, is stricter than a schema.
  const modelSpec = (id: string): StoreFileSpec<ModelData> => ({ cwd: modelsDir, name: checkId(id), required: ['summary', 'model', 'history'], formatVersion: FORMAT_VERSION });
  const recoverySpec: StoreFileSpec<RecoveryData> = {
    cwd: dir, name: 'recovery',
    schema: { formatVersion, savedAt: { type: 'number' }, checkpoint: { type: 'string' }, offer: { type: 'object' } },
    required: ['savedAt', 'checkpoint', 'offer'], formatVersion: FORMAT_VERSION,
  };
  const openIndex = () => openStoreFile<IndexData>(open, indexSpec, now);
  const openModel = (id: string) => openStoreFile<ModelData>(open, modelSpec(id), now);
  const openRecovery = () => openStoreFile<RecoveryData>(open, recoverySpec, now);
  const modelFile = (id: string) => storePath(modelsDir, id);

  /** Model files this process has read or written: a second listing need not read them again. */
  const known = new Map<string, Entry>();
  /** Problems found outside a listing (the autosave, a load, the index during a change): the next listing reports them. */
  let pending: StoreProblem[] = [];

  /** The model files as they are now, in the index's order. */
  function scan(problems: StoreProblem[]): Entry[] {
    const ids = (existsSync(modelsDir) ? readdirSync(modelsDir) : []).flatMap((file) => {
      const id = file.endsWith('.json') ? file.slice(0, -'.json'.length) : '';
      return MODEL_ID.test(id) ? [id] : []; // moved-aside files, temporary files of a write in progress
    });
    const index: Partial<ReturnType<typeof openIndex>> = existsSync(storePath(dir, 'library')) ? openIndex() : {};
    if (index.problem) problems.push(index.problem);
    const indexed = index.data?.models ?? [];
    const prints = index.data?.files ?? {};
    const order = new Map(indexed.map((m, i) => [m.id, i]));
    const vouched = new Map(indexed.map((summary) => [summary.id, { summary, fingerprint: prints[summary.id] ?? '' }]));
    const entries = ids.flatMap((id) => {
      const entry = current(id, vouched.get(id), problems);
      return entry ? [entry] : [];
    });
    const rank = (id: string) => order.get(id) ?? Infinity;
    return entries.sort((a, b) => rank(a.summary.id) - rank(b.summary.id) || a.summary.createdAt - b.summary.createdAt);
  }

  /** One model file's entry: the index's or our own where the file is unchanged, else read from the file. */
  function current(id: string, indexed: Entry | undefined, problems: StoreProblem[]): Entry | null {
    const fingerprint = fingerprintOf(modelFile(id));
    if (fingerprint === null) return null; // gone since the directory was read
    const vouched = [known.get(id), indexed].find((entry) => entry?.fingerprint === fingerprint);
    if (vouched) return vouched;
    const data = readModel(id, problems);
    if (!data) return null;
    const entry = { summary: data.summary, fingerprint };
    known.set(id, entry);
    return entry;
  }

  /** A model file read whole and checked down to its weights; a damaged one is moved aside. */
  function readModel(id: string, problems: StoreProblem[]): ModelData | null {
    const opened = openModel(id);
    if (opened.problem) {
      problems.push(opened.problem);
      return null;
    }
    if (!opened.data) return null;
    try {
      return { ...opened.data, summary: checkModel(id, opened.data) };
    } catch (error) {
      problems.push(moveAside(modelFile(id), error, now));
      return null;
    }
  }

  function storedModel(id: string): ModelData {
    const opened = openModel(id);
    if (opened.problem) {
      pending.push(opened.problem);
      throw new Error(`model ${id} could not be read: ${opened.problem.message}`);
    }
    if (!opened.data) throw new Error(`there is no model ${id}`);
    if (typeof opened.data.model !== 'string' || !Array.isArray(opened.data.history)) throw new Error(`model ${id} could not be read: it has changed since it was listed`);
    return opened.data;
  }

  /** Give a model file, unchanged since it was listed, a new summary; returns the new file's fingerprint. */
  function writeSummary(summary: ModelSummary, listed: string): string {
    // A file gone or changed since it was listed is not written over.
    if (fingerprintOf(modelFile(summary.id)) !== listed) throw new Error('its file changed since it was listed');
    return writeModel({ ...storedModel(summary.id), summary });
  }

  /** Write a model file whole and return the new file's fingerprint. */
  function writeModel(data: ModelData): string {
    writeStoreFile(modelsDir, checkId(data.summary.id), data);
    return fingerprintOf(modelFile(data.summary.id)) ?? '';
  }

  function writeIndex(entries: Entry[]): void {
    const opened = openIndex();
    if (opened.problem) pending.push(opened.problem);
    // An unreadable index was moved aside and a fresh one takes its place; a newer one is left alone.
    if (opened.problem && !opened.problem.movedTo) return;
    writeStoreFile(dir, 'library', {
      formatVersion: FORMAT_VERSION,
      models: entries.map((e) => e.summary),
      files: Object.fromEntries(entries.map((e) => [e.summary.id, e.fingerprint])),
    });
  }

  function add(text: string, name: string, doing: string): ModelSummary {
    const checkedName = checkName(name);
    return attempt(doing, () => {
      const { summary: facts, history } = describeModel(text);
      const createdAt = now();
      const summary: ModelSummary = { id: randomUUID(), name: checkedName, createdAt, updatedAt: createdAt, ...facts };
      makeDirs(); // made on open, unless the disk was read-only then
      const entries = scan(pending);
      const entry = { summary, fingerprint: writeModel({ formatVersion: FORMAT_VERSION, summary, model: text, history }) };
      try {
        writeIndex([...entries, entry]);
      } catch (error) {
        // Take the new model file back out, so that a failed save leaves nothing behind.
        rmSync(modelFile(summary.id), { force: true });
        throw error;
      }
      known.set(summary.id, entry);
      return summary;
    });
  }

  function listedEntry(entries: Entry[], id: string): Entry {
    const entry = entries.find((e) => e.summary.id === checkId(id));
    if (!entry) throw new Error(`there is no model ${id}`);
    return entry;
  }

  function readRecovery(): RecoveryData | null {
    if (!existsSync(storePath(dir, 'recovery'))) return null; // no store object to build, no schema to compile
    const opened = openRecovery();
    if (opened.problem) pending.push(opened.problem);
    return opened.data ?? null;
  }
  readRecovery(); // a damaged autosave is reported by the first listing, before anyone asks to resume it

  return {
    /** Every readable model, in the index's order, and every store file found unreadable since the last listing. */
    list(): { models: ModelSummary[]; problems: StoreProblem[] } {
      const problems = pending;
      pending = [];
      const models = scan(problems).map((e) => e.summary);
      return { models, problems };
    },
    /** Save a model file's text (a checkpoint from the session, or an imported file) under a name. */
    save: (name: string, modelText: string): ModelSummary => add(modelText, name, `save “${name.trim()}”`),
    importModel(fileName: string, text: string): ModelSummary {
      const base = path.basename(fileName);
      return add(text, base.replace(/\.(model\.)?json$/i, '') || 'Imported model', `import “${base}”`);
    },
    modelText: (id: string): string => storedModel(id).model,
    history: (id: string): HistoryPoint[] => storedModel(id).history,
    rename(id: string, name: string): ModelSummary {
      const checkedName = checkName(name);
      const entries = scan(pending);
      const old = listedEntry(entries, id);
      return attempt(`rename “${old.summary.name}”`, () => {
        const summary = { ...old.summary, name: checkedName, updatedAt: now() };
        const entry = { summary, fingerprint: writeSummary(summary, old.fingerprint) };
        try {
          writeIndex(entries.map((e) => (e === old ? entry : e)));
        } catch (error) {
          restore(old.summary, entry.fingerprint);
          throw error;
        }
        known.set(id, entry);
        return summary;
      });
    },
    remove(id: string): void {
      const entries = scan(pending);
      const entry = listedEntry(entries, id);
      attempt(`delete “${entry.summary.name}”`, () => {
        // The index first: should the file then stay (a crash, a refusal), the next listing finds it again.
        writeIndex(entries.filter((e) => e !== entry));
        rmSync(modelFile(id));
        known.delete(id);
        stores.delete(modelFile(id));
      });
    },

    /** Autosave: the latest checkpoint of the run in progress. */
    writeRecovery(checkpoint: string): void {
      attempt('autosave the run', () => {
        const { summary } = describeModel(checkpoint);
        const savedAt = now();
        const offer: RecoveryOffer = { savedAt, steps: summary.steps, bestValLoss: summary.bestValLoss, dataset: summary.dataset };
        // Checked for damage on open; written whole over whatever is there.
        writeStoreFile(dir, 'recovery', { formatVersion: FORMAT_VERSION, savedAt, checkpoint, offer });
      });
    },
    recovery: (): RecoveryOffer | null => readRecovery()?.offer ?? null,
    recoveryCheckpoint: (): string | null => readRecovery()?.checkpoint ?? null,
    discardRecovery(): void {
      rmSync(storePath(dir, 'recovery'), { force: true });
    },
  };

  /** Give a model file back its summary after the index could not follow a rename (best effort). */
  function restore(summary: ModelSummary, written: string): void {
    try {
      known.set(summary.id, { summary, fingerprint: writeSummary(summary, written) });
    } catch {
      // The model file keeps the new summary; it holds the truth, so the next listing shows that.
    }
  }
}

