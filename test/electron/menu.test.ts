// The application menu as each platform expects it, and every command item sending its command.

import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { MenuCommand } from '../../contract/api.ts';
import { menuTemplate } from '../../electron/menu.ts';

function build(isMac: boolean) {
  const sent: MenuCommand[] = [];
  const template = menuTemplate((command) => sent.push(command), { isMac, devTools: false });
  const menu = (labelOrRole: string) => template.find((m) => m.label === labelOrRole || m.role === labelOrRole);
  const items = (labelOrRole: string) => (menu(labelOrRole)?.submenu ?? []) as MenuItemConstructorOptions[];
  const click = (item: MenuItemConstructorOptions | undefined) => (item!.click as () => void)();
  /** Each item as its label or role, separators as '-', with its accelerator. */
  const outline = (labelOrRole: string) => items(labelOrRole).map((i) => (i.type === 'separator' ? '-' : `${i.label ?? i.role}${i.accelerator ? ` ${i.accelerator}` : ''}`));
  return { template, sent, menu, items, click, outline };
}

describe('the application menu', () => {
  it('on macOS: About, Settings… ⌘, and Quit in the app menu, File ends with Close ⌘W, a Window menu with ⌘M', () => {
    const { template, sent, menu, items, click, outline } = build(true);
    expect(template.map((m) => m.label ?? m.role)).toEqual(['Namesake', 'File', 'editMenu', 'View', 'windowMenu']);
    expect(menu('Namesake')!.role).toBe('appMenu');
    expect(outline('Namesake')).toEqual(['About Namesake', '-', 'Settings… CmdOrCtrl+,', '-', 'services', '-', 'hide', 'hideOthers', 'unhide', '-', 'quit']);
    expect(outline('File')).toEqual(['Open names list… CmdOrCtrl+O', 'Import model… CmdOrCtrl+Shift+O', 'Export model… CmdOrCtrl+Shift+S', '-', 'close Cmd+W']);
    expect(outline('windowMenu')).toEqual(['minimize Cmd+M', 'zoom', '-', 'front']);
    click(items('Namesake')[0]);
    click(items('Namesake')[2]);
    expect(sent).toEqual(['about', 'settings']);
    // Quit lives in the app menu only.
    expect(template.filter((m) => m.label !== 'Namesake').flatMap((m) => (m.submenu ?? []) as MenuItemConstructorOptions[]).some((i) => i.role === 'quit')).toBe(false);
  });

  it('on Windows and Linux: File carries Settings… and ends with Quit, Help has About, no app or Window menu', () => {
    const { template, sent, items, click, outline } = build(false);
    expect(template.map((m) => m.label ?? m.role)).toEqual(['File', 'editMenu', 'View', 'help']);
    expect(outline('File')).toEqual(['Open names list… CmdOrCtrl+O', 'Import model… CmdOrCtrl+Shift+O', 'Export model… CmdOrCtrl+Shift+S', '-', 'Settings… CmdOrCtrl+,', '-', 'quit']);
    expect(outline('help')).toEqual(['About Namesake']);
    click(items('File')[0]);
    click(items('File')[4]);
    click(items('help')[0]);
    expect(sent).toEqual(['open-names', 'settings', 'about']);
  });

  it('shows the developer tools item only when asked (unpackaged builds)', () => {
    const withTools = menuTemplate(() => {}, { isMac: false, devTools: true }).find((m) => m.label === 'View')!.submenu as MenuItemConstructorOptions[];
    const without = menuTemplate(() => {}, { isMac: false, devTools: false }).find((m) => m.label === 'View')!.submenu as MenuItemConstructorOptions[];
    expect(withTools[0]!.role).toBe('toggleDevTools');
    expect(without.some((i) => i.role === 'toggleDevTools')).toBe(false);
  });
});
