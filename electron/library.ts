// The model library in main: an index of models, one store file per model (the model file text,
// a checkpoint carrying its training names, plus its loss history), and the autosaved checkpoint
// of the run in progress for recovery after a crash or forced quit. Every file has a schema and a
// format version; a damaged one is moved aside and reported while every other model still loads.

import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { HistoryPoint } from '../core/trainer.ts';
import type { ModelSummary, RecoveryOffer, StoreProblem } from './contract.ts';
import { describeModel } from '../core/model-summary.ts';
import { openStoreFile, storePath, type OpenStore, type StoreData } from './store-file.ts';

export const FORMAT_VERSION = 1;
export const MODEL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const MAX_MODEL_NAME = 200;

type IndexData = StoreData & { models: ModelSummary[] };
type ModelData = StoreData & { summary: ModelSummary; model: string; history: HistoryPoint[] };
type RecoveryData = StoreData & { savedAt: number; checkpoint: string; offer: RecoveryOffer };

const formatVersion = { type: 'integer', minimum: 1 } as const;
const summarySchema = {
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

export type LibraryOptions = { dir: string; open: OpenStore; now?: () => number };

export type Library = ReturnType<typeof createLibrary>;

export function createLibrary({ dir, open, now = Date.now }: LibraryOptions) {
  const modelsDir = path.join(dir, 'models');
  mkdirSync(modelsDir, { recursive: true });

  const openIndex = () => openStoreFile<IndexData>(open, { cwd: dir, name: 'library', schema: { formatVersion, models: { type: 'array', items: summarySchema } }, required: ['models'], formatVersion: FORMAT_VERSION }, now);
  const openModel = (id: string) => openStoreFile<ModelData>(open, {
    cwd: modelsDir, name: checkId(id),
    schema: { formatVersion, summary: summarySchema, model: { type: 'string' }, history: { type: 'array' } },
    required: ['summary', 'model', 'history'], formatVersion: FORMAT_VERSION,
  }, now);
  const openRecovery = () => openStoreFile<RecoveryData>(open, {
    cwd: dir, name: 'recovery',
    schema: { formatVersion, savedAt: { type: 'number' }, checkpoint: { type: 'string' }, offer: { type: 'object' } },
    required: ['savedAt', 'checkpoint', 'offer'], formatVersion: FORMAT_VERSION,
  }, now);

  function existingModel(id: string) {
    const opened = openModel(id);
    if (opened.problem) throw new Error(`model ${id} could not be read: ${opened.problem.message}`);
    if (opened.store.get('model') === undefined) throw new Error(`there is no model ${id}`);
    return opened.store;
  }

  function writeIndex(models: ModelSummary[]): void {
    const opened = openIndex();
    // An unreadable index was moved aside by openIndex; a fresh one is written in its place.
    (opened.store ?? openIndex().store)?.set({ formatVersion: FORMAT_VERSION, models });
  }

  function store(text: string, name: string, createdAt = now()): ModelSummary {
    const { summary: described, history } = describeModel(text);
    const summary: ModelSummary = { id: randomUUID(), name: checkName(name), createdAt, updatedAt: createdAt, ...described };
    openModel(summary.id).store!.set({ formatVersion: FORMAT_VERSION, summary, model: text, history });
    writeIndex([...list().models.filter((m) => m.id !== summary.id), summary]);
    return summary;
  }

  /** Every readable model, in the index's order; the index is repaired to match the model files. */
  function list(): { models: ModelSummary[]; problems: StoreProblem[] } {
    const problems: StoreProblem[] = [];
    const index = openIndex();
    if (index.problem) problems.push(index.problem);
    const order = new Map((index.store?.get('models') ?? []).map((m, i) => [m.id, i]));
    const models: ModelSummary[] = [];
    for (const file of readdirSync(modelsDir)) {
      const id = file.endsWith('.json') ? file.slice(0, -'.json'.length) : '';
      if (!MODEL_ID.test(id)) continue; // moved-aside files and leftover temporary files
      const opened = openModel(id);
      if (opened.problem) problems.push(opened.problem);
      else models.push(opened.store.get('summary'));
    }
    models.sort((a, b) => (order.get(a.id) ?? Infinity) - (order.get(b.id) ?? Infinity) || a.createdAt - b.createdAt);
    const indexed = index.store?.get('models') ?? [];
    if (indexed.length !== models.length || indexed.some((m, i) => m.id !== models[i]!.id)) writeIndex(models);
    return { models, problems };
  }

  return {
    list,
    /** Save a model file's text (a checkpoint from the session, or an imported file) under a name. */
    save: (name: string, modelText: string): ModelSummary => store(modelText, name),
    importModel(fileName: string, text: string): ModelSummary {
      return store(text, path.basename(fileName).replace(/\.(model\.)?json$/i, '') || 'Imported model');
    },
    modelText: (id: string): string => existingModel(id).get('model'),
    history: (id: string): HistoryPoint[] => existingModel(id).get('history'),
    rename(id: string, name: string): ModelSummary {
      const model = existingModel(id);
      const summary = { ...model.get('summary'), name: checkName(name), updatedAt: now() };
      model.set('summary', summary);
      writeIndex(list().models);
      return summary;
    },
    remove(id: string): void {
      existingModel(id);
      rmSync(storePath(modelsDir, id));
      writeIndex(list().models);
    },

    /** Autosave: the latest checkpoint of the run in progress (written atomically by conf). */
    writeRecovery(checkpoint: string): void {
      const { summary } = describeModel(checkpoint);
      const savedAt = now();
      const offer: RecoveryOffer = { savedAt, steps: summary.steps, bestValLoss: summary.bestValLoss, dataset: summary.dataset };
      const opened = openRecovery();
      (opened.store ?? openRecovery().store)?.set({ formatVersion: FORMAT_VERSION, savedAt, checkpoint, offer });
    },
    recovery(): RecoveryOffer | null {
      return openRecovery().store?.get('offer') ?? null;
    },
    recoveryCheckpoint(): string | null {
      return openRecovery().store?.get('checkpoint') ?? null;
    },
    discardRecovery(): void {
      rmSync(storePath(dir, 'recovery'), { force: true });
    },
  };
}

function checkId(id: string): string {
  // Ids become file names: nothing but a UUID may reach path.join.
  if (!MODEL_ID.test(id)) throw new Error(`not a model id: ${JSON.stringify(String(id).slice(0, 80))}`);
  return id;
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_MODEL_NAME) throw new Error(`a model name has 1 to ${MAX_MODEL_NAME} characters`);
  return trimmed;
}
