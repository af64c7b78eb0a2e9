// The one window, with the security settings of security.ts and shown once it has painted.

import { BrowserWindow } from 'electron';
import { secureWebPreferences } from './security.ts';

export function createMainWindow(preload: string, url: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 840,
    minWidth: 800,
    minHeight: 560,
    title: 'Namesake',
    show: false,
    webPreferences: secureWebPreferences(preload),
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(url);
  return window;
}
