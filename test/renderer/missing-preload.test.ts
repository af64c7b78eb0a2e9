// @vitest-environment jsdom
// Under Electron the window must have the preload's API; without it the window says what is wrong
// and never starts the browser build's worker (whose IndexedDB the desktop app never reads).
import { render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import App from '../../renderer/App.svelte';
import { isElectronWindow, MISSING_PRELOAD, pickBackend } from '../../renderer/backend/index.ts';

const ELECTRON_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Namesake/0.1.0 Chrome/140.0.7339.41 Electron/45.5.0 Safari/537.36';
const CHROME_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';
const page = (userAgent: string, protocol: string) => ({ navigator: { userAgent }, location: { protocol } }) as unknown as Window;

afterEach(() => vi.restoreAllMocks());

describe('a window without the preload', () => {
  it('is recognised as Electron by its user agent or by our namesake:// origin, and a browser is not', () => {
    expect(isElectronWindow(page(ELECTRON_UA, 'http:'))).toBe(true); // the dev server under Electron
    expect(isElectronWindow(page(CHROME_UA, 'namesake:'))).toBe(true);
    expect(isElectronWindow(page(CHROME_UA, 'https:'))).toBe(false);
    expect(isElectronWindow(page('Mozilla/5.0 Electronics/1.0', 'http:'))).toBe(false);
  });

  it('refuses to fall back to the browser build under Electron', async () => {
    await expect(pickBackend(page(ELECTRON_UA, 'namesake:'))).rejects.toThrow(MISSING_PRELOAD);
    await expect(pickBackend(page(CHROME_UA, 'namesake:'))).rejects.toThrow(/preload script\) did not load/);
  });

  it('says so in the window, and starts no worker', async () => {
    vi.spyOn(navigator, 'userAgent', 'get').mockReturnValue(ELECTRON_UA);
    const worker = vi.fn();
    vi.stubGlobal('Worker', worker);
    render(App);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(`Namesake could not start its training engine: ${MISSING_PRELOAD}`);
    expect(worker).not.toHaveBeenCalled();
    vi.unstubAllGlobals();
  });
});
