// The Electron build: main (with the training process, node/training-process.ts, as a second entry,
// and the bundled names list), the sandboxed preload as one CommonJS file, and the Svelte renderer
// from renderer/.

import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'electron-vite';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = import.meta.dirname;

/** Ships data/names.txt next to main's bundle (out/main/data/names.txt), where main reads it. */
const bundledNames = {
  name: 'namesake-bundled-names',
  generateBundle(this: { emitFile(file: { type: 'asset'; fileName: string; source: Uint8Array }): void }) {
    this.emitFile({ type: 'asset', fileName: 'data/names.txt', source: readFileSync(resolve(root, 'data/names.txt')) });
  },
};

/** Ships the window icon (Linux and Windows; macOS uses the bundle's) next to main's bundle: out/main/icon.png. */
const windowIcon = {
  name: 'namesake-window-icon',
  generateBundle(this: { emitFile(file: { type: 'asset'; fileName: string; source: Uint8Array }): void }) {
    this.emitFile({ type: 'asset', fileName: 'icon.png', source: readFileSync(resolve(root, 'build/icons/512x512.png')) });
  },
};

export default defineConfig({
  main: {
    plugins: [bundledNames, windowIcon],
    build: {
      rolldownOptions: {
        input: {
          main: resolve(root, 'electron/main.ts'),
          'training-process': resolve(root, 'node/training-process.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rolldownOptions: {
        input: { preload: resolve(root, 'electron/preload.ts') },
        // A sandboxed preload cannot load ES modules or other chunks: one CommonJS file.
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [svelte()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
});
