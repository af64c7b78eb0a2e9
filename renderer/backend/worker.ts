/// <reference lib="webworker" />
// The browser build's training process: a thin adapter that drives core's session from messages,
// keeps the model library in IndexedDB and autosaves the run's checkpoints there for recovery.
// Its kernels take a second thread (kernel-helper.ts) where the page is cross-origin isolated.

import { typescriptKernels, type RnnKernels } from '../../core/kernels.ts';
import type { KernelThread, KernelThreadInit } from '../../core/kernel-threads.ts';
import { createSession, type Session, type SessionEvent } from '../../core/session.ts';
import { createParallelWasmKernels, createWasmKernels } from '../../core/wasm-kernels.ts';
import type { DatasetSummary, NamedBytes, RecoveryOffer } from '../../contract/api.ts';
import { openLibraryDb, type LibraryDb } from './library-db.ts';
import { nameFromFile, storedModel } from './model-record.ts';
import type { WorkerCall, WorkerMessage, WorkerMethods } from './protocol.ts';
import { messageOf } from '../../core/errors.ts';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: WorkerMessage): void => self.postMessage(message);

// Slices are scheduled through a MessageChannel: a task after any requests already queued.
const queue: (() => void)[] = [];
const channel = new MessageChannel();
channel.port1.onmessage = () => queue.shift()?.();

let dataset: DatasetSummary | null = null;
/** The latest progress, for the recovery offer. */
let lastProgress: { step: number; bestValLoss: number | null } | null = null;
let db: Promise<LibraryDb> | null = null;
const library = (): Promise<LibraryDb> => (db ??= openLibraryDb());

// The session, once its kernels are ready (started at the end of this module, when every constant
// it uses exists); every request waits for it, in the order they came.
let session!: Session;

/**
 * WebAssembly SIMD on two threads where the page is cross-origin isolated (its host sends
 * COOP/COEP, as `npm run web` does: SharedArrayBuffer needs it), on this worker's thread otherwise;
 * the TypeScript reference where WebAssembly SIMD is missing.
 */
async function fastestKernels(): Promise<RnnKernels> {
  if (self.crossOriginIsolated) {
    try {
      return await createParallelWasmKernels(spawnHelperWorker);
    } catch (error) {
      post({ warning: `Training uses one thread: the second could not start (${messageOf(error)}).` });
    }
  }
  try {
    return createWasmKernels();
  } catch (error) {
    post({ warning: `Training uses the slower TypeScript kernels: WebAssembly SIMD is unavailable here (${messageOf(error)}).` });
    return typescriptKernels;
  }
}

/** Longest wait for the helper thread to start before training goes on with one thread. */
const HELPER_START_MS = 10_000;

/** The kernels' helper thread: a worker of this worker (kernel-helper.ts) on the shared memory. */
function spawnHelperWorker(init: KernelThreadInit): KernelThread {
  const helper = new Worker(new URL('./kernel-helper.ts', import.meta.url), { type: 'module', name: 'namesake-kernel-helper' });
  const started = new Promise<void>((resolve, reject) => {
    const late = setTimeout(() => {
      helper.terminate();
      reject(new Error(`the kernel helper did not start within ${HELPER_START_MS / 1000} s`));
    }, HELPER_START_MS);
    helper.onmessage = () => {
      clearTimeout(late);
      resolve();
    };
    helper.onerror = (event) => {
      clearTimeout(late);
      reject(new Error(event.message || 'the kernel helper failed to start'));
    };
  });
  helper.postMessage(init);
  return { ready: started, terminate: () => helper.terminate() };
}

function onSessionEvent(event: SessionEvent): void {
  if (event.type === 'checkpoint') {
    void saveRecovery(event.checkpoint);
    return;
  }
  if (event.type === 'tick') lastProgress = event.tick.progress;
  if (event.type === 'state' && (event.state === 'finished' || event.state === 'stopped' || event.state === 'diverged')) {
    // The run ended cleanly: nothing to recover (its model can be saved from the session).
    void library().then((l) => l.setRecovery(null)).catch(() => {});
  }
  post({ event });
}

