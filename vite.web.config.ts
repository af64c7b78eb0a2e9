// The browser build: the same renderer, with the Web Worker backend (no window.namesake).
// `npm run web` builds it and serves it on http://localhost:4173, cross-origin isolated (COOP and
// COEP), so that the training worker may share memory with a second kernel thread.
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { CROSS_ORIGIN_ISOLATION } from './contract/web-host.ts';

const root = fileURLToPath(new URL('./renderer', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [svelte()],
  worker: { format: 'es' },
  server: { headers: CROSS_ORIGIN_ISOLATION, fs: { allow: [fileURLToPath(new URL('.', import.meta.url))] } },
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // The names file must stay a separate asset (fetched under the CSP's connect-src 'self').
    assetsInlineLimit: 0,
  },
  preview: { port: 4173, strictPort: false, headers: CROSS_ORIGIN_ISOLATION },
});
