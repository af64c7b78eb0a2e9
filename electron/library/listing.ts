// Reading the library: the listing (the model files as they are now, in the index's order, a file
// read only when its fingerprint says it changed behind the index's back) and a model read whole
// for a load. A damaged model file is moved aside and reported while every other model still lists.

import { existsSync, readdirSync } from 'node:fs';
import type { ModelSummary, StoreProblem } from '../../contract/api.ts';
import { checkId, checkModel, fingerprintOf, MODEL_ID } from './checks.ts';
import { indexFile, modelFile, openIndex, openModel, type Entry, type LibraryState, type ModelData } from './files.ts';
import { moveAside } from '../store-file.ts';

/** Every readable model, in the index's order, and every store file found unreadable since the last listing. */
export function listModels(state: LibraryState): { models: ModelSummary[]; problems: StoreProblem[] } {
  const problems = state.pending;
  state.pending = [];
  const models = scan(state, problems).map((e) => e.summary);
  return { models, problems };
}

/** The model files as they are now, in the index's order. A listing never writes the index. */
export function scan(state: LibraryState, problems: StoreProblem[]): Entry[] {
  const ids = (existsSync(state.modelsDir) ? readdirSync(state.modelsDir) : []).flatMap((file) => {
    const id = file.endsWith('.json') ? file.slice(0, -'.json'.length) : '';
    return MODEL_ID.test(id) ? [id] : []; // moved-aside files, temporary files of a write in progress
  });
  const index: Partial<ReturnType<typeof openIndex>> = existsSync(indexFile(state)) ? openIndex(state) : {};
  if (index.problem) problems.push(index.problem);
  const indexed = index.data?.models ?? [];
  const prints = index.data?.files ?? {};
  const order = new Map(indexed.map((m, i) => [m.id, i]));
  const vouched = new Map(indexed.map((summary) => [summary.id, { summary, fingerprint: prints[summary.id] ?? '' }]));
  const entries = ids.flatMap((id) => {
    const entry = current(state, id, vouched.get(id), problems);
    return entry ? [entry] : [];
  });
  const rank = (id: string) => order.get(id) ?? Infinity;
  return entries.sort((a, b) => rank(a.summary.id) - rank(b.summary.id) || a.summary.createdAt - b.summary.createdAt);
}

/** One model file's entry: the index's or our own where the file is unchanged, else read from the file. */
function current(state: LibraryState, id: string, indexed: Entry | undefined, problems: StoreProblem[]): Entry | null {
  const fingerprint = fingerprintOf(modelFile(state, id));
  if (fingerprint === null) return null; // gone since the directory was read
  const vouched = [state.known.get(id), indexed].find((entry) => entry?.fingerprint === fingerprint);
  if (vouched) return vouched;
  const data = readModel(state, id, problems);
  if (!data) return null;
  const entry = { summary: data.summary, fingerprint };
  state.known.set(id, entry);
  return entry;
}

/** A model file read whole and checked down to its weights; a damaged one is moved aside. */
function readModel(state: LibraryState, id: string, problems: StoreProblem[]): ModelData | null {
  const opened = openModel(state, id);
  if (opened.problem) {
    problems.push(opened.problem);
    return null;
  }
  if (!opened.data) return null;
  try {
    return { ...opened.data, summary: checkModel(id, opened.data) };
  } catch (error) {
    problems.push(moveAside(modelFile(state, id), error, state.now));
    return null;
  }
}

/** A model file read for a load or a rewrite; a problem is reported by the next listing and thrown now. */
export function storedModel(state: LibraryState, id: string): ModelData {
  const opened = openModel(state, id);
  if (opened.problem) {
    state.pending.push(opened.problem);
    throw new Error(`model ${id} could not be read: ${opened.problem.message}`);
  }
  if (!opened.data) throw new Error(`there is no model ${id}`);
  if (typeof opened.data.model !== 'string' || !Array.isArray(opened.data.history)) throw new Error(`model ${id} could not be read: it has changed since it was listed`);
  return opened.data;
}

/** The entry of a model in a listing, or why there is none. */
export function listedEntry(entries: Entry[], id: string): Entry {
  const entry = entries.find((e) => e.summary.id === checkId(id));
  if (!entry) throw new Error(`there is no model ${id}`);
  return entry;
}
