// The window's place across launches: saved through electron-store (in the user-data folder) when
// the window closes, read back at the next start. A damaged file is moved aside like any store file
// (store-file.ts) and the window opens at its default place.

import type { BrowserWindow } from 'electron';
import { openStoreFile, type OpenStore, type StoreData } from './store-file.ts';
import type { SavedWindow } from './window-bounds.ts';

const FORMAT_VERSION = 1;

type WindowStateData = StoreData & SavedWindow;

const rectSchema = {
  type: 'object',
  required: ['x', 'y', 'width', 'height'],
  properties: { x: { type: 'number' }, y: { type: 'number' }, width: { type: 'number', exclusiveMinimum: 0 }, height: { type: 'number', exclusiveMinimum: 0 } },
} as const;

export type WindowStateStore = { load(): SavedWindow | null; save(state: SavedWindow): void };

export function createWindowStateStore(dir: string, open: OpenStore): WindowStateStore {
  const openState = () => openStoreFile<WindowStateData>(open, {
    cwd: dir, name: 'window-state',
    schema: { formatVersion: { type: 'integer', minimum: 1 }, bounds: rectSchema, maximized: { type: 'boolean' } },
    required: ['bounds', 'maximized'], formatVersion: FORMAT_VERSION,
  });
  return {
    load() {
      const { store } = openState();
      const bounds = store?.get('bounds');
      return store && bounds ? { bounds, maximized: store.get('maximized') } : null;
    },
    save({ bounds, maximized }) {
      const opened = openState();
      (opened.store ?? openState().store)?.set({ formatVersion: FORMAT_VERSION, bounds, maximized });
    },
  };
}

/** Save the window's normal bounds (not the maximised ones) and whether it is maximised, as it closes. */
export function rememberWindow(window: Pick<BrowserWindow, 'getNormalBounds' | 'isMaximized'> & { once(event: 'close', listener: () => void): unknown }, store: WindowStateStore): void {
  window.once('close', () => store.save({ bounds: window.getNormalBounds(), maximized: window.isMaximized() }));
}
