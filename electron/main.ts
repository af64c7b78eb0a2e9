// The main process: app lifecycle, one window, the menu, the training process and the library.
// It stays out of the hot path: ticks go from the training process to the window over a
// MessagePort; main sees only requests, state changes and the 5-second autosaves.

import { app, BrowserWindow, dialog, ipcMain, Menu, MessageChannelMain, protocol, screen, session } from 'electron';
import ElectronStore from 'electron-store';
import path from 'node:path';
import { serveAppFile } from './app-protocol.ts';
import type { MenuCommand, TrainingEvent } from '../contract/api.ts';
import { EVENT_CHANNELS } from '../contract/channels.ts';
import { createCrashPolicy, CRASH_LIMIT_TEXT } from '../contract/crash-policy.ts';
import { createAutosave } from './autosave.ts';
import { nativeDialogs } from './dialogs.ts';
import { registerHandlers } from './ipc.ts';
import { createHandlers } from './ipc-handlers.ts';
import { createLibrary } from './library.ts';
import { menuTemplate } from './menu.ts';
import { APP_SCHEME, APP_URL, hardenSession, hardenWebContents, isOwnWindowFrame } from './security.ts';
import { createSessionReplay } from '../node/session-replay.ts';
import type { OpenStore } from './store-file.ts';
import { createTrainingHost } from '../node/training-host.ts';
import { migrateLibrary } from './user-data-migration.ts';
import { forkUtilityTrainingProcess, type UtilityTrainingChild } from './utility-child.ts';
import { placeWindow } from './window-bounds.ts';
import { createWindowStateStore, rememberWindow } from './window-state.ts';
import { createMainWindow } from './window.ts';

const here = import.meta.dirname; // out/main
/** Set by `electron-vite dev` only; the built app always loads its own files. */
const devServer = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let window: BrowserWindow | null = null;
  let child: UtilityTrainingChild | null = null;
  let training = false;

  const sendEvent = (event: TrainingEvent) => window?.webContents.send(EVENT_CHANNELS.trainingEvent, event);

  /** A fresh channel for ticks: one end to the training process, the other to the window. */
  function connectTicks(): void {
    if (!child || !window) return;
    const { port1, port2 } = new MessageChannelMain();
    child.sendTickPort(port1);
    window.webContents.postMessage(EVENT_CHANNELS.trainingPort, null, [port2]);
  }

  const openStore = (({ cwd, name, schema, clearInvalidConfig }) => new ElectronStore({ cwd, name, schema, clearInvalidConfig })) as OpenStore;
  const windowState = createWindowStateStore(app.getPath('userData'), openStore);
  const libraryDir = path.join(app.getPath('userData'), 'library');
  carryOverLibrary(path.join(app.getPath('appData'), 'namesake', 'library'), libraryDir);
  const library = createLibrary({
    dir: libraryDir,
    open: openStore,
  });

  const autosave = createAutosave(library, sendEvent);

  const host = createTrainingHost({
    spawn: () => forkUtilityTrainingProcess(path.join(here, 'training-process.js')),
    onSpawn: (started) => {
      child = started;
      connectTicks();
    },
    onEvent: (event) => {
      if (event.type === 'state') {
        training = event.state === 'running' || event.state === 'paused';
        sendEvent(event);
      } else if (event.type === 'checkpoint') {
        autosave.write(event.checkpoint);
      }
    },
    onCrash: ({ reason, restarting }) => {
      training = false;
      sendEvent({ type: 'crashed', reason, restarting, canResume: library.recovery() !== null });
      if (!restarting) void askToRestart(reason);
    },
    policy: createCrashPolicy(),
    // A restarted process gets the window's dataset and current model back before anything else.
    replay: createSessionReplay(),
    onReplayError: (error) => console.error(`Namesake: the restarted training process refused what the last one held: ${error.message}`),
  });

  async function askToRestart(reason: string): Promise<void> {
    const options = {
      type: 'warning' as const,
      message: 'Training keeps stopping',
      detail: `The training process stopped ${CRASH_LIMIT_TEXT} (last: ${reason}). Start it again?`,
      buttons: ['Start again', 'Not now'],
      defaultId: 0,
      cancelId: 1,
    };
    const { response } = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
    if (response === 0) host.ensureRunning();
  }

  const sendMenu = (command: MenuCommand) => window?.webContents.send(EVENT_CHANNELS.menu, command);

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

  void app.whenReady().then(() => {
    hardenSession(session.defaultSession, devServer);
    protocol.handle(APP_SCHEME, (request) => serveAppFile(path.join(here, '../renderer'), request));
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(sendMenu, { isMac: process.platform === 'darwin', devTools: !app.isPackaged })));

    registerHandlers(
      ipcMain,
      createHandlers({
        host,
        library,
        dialogs: nativeDialogs(() => window),
        bundledNamesPath: path.join(here, 'data', 'names.txt'),
        isTraining: () => training,
      }),
      (event) => isOwnWindowFrame(event, window, devServer),
    );

    const placement = placeWindow(windowState.load(), screen.getAllDisplays().map((display) => display.workArea), screen.getPrimaryDisplay().workArea);
    window = createMainWindow(path.join(here, '../preload/preload.cjs'), devServer ?? APP_URL, placement);
    rememberWindow(window, windowState);
    // Every load of the page (and a reload) gets a fresh tick port.
    window.webContents.on('did-finish-load', connectTicks);
    // The window then says that its bridge is missing; the terminal gets why.
    window.webContents.on('preload-error', (_event, preloadPath, error) => console.error(`Namesake: the preload ${preloadPath} failed: ${error.stack ?? error.message}`));
    window.on('closed', () => (window = null));
    host.ensureRunning();
  });

  app.on('window-all-closed', () => app.quit());
  // A clean quit stops the process on purpose; an unsaved run's autosave stays to be offered next time.
  app.on('before-quit', () => host.dispose());
}

/** The library from before productName renamed the user-data folder (appData/namesake), carried over once. */
function carryOverLibrary(from: string, to: string): void {
  try {
    const done = migrateLibrary(from, to);
    if (done) console.log(`Namesake: the model library was ${done} from ${from} to ${to}`);
  } catch (error) {
    console.error(`Namesake: the model library in ${from} could not be carried over to ${to}: ${(error as Error).message}`);
  }
}