async function saveRecovery(text: string): Promise<void> {
  try {
    const progress = lastProgress;
    const offer: RecoveryOffer = {
      savedAt: Date.now(),
      steps: progress?.step ?? 0,
      bestValLoss: progress?.bestValLoss ?? null,
      dataset: { files: dataset?.files ?? [], names: dataset?.names ?? 0 },
    };
    await (await library()).setRecovery({ offer, text });
  } catch (error) {
    post({ warning: `The autosave checkpoint could not be stored: ${messageOf(error)}` });
  }
}

const newId = (): string => (typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`);

async function savedText(id: string): Promise<string> {
  const text = await (await library()).text(id);
  if (text === undefined) throw new Error('that model is no longer in the library');
  return text;
}

const methods: { [M in keyof WorkerMethods]: (...args: Parameters<WorkerMethods[M]>) => WorkerMethods[M] extends (...a: never[]) => infer R ? R | Promise<R> : never } = {
  async loadBundled(url) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`the bundled names could not be read (HTTP ${response.status})`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    return methods.importFiles([{ fileName: 'names.txt', bytes }]);
  },
  importFiles(files: NamedBytes[]) {
    dataset = session.handle({ type: 'importDataset', files });
    return dataset;
  },
  start(settings) {
    lastProgress = null;
    return session.handle({ type: 'start', settings });
  },
  pause: () => session.handle({ type: 'pause' }),
  resume: () => session.handle({ type: 'resume' }),
  stop: () => session.handle({ type: 'stop' }),
  async continueModel(id, stop) {
    const text = await savedText(id);
    dataset = session.handle({ type: 'continue', checkpoint: text, stop });
    return dataset;
  },
  generate: (options) => session.handle({ type: 'generate', options }),
  inspect: (name, category) => session.handle(category === undefined ? { type: 'inspect', name } : { type: 'inspect', name, category }),
  async list() {
    const models = (await (await library()).list()).map((m) => m.summary);
    models.sort((a, b) => b.updatedAt - a.updatedAt);
    return { models, problems: [] };
  },
  async saveCurrent(name) {
    const text = session.handle({ type: 'snapshot' });
    const stored = storedModel(text, newId(), cleanName(name), Date.now());
    await (await library()).put(stored, text);
    return stored.summary;
  },
  async load(id) {
    return session.handle({ type: 'loadModel', model: await savedText(id) });
  },
  async rename(id, name) {
    const l = await library();
    const stored = await l.get(id);
    if (!stored) throw new Error('that model is no longer in the library');
    const renamed = { ...stored, summary: { ...stored.summary, name: cleanName(name), updatedAt: Date.now() } };
    await l.put(renamed);
    return renamed.summary;
  },
  async remove(id) {
    await (await library()).remove(id);
    return null;
  },
  async history(id) {
    return (await (await library()).get(id))?.history ?? [];
  },
  async modelText(id) {
    const stored = await (await library()).get(id);
    return { fileName: `${(stored?.summary.name ?? 'model').replace(/[\\/:*?"<>|]+/g, '_')}.model.json`, text: await savedText(id) };
  },
  async importModel(file) {
    const stored = storedModel(file.text, newId(), nameFromFile(file.fileName), Date.now());
    await (await library()).put(stored, file.text);
    return stored.summary;
  },
  async recovery() {
    return (await (await library()).recovery())?.offer ?? null;
  },
  async resumeRecovery() {
    const saved = await (await library()).recovery();
    if (!saved) throw new Error('there is no interrupted run to resume');
    dataset = session.handle({ type: 'continue', checkpoint: saved.text });
    return dataset;
  },
  async discardRecovery() {
    await (await library()).setRecovery(null);
    return null;
  },
};

function cleanName(name: string): string {
  const trimmed = name.trim().slice(0, 200);
  if (!trimmed) throw new Error('give the model a name');
  return trimmed;
}

const ready = fastestKernels().then((kernels) => {
  session = createSession({
    emit: (event) => onSessionEvent(event),
    schedule: (fn) => {
      queue.push(fn);
      channel.port2.postMessage(null);
    },
    now: () => performance.now(),
    kernels,
  });
});

self.onmessage = async (e: MessageEvent<WorkerCall>) => {
  const { id, method, args } = e.data;
  await ready;
  try {
    const fn = methods[method] as (...a: unknown[]) => unknown;
    if (!fn) throw new Error(`unknown request "${String(method)}"`);
    post({ id, ok: true, value: await fn(...args) });
  } catch (error) {
    post({ id, ok: false, error: messageOf(error) });
  }
};
