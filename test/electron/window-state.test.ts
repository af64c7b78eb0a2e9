// The window's place saved through electron-store's own storage (conf on a temporary directory)
// as it closes, read back at the next start, and used by the window; `electron` is mocked.

import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openConf } from './helpers/conf-store.ts';

const created = vi.hoisted(() => [] as { options: Record<string, unknown>; calls: string[]; ready?: () => void }[]);
vi.mock('electron', () => ({
  BrowserWindow: class {
    calls: string[] = [];
    ready?: () => void;
    constructor(public options: Record<string, unknown>) {
      created.push(this as never);
    }
    once(event: string, listener: () => void) {
      if (event === 'ready-to-show') this.ready = listener;
    }
    maximize() {
      this.calls.push('maximize');
    }
    show() {
      this.calls.push('show');
    }
    loadURL() {
      return Promise.resolve();
    }
  },
}));

const { createWindowStateStore, rememberWindow } = await import('../../electron/window-state.ts');
const { createMainWindow } = await import('../../electron/window.ts');
const { placeWindow } = await import('../../electron/window-bounds.ts');

let dir: string;
beforeEach(() => void (dir = mkdtempSync(path.join(tmpdir(), 'namesake-window-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A window that can be closed, with the bounds it had before it was maximised. */
function closingWindow(normal: { x: number; y: number; width: number; height: number }, maximized: boolean) {
  let onClose = () => {};
  return {
    getNormalBounds: () => normal,
    isMaximized: () => maximized,
    once: (_event: 'close', listener: () => void) => void (onClose = listener),
    close: () => onClose(),
  };
}

const screenArea = { x: 0, y: 0, width: 1920, height: 1080 };

describe('the window’s place across launches', () => {
  it('is saved as the window closes (its normal bounds, and that it was maximised) and read back by the next launch', () => {
    expect(createWindowStateStore(dir, openConf).load()).toBeNull(); // the first launch
    const window = closingWindow({ x: 200, y: 120, width: 1100, height: 760 }, true);
    rememberWindow(window, createWindowStateStore(dir, openConf));
    window.close();

    const next = createWindowStateStore(dir, openConf).load();
    expect(next).toEqual({ bounds: { x: 200, y: 120, width: 1100, height: 760 }, maximized: true });
    createMainWindow('/preload.cjs', 'namesake://app/index.html', placeWindow(next, [screenArea], screenArea));
    const opened = created.at(-1)!;
    expect(opened.options).toMatchObject({ x: 200, y: 120, width: 1100, height: 760, show: false });
    opened.ready!();
    expect(opened.calls).toEqual(['maximize', 'show']);
  });

  it('opens at the default place when the saved file is damaged, and moves that file aside', () => {
    writeFileSync(path.join(dir, 'window-state.json'), '{"formatVersion":1,"bounds":{"x":"left"}');
    expect(createWindowStateStore(dir, openConf).load()).toBeNull();
    expect(readdirSync(dir).some((f) => f.startsWith('window-state.json.unreadable-'))).toBe(true);
    const store = createWindowStateStore(dir, openConf);
    store.save({ bounds: { x: 1, y: 2, width: 900, height: 600 }, maximized: false });
    expect(store.load()).toEqual({ bounds: { x: 1, y: 2, width: 900, height: 600 }, maximized: false });
  });

  it('opens a window without a saved place at the default size, not maximised', () => {
    createMainWindow('/preload.cjs', 'namesake://app/index.html', placeWindow(null, [screenArea], screenArea));
    const opened = created.at(-1)!;
    expect(opened.options).toMatchObject({ width: 1280, height: 840 });
    expect(opened.options).not.toHaveProperty('x');
    opened.ready!();
    expect(opened.calls).toEqual(['show']);
  });
});
