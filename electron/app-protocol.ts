// Serves the built renderer under namesake://app/ with the Content-Security-Policy header: a
// custom protocol instead of file://, so the page has an origin of its own and no file on disk
// outside the renderer folder can be reached.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { contentSecurityPolicy } from './security.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** The file under root that a request asks for, or null when it points outside root. */
export function resolveAppFile(root: string, url: string): string | null {
  const { pathname } = new URL(url);
  let relative: string;
  try {
    relative = decodeURIComponent(pathname).replace(/^\/+/, '') || 'index.html';
  } catch {
    return null;
  }
  const file = path.resolve(root, relative);
  return file.startsWith(path.resolve(root) + path.sep) ? file : null;
}

export async function serveAppFile(root: string, request: { url: string }): Promise<Response> {
  const file = resolveAppFile(root, request.url);
  if (!file) return new Response('Not found', { status: 404 });
  try {
    const body = await readFile(file);
    return new Response(body, {
      headers: {
        'Content-Type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Security-Policy': contentSecurityPolicy(),
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch {
    return new Response('Not found', { status: 404 });
  }
}
