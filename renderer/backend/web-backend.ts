// NamesakeApi for the plain browser: the same core session as Electron's training process, run in
// a Web Worker; models in IndexedDB (inside the worker); exports as downloads. A worker that dies
// is reported as a crash and replaced, with the last dataset loaded again.

import bundledNamesUrl from '../../data/names.txt?url';
import { namesFileText } from '../../core/names-file.ts';
import type { MenuCommand, NamedBytes, NamesakeApi, TrainingEvent, TrainingTick } from '../../contract/api.ts';
import type { WorkerEvent } from './protocol.ts';
import { connectWorker, type WorkerConnection } from './worker-connection.ts';

export type WebBackendOptions = {
  createWorker?: () => Worker;
  bundledUrl?: string;
  download?: (fileName: string, text: string, type: string) => void;
};

/** What the parts of the API share: the worker, the window's listeners, and the dataset to reload after a crash. */
type Backend = {
  worker: WorkerConnection;
  bundledUrl: string;
  download: (fileName: string, text: string, type: string) => void;
  tickListeners: Set<(tick: TrainingTick) => void>;
  eventListeners: Set<(event: TrainingEvent) => void>;
  lastDataset: { kind: 'bundled' } | { kind: 'files'; files: NamedBytes[] } | null;
};

export function createWebBackend(options: WebBackendOptions = {}): NamesakeApi {
  const createWorker = options.createWorker ?? (() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'namesake-training' }));
  const backend: Backend = {
    // The callbacks run later, once `backend` exists.
    worker: connectWorker({
      createWorker,
      onEvent: (event) => passOn(backend, event),
      onCrash: ({ reason, restarting }) => void reportCrash(backend, reason, restarting),
    }),
    bundledUrl: new URL(options.bundledUrl ?? bundledNamesUrl, location.href).href,
    download: options.download ?? downloadText,
    tickListeners: new Set(),
    eventListeners: new Set(),
    lastDataset: null,
  };
  return {
    kind: 'web',
    datasets: datasetsApi(backend),
    training: trainingApi(backend),
    model: modelApi(backend),
    library: libraryApi(backend),
    files: filesApi(backend),
    // The browser has no application menu.
    onMenu: (_listener: (command: MenuCommand) => void) => () => {},
  };
}

function passOn({ tickListeners, eventListeners }: Backend, event: WorkerEvent): void {
  if (event.type === 'tick') for (const l of tickListeners) l(event.tick);
  else for (const l of eventListeners) l(event.message === undefined ? { type: 'state', state: event.state } : { type: 'state', state: event.state, message: event.message });
}

/** A replacement worker gets the window's dataset again before the crash is reported. */
async function reportCrash({ worker, bundledUrl, lastDataset, eventListeners }: Backend, reason: string, restarting: boolean): Promise<void> {
  if (restarting && lastDataset) {
    const reload = lastDataset.kind === 'bundled' ? worker.call('loadBundled', bundledUrl) : worker.call('importFiles', lastDataset.files);
    await reload.catch(() => {});
  }
  const canResume = restarting && (await worker.call('recovery').catch(() => null)) !== null;
  for (const l of eventListeners) l({ type: 'crashed', reason, restarting, canResume });
}

function datasetsApi(backend: Backend): NamesakeApi['datasets'] {
  return {
    async loadBundled() {
      const summary = await backend.worker.call('loadBundled', backend.bundledUrl);
      backend.lastDataset = { kind: 'bundled' };
      return summary;
    },
    async importFiles(files) {
      const summary = await backend.worker.call('importFiles', files);
      backend.lastDataset = { kind: 'files', files };
      return summary;
    },
    // The web build opens files with an <input type="file"> in the window instead.
    openDialog: async () => null,
  };
}

function trainingApi({ worker, tickListeners, eventListeners }: Backend): NamesakeApi['training'] {
  return {
    start: (settings) => worker.call('start', settings).then(() => {}),
    pause: () => worker.call('pause').then(() => {}),
    resume: () => worker.call('resume').then(() => {}),
    stop: () => worker.call('stop').then(() => {}),
    continueModel: (id, stop) => worker.call('continueModel', id, stop),
    onTick: (listener) => subscribe(tickListeners, listener),
    onEvent: (listener) => subscribe(eventListeners, listener),
  };
}

function modelApi({ worker }: Backend): NamesakeApi['model'] {
  return {
    generate: (opts) => worker.call('generate', opts),
    inspect: (name, category) => (category === undefined ? worker.call('inspect', name) : worker.call('inspect', name, category)),
  };
}

function libraryApi({ worker, download }: Backend): NamesakeApi['library'] {
  return {
    list: () => worker.call('list'),
    saveCurrent: (name) => worker.call('saveCurrent', name),
    load: (id) => worker.call('load', id),
    rename: (id, name) => worker.call('rename', id, name),
    remove: (id) => worker.call('remove', id).then(() => {}),
    history: (id) => worker.call('history', id),
    async exportModel(id) {
      const { fileName, text } = await worker.call('modelText', id);
      download(fileName, text, 'application/json');
      return true;
    },
    // Without a file the browser build has nothing to open: the window uses a file input.
    importModel: async (file) => (file ? worker.call('importModel', file) : null),
    recovery: () => worker.call('recovery'),
    resumeRecovery: () => worker.call('resumeRecovery'),
    discardRecovery: () => worker.call('discardRecovery').then(() => {}),
  };
}

function filesApi({ download }: Backend): NamesakeApi['files'] {
  return {
    async exportNames(names, format) {
      download(`names.${format}`, namesFileText(names, format), format === 'csv' ? 'text/csv' : 'text/plain');
      return true;
    },
  };
}

function subscribe<T>(set: Set<T>, listener: T): () => void {
  set.add(listener);
  return () => set.delete(listener);
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
