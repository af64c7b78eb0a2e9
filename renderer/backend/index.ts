// The backend is picked once at startup: Electron's preload exposes window.namesake; a plain browser
// gets the Web Worker implementation (loaded lazily, so the Electron bundle never starts a worker).

import type { NamesakeApi } from '../../electron/contract.ts';

declare global {
  interface Window {
    namesake?: NamesakeApi;
  }
}

export async function pickBackend(win: Window = window): Promise<NamesakeApi> {
  if (win.namesake) return win.namesake;
  const { createWebBackend } = await import('./web-backend.ts');
  return createWebBackend();
}
