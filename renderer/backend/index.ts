// The backend is picked once at startup: Electron's preload exposes window.namesake; a plain browser
// gets the Web Worker implementation (loaded lazily, so the Electron bundle never starts a worker).
// Under Electron without the preload the window says so: the browser build's worker and IndexedDB
// would keep models where the desktop app never looks.

import type { NamesakeApi } from '../../contract/api.ts';

declare global {
  interface Window {
    namesake?: NamesakeApi;
  }
}

export const MISSING_PRELOAD =
  'the desktop app’s bridge to its main process (the preload script) did not load, so the window cannot reach the training process or the model library. ' +
  'Reinstall Namesake or rebuild it (npm run build); started from a terminal, it prints why the preload failed.';

/** The desktop app's window: Electron's user agent, or our own namesake:// page. */
export function isElectronWindow(win: Pick<Window, 'navigator' | 'location'>): boolean {
  return /\bElectron\//.test(win.navigator?.userAgent ?? '') || win.location?.protocol === 'namesake:';
}

export async function pickBackend(win: Window = window): Promise<NamesakeApi> {
  if (win.namesake) return win.namesake;
  if (isElectronWindow(win)) throw new Error(MISSING_PRELOAD);
  const { createWebBackend } = await import('./web-backend.ts');
  return createWebBackend();
}
