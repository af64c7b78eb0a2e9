// NamesakeApi for the plain browser: the same core session as Electron's training process, run in
// a Web Worker; models in IndexedDB (inside the worker); exports as downloads. A worker that dies
// is reported as a crash and replaced, with the last dataset loaded again.

import bundledNamesUrl from '../../data/names.txt?url';
import { namesFileText } from '../../core/names-file.ts';
import type { MenuCommand, NamedBytes, NamesakeApi, TrainingEvent, TrainingTick } from '../../electron/contract.ts';
import type { WorkerMessage, WorkerMethod, WorkerMethods } from './protocol.ts';

export type WebBackendOptions = {
  createWorker?: () => Worker;
  bundledUrl?: string;
  download?: (fileName: string, text: string, type: string) => void;
};

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

export function createWebBackend(options: WebBackendOptions = {}): NamesakeApi {
  const createWorker = options.createWorker ?? (() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'namesake-training' }));
  const bundledUrl = new URL(options.bundledUrl ?? bundledNamesUrl, location.href).href;
  const download = options.download ?? downloadText;
  const tickListeners = new Set<(tick: TrainingTick) => void>();
  const eventListeners = new Set<(event: TrainingEvent) => void>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  /** What to load into a replacement worker so the window's dataset survives a crash. */
  let lastDataset: { kind: 'bundled' } | { kind: 'files'; files: NamedBytes[] } | null = null;
  let crashes: number[] = [];
  let worker = spawn();

  function spawn(): Worker {
    const w = createWorker();
    w.onmessage = (e: MessageEvent<WorkerMessage>) => onMessage(e.data);
    w.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      void crashed(e.message || 'the training worker stopped unexpectedly');
    };
    return w;
  }

  function onMessage(message: WorkerMessage): void {
    if ('event' in message) {
      const { event } = message;
      if (event.type === 'tick') for (const l of tickListeners) l(event.tick);
      else for (const l of eventListeners) l(event.message === undefined ? { type: 'state', state: event.state } : { type: 'state', state: event.state, message: event.message });
      return;
    }
    if ('warning' in message) {
      console.warn(message.warning);
      return;
    }
    const p = pending.get(message.id);
    if (!p) return;
    pending.delete(message.id);
    if (message.ok) p.resolve(message.value);
    else p.reject(new Error(message.error));
  }

  async function crashed(reason: string): Promise<void> {
    worker.terminate();
    for (const p of pending.values()) p.reject(new Error(`the training worker crashed: ${reason}`));
    pending.clear();
    const now = Date.now();
    crashes = [...crashes.filter((t) => now - t < 5 * 60_000), now];
    const restarting = crashes.length < 3;
    if (restarting) {
      worker = spawn();
      if (lastDataset?.kind === 'bundled') await call('loadBundled', bundledUrl).catch(() => {});
      else if (lastDataset) await call('importFiles', lastDataset.files).catch(() => {});
    }
    const canResume = restarting && (await call('recovery').catch(() => null)) !== null;
    for (const l of eventListeners) l({ type: 'crashed', reason, restarting, canResume });
  }

  function call<M extends WorkerMethod>(method: M, ...args: Parameters<WorkerMethods[M]>): Promise<ReturnType<WorkerMethods[M]>> {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, method, args });
    });
  }

  function subscribe<T>(set: Set<T>, listener: T): () => void {
    set.add(listener);
    return () => set.delete(listener);
  }

  return {
    kind: 'web',
    datasets: {
      async loadBundled() {
        const summary = await call('loadBundled', bundledUrl);
        lastDataset = { kind: 'bundled' };
        return summary;
      },
      async importFiles(files) {
        const summary = await call('importFiles', files);
        lastDataset = { kind: 'files', files };
        return summary;
      },
      // The web build opens files with an <input type="file"> in the window instead.
      openDialog: async () => null,
    },
    training: {
      start: (settings) => call('start', settings).then(() => {}),
      pause: () => call('pause').then(() => {}),
      resume: () => call('resume').then(() => {}),
      stop: () => call('stop').then(() => {}),
      continueModel: (id, stop) => call('continueModel', id, stop),
      onTick: (listener) => subscribe(tickListeners, listener),
      onEvent: (listener) => subscribe(eventListeners, listener),
    },
    model: {
      generate: (opts) => call('generate', opts),
      inspect: (name, category) => (category === undefined ? call('inspect', name) : call('inspect', name, category)),
    },
    library: {
      list: () => call('list'),
      saveCurrent: (name) => call('saveCurrent', name),
      load: (id) => call('load', id),
      rename: (id, name) => call('rename', id, name),
      remove: (id) => call('remove', id).then(() => {}),
      history: (id) => call('history', id),
      async exportModel(id) {
        const { fileName, text } = await call('modelText', id);
        download(fileName, text, 'application/json');
        return true;
      },
      // Without a file the browser build has nothing to open: the window uses a file input.
      importModel: async (file) => (file ? call('importModel', file) : null),
      recovery: () => call('recovery'),
      resumeRecovery: () => call('resumeRecovery'),
      discardRecovery: () => call('discardRecovery').then(() => {}),
    },
    files: {
      async exportNames(names, format) {
        download(`names.${format}`, namesFileText(names, format), format === 'csv' ? 'text/csv' : 'text/plain');
        return true;
      },
    },
    // The browser has no application menu.
    onMenu: (_listener: (command: MenuCommand) => void) => () => {},
  };
}

function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
