// The window's only door to main: NamesakeApi as named functions and removable subscriptions on
// window.namesake. ipcRenderer itself is never exposed (fiddle src/preload/preload.ts). Ticks come
// over a MessagePort wired straight to the training process; main sends a new one after a restart.

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { MenuCommand, NamesakeApi, TrainingEvent, TrainingTick } from '../contract/api.ts';
import { EVENT_CHANNELS, type Invoke } from '../contract/channels.ts';
import { messageOf } from '../core/errors.ts';

/** invoke, with Electron's "Error invoking remote method …: Error:" prefix taken off the message. */
async function invoke(channel: string, args: unknown[]): Promise<unknown> {
  try {
    return await ipcRenderer.invoke(channel, ...args);
  } catch (error) {
    const message = messageOf(error);
    throw new Error(message.replace(/^Error invoking remote method '[^']*': (Error: )?/, ''));
  }
}

/** A request on its channel, typed by the API method behind it. */
const call: Invoke = (channel, ...args) => invoke(channel, args) as ReturnType<Invoke>;

function subscribe<T>(channel: string, listener: (value: T) => void): () => void {
  const wrapped = (_event: IpcRendererEvent, value: T) => listener(value);
  ipcRenderer.on(channel, wrapped);
  return () => void ipcRenderer.removeListener(channel, wrapped);
}

const tickListeners = new Set<(tick: TrainingTick) => void>();
let tickPort: MessagePort | null = null;
ipcRenderer.on(EVENT_CHANNELS.trainingPort, (event) => {
  tickPort?.close();
  tickPort = event.ports[0] ?? null;
  if (tickPort) tickPort.onmessage = (message: MessageEvent<TrainingTick>) => tickListeners.forEach((listener) => listener(message.data));
});

const api: NamesakeApi = {
  kind: 'electron',
  datasets: {
    loadBundled: () => call('datasets:loadBundled'),
    importFiles: (files) => call('datasets:importFiles', files),
    openDialog: () => call('datasets:openDialog'),
  },
  training: {
    start: (settings) => call('training:start', settings),
    pause: () => call('training:pause'),
    resume: () => call('training:resume'),
    stop: () => call('training:stop'),
    continueModel: (id, stop) => call('training:continueModel', id, stop),
    onTick(listener) {
      tickListeners.add(listener);
      return () => void tickListeners.delete(listener);
    },
    onEvent: (listener) => subscribe<TrainingEvent>(EVENT_CHANNELS.trainingEvent, listener),
  },
  model: {
    generate: (options) => call('model:generate', options),
    inspect: (name, category) => (category === undefined ? call('model:inspect', name) : call('model:inspect', name, category)),
  },
  library: {
    list: () => call('library:list'),
    saveCurrent: (name) => call('library:saveCurrent', name),
    load: (id) => call('library:load', id),
    rename: (id, name) => call('library:rename', id, name),
    remove: (id) => call('library:remove', id),
    history: (id) => call('library:history', id),
    exportModel: (id) => call('library:exportModel', id),
    importModel: (file) => (file === undefined ? call('library:importModel') : call('library:importModel', file)),
    recovery: () => call('library:recovery'),
    resumeRecovery: () => call('library:resumeRecovery'),
    discardRecovery: () => call('library:discardRecovery'),
  },
  files: {
    exportNames: (names, format) => call('files:exportNames', names, format),
  },
  onMenu: (listener) => subscribe<MenuCommand>(EVENT_CHANNELS.menu, listener),
};

contextBridge.exposeInMainWorld('namesake', api);
