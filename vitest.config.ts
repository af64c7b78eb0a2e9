import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        // The engine, the CLI and the Electron shell: plain Node.
        extends: true,
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/renderer/**', 'test/browser/**'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        // The browser end to end measures long tasks on the page: it runs alone, after the rest,
        // so other test files do not take the CPU it is timing.
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          sequence: { groupOrder: 1 },
        },
      },
      {
        // Svelte components in jsdom (each file opts in with `// @vitest-environment jsdom`),
        // compiled for the browser so `mount` is the client one.
        extends: true,
        plugins: [svelte()],
        resolve: { conditions: ['browser'] },
        test: {
          name: 'renderer',
          sequence: { groupOrder: 0 },
          include: ['test/renderer/**/*.test.ts'],
          setupFiles: ['test/renderer/setup.ts'],
        },
      },
    ],
  },
});
