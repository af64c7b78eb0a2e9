// The one window, shown where it was left once it has painted. Its web preferences are written out
// here, in the constructor call, so that static checkers (electronegativity) see them.

import { BrowserWindow } from 'electron';
import path from 'node:path';
import { DEFAULT_SIZE, type WindowPlacement } from './window-bounds.ts';

/** placement: where it was left (window-bounds.ts), else the default size, centred. */
export function createMainWindow(preload: string, url: string, placement: WindowPlacement = { bounds: DEFAULT_SIZE, maximized: false }): BrowserWindow {
  const window = new BrowserWindow({
    ...placement.bounds,
    minWidth: 800,
    minHeight: 560,
    title: 'Namesake',
    // Linux and Windows show this in the title bar and task switcher; macOS takes the bundle's icon.
    // Bundled into out/main/main.js, so this is out/main/icon.png (electron.vite.config.ts).
    icon: path.join(import.meta.dirname, 'icon.png'),
    show: false,
    webPreferences: {
      preload,
      // The renderer shows file contents and model data: it gets no Node, its own JS world, and
      // Chromium's sandbox, so a bug in it cannot reach the file system or main's objects.
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      // Dropping a file on the window must not navigate to it: the renderer reads drops itself.
      navigateOnDragDrop: false,
      // Middle-click would open links in a new window (refused anyway by setWindowOpenHandler).
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => {
    if (placement.maximized) window.maximize();
    window.show();
  });
  void window.loadURL(url);
  return window;
}
