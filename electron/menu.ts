// The application menu. Commands that need the window's state (which model, which names) go to the
// renderer as MenuCommands; it answers through the same API as its buttons.

import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from './contract.ts';

export function menuTemplate(send: (command: MenuCommand) => void, options: { isMac: boolean; devTools: boolean }): MenuItemConstructorOptions[] {
  const item = (label: string, command: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({ label, accelerator, click: () => send(command) });
  return [
    ...(options.isMac ? [{ role: 'appMenu' } as const] : []),
    {
      label: 'File',
      submenu: [
        item('Open names list…', 'open-names', 'CmdOrCtrl+O'),
        item('Import model…', 'import-model', 'CmdOrCtrl+Shift+O'),
        item('Export model…', 'export-model', 'CmdOrCtrl+Shift+S'),
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        ...(options.devTools ? [{ role: 'toggleDevTools' } as const, { type: 'separator' } as const] : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'help', submenu: [item('About Namesake', 'about')] },
  ];
}
