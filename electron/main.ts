// The main process: app lifecycle, one window, the menu, the training process and the library.
// It stays out of the hot path: ticks go from the training process to the window over a
// MessagePort; main sees only requests, state changes and the 5-second autosaves.

import { app, BrowserWindow, ipcMain, Menu, protocol, screen, session } from 'electron';
import ElectronStore from 'electron-store';
import path from 'node:path';
import { serveAppFile } from './app-protocol.ts';
import type { MenuCommand } from '../contract/api.ts';
import { EVENT_CHANNELS } from '../contract/channels.ts';
import { nativeDialogs } from './dialogs.ts';
import { registerHandlers } from './ipc.ts';
import { createHandlers } from './ipc-handlers.ts';
import { createLibrary } from './library.ts';
import { menuTemplate } from './menu.ts';
import { APP_SCHEME, APP_URL, hardenSession, hardenWebContents, isOwnWindowFrame } from './security.ts';
import type { OpenStore } from './store-file.ts';
import { linkTraining } from './training-link.ts';
import { migrateLibrary } from './user-data-migration.ts';
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
  const openStore = (({ cwd, name, schema, clearInvalidConfig }) => new ElectronStore({ cwd, name, schema, clearInvalidConfig })) as OpenStore;
  const windowState = createWindowStateStore(app.getPath('userData'), openStore);
  const libraryDir = path.join(app.getPath('userData'), 'library');
  carryOverLibrary(path.join(app.getPath('appData'), 'namesake', 'library'), libraryDir);
  const library = createLibrary({ dir: libraryDir, open: openStore });

  const { host, isTraining, connectTicks } = linkTraining(path.join(here, 'training-process.js'), library, () => window);

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
        isTraining,
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
