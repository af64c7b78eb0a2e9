// The application menu, laid out as each platform expects: on macOS the app menu carries About,
// Settings and Quit, File ends with Close and there is a Window menu; elsewhere File carries
// Settings and ends with Quit, and Help has About. Commands that need the window's state (which
// model, which names) go to the renderer as MenuCommands; it answers through the same API as its
// buttons.

import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../contract/api.ts';

export const APP_NAME = 'Namesake';

export function menuTemplate(send: (command: MenuCommand) => void, options: { isMac: boolean; devTools: boolean }): MenuItemConstructorOptions[] {
  const item = (label: string, command: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({ label, accelerator, click: () => send(command) });
  const separator = { type: 'separator' } as const;
  const about = item(`About ${APP_NAME}`, 'about');
  const settings = item('Settings…', 'settings', 'CmdOrCtrl+,');
  const fileItems: MenuItemConstructorOptions[] = [
    item('Open names list…', 'open-names', 'CmdOrCtrl+O'),
    item('Import model…', 'import-model', 'CmdOrCtrl+Shift+O'),
    item('Export model…', 'export-model', 'CmdOrCtrl+Shift+S'),
    separator,
  ];

  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      ...(options.devTools ? [{ role: 'toggleDevTools' } as const, separator] : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  };

  if (options.isMac) {
    return [
      {
        role: 'appMenu',
        label: APP_NAME,
        submenu: [about, separator, settings, separator, { role: 'services' }, separator, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, separator, { role: 'quit' }],
      },
      { label: 'File', submenu: [...fileItems, { role: 'close', accelerator: 'Cmd+W' }] },
      { role: 'editMenu' },
      view,
      { role: 'windowMenu', submenu: [{ role: 'minimize', accelerator: 'Cmd+M' }, { role: 'zoom' }, separator, { role: 'front' }] },
    ];
  }
  return [
    { label: 'File', submenu: [...fileItems, settings, separator, { role: 'quit' }] },
    { role: 'editMenu' },
    view,
    { role: 'help', submenu: [about] },
  ];
}
