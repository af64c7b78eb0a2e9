// Electron's security checklist (with the window's web preferences in window.ts): the
// Content-Security-Policy, navigation and window.open refusal, permissions, no remote
// content, and which IPC senders are ours (fiddle src/main/windows.ts and src/main/ipc.ts).

import type { IpcMainInvokeEvent, Session, WebContents } from 'electron';

/** The renderer is served from this origin by app-protocol.ts, never from file:// (checklist: custom protocol). */
export const APP_SCHEME = 'namesake';
export const APP_URL = `${APP_SCHEME}://app/index.html`;

/**
 * No remote origins at all: the app is offline. The renderer's meta tag says the same; the header
 * adds what a meta tag cannot (frame-ancestors). 'wasm-unsafe-eval' lets the WebAssembly kernels
 * compile; nothing allows eval or inline script. A dev server (electron-vite dev) needs its socket.
 */
export function contentSecurityPolicy(devServer?: string): string {
  const connect = devServer ? `'self' ${devServer} ${devServer.replace(/^http/, 'ws')}` : `'self'`;
  return [
    `default-src 'self'`,
    `script-src 'self' 'wasm-unsafe-eval'`,
    `worker-src 'self'`,
    `style-src 'self'`,
    `img-src 'self' data:`,
    `font-src 'self'`,
    `connect-src ${connect}`,
    `object-src 'none'`,
    `base-uri 'none'`,
    `form-action 'none'`,
    `frame-src 'none'`,
    `frame-ancestors 'none'`,
  ].join('; ');
}

/** Every web contents (the window, devtools, anything created later): no navigation, no new windows, no webviews. */
export function hardenWebContents(contents: WebContents): void {
  // The app is one page; following a link or a dropped file would put untrusted content in a window with our preload.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** The one permission the app uses: navigator.clipboard.writeText (Copy all) needs it. */
export const GRANTED_PERMISSION = 'clipboard-sanitized-write';

/** The window's session: one permission for our own page only, only our own origin (and a dev server) loaded, CSP on every response. */
export function hardenSession(session: Session, devServer?: string): void {
  // No camera, microphone, notifications, geolocation, clipboard reading, … : only writing plain text to the clipboard, from our page.
  const allowed = (permission: string, url: string, isMainFrame: boolean) => permission === GRANTED_PERMISSION && isMainFrame && isAppPage(url, devServer);
  session.setPermissionRequestHandler((contents, permission, callback, details) =>
    callback(allowed(permission, details.requestingUrl || contents.getURL(), details.isMainFrame)),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => allowed(permission, details.requestingUrl || requestingOrigin, details.isMainFrame));
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isOwnUrl(details.url, devServer) }));
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy(devServer)] } });
  });
}

/** Our page itself (namesake://app, or the dev server): not devtools, a data: or a blob: URL. */
export function isAppPage(url: string, devServer?: string): boolean {
  return !url.startsWith('devtools:') && !url.startsWith('data:') && !url.startsWith('blob:') && isOwnUrl(url, devServer);
}

export function isOwnUrl(url: string, devServer?: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'devtools:' || parsed.protocol === 'data:') return true;
  if (parsed.protocol === 'blob:') return isOwnUrl(url.slice('blob:'.length), devServer);
  // Node's URL gives a custom scheme no origin ("null"): compare scheme and host instead.
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === 'app') return true;
  return devServer !== undefined && parsed.origin === new URL(devServer).origin;
}

/** IPC is answered only for our window's top frame showing our page, never another frame or page. */
export function isOwnWindowFrame(event: IpcMainInvokeEvent, window: { webContents: { id: number } } | null, devServer?: string): boolean {
  const frame = event.senderFrame;
  if (!window || !frame || event.sender.id !== window.webContents.id) return false;
  if (frame.parent !== null) return false;
  return isAppPage(frame.url, devServer);
}
