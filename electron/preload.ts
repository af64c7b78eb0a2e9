// The window's only door to main: NamesakeApi as named functions and removable subscriptions on
// window.namesake. ipcRenderer itself is never exposed (fiddle src/preload/preload.ts). Ticks come
// over a MessagePort wired straight to the training process; main sends a new one after a restart.

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNELS, type MenuCommand, type NamesakeApi, type TrainingEvent, type TrainingTick } from './contract.ts';
import { messageOf } from '../core/errors.ts';

/** invoke, with Electron's "Error invoking remote method …: Error:" prefix taken off the message. */
async function call<T>(channel: string, ...args: unknown[]): Promise<T> {
  try {
    return (await ipcRenderer.invoke(channel, ...args)) as T;
  } catch (error) {
    const message = messageOf(error);
    throw new Error(message.replace(/^Error invoking remote method '[^']*': (Error: )?/, ''));
  }
}

function subscribe<T>(channel: string, listener: (value: T) => void): () => void {
  const wrapped = (_event: IpcRendererEvent, value: T) => listener(value);
  ipcRenderer.on(channel, wrapped);
  return () => void ipcRenderer.removeListener(channel, wrapped);
}

const tickListeners = new Set<(tick: TrainingTick) => void>();
let tickPort: MessagePort | null = null;
ipcRenderer.on(CHANNELS.trainingPort, (event) => {
  tickPort?.close();
  tickPort = event.ports[0] ?? null;
  if (tickPort) tickPort.onmessage = (message: MessageEvent<TrainingTick>) => tickListeners.forEach((listener) => listener(message.data));
});

const api: NamesakeApi = {
  kind: 'electron',
  datasets: {
    loadBundled: () => call(CHANNELS.datasetsLoadBundled),
    importFiles: (files) => call(CHANNELS.datasetsImportFiles, files),
    openDialog: () => call(CHANNELS.datasetsOpenDialog),
  },
  training: {
    start: (settings) => call(CHANNELS.trainingStart, settings),
    pause: () => call(CHANNELS.trainingPause),
    resume: () => call(CHANNELS.trainingResume),
    stop: () => call(CHANNELS.trainingStop),
    continueModel: (id, stop) => call(CHANNELS.trainingContinue, id, stop),
    onTick(listener) {
      tickListeners.add(listener);
      return () => void tickListeners.delete(listener);
    },
    onEvent: (listener) => subscribe<TrainingEvent>(CHANNELS.trainingEvent, listener),
  },
  model: {
    generate: (options) => call(CHANNELS.modelGenerate, options),
    inspect: (name, category) => (category === undefined ? call(CHANNELS.modelInspect, name) : call(CHANNELS.modelInspect, name, category)),
  },
  library: {
    list: () => call(CHANNELS.libraryList),
    saveCurrent: (name) => call(CHANNELS.librarySave, name),
    load: (id) => call(CHANNELS.libraryLoad, id),
    rename: (id, name) => call(CHANNELS.libraryRename, id, name),
    remove: (id) => call(CHANNELS.libraryRemove, id),
    history: (id) => call(CHANNELS.libraryHistory, id),
    exportModel: (id) => call(CHANNELS.libraryExport, id),
    importModel: (file) => (file === undefined ? call(CHANNELS.libraryImport) : call(CHANNELS.libraryImport, file)),
    recovery: () => call(CHANNELS.libraryRecovery),
    resumeRecovery: () => call(CHANNELS.libraryResumeRecovery),
    discardRecovery: () => call(CHANNELS.libraryDiscardRecovery),
  },
  files: {
    exportNames: (names, format) => call(CHANNELS.filesExportNames, names, format),
  },
  onMenu: (listener) => subscribe<MenuCommand>(CHANNELS.menu, listener),
};

contextBridge.exposeInMainWorld('namesake', api);
