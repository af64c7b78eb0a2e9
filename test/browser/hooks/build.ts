// The browser build with the test's hooks: the renderer's charts get chart.js and the draw queue
// through the wrappers beside this file, so the shipped build carries no test code.

import { join } from 'node:path';
import type { Plugin } from 'vite';
import { ROOT } from '../../../node/web-harness.ts';

const CHARTS = join(ROOT, 'renderer/charts/');
const REDIRECTS: Record<string, string> = {
  'chart.js': join(ROOT, 'test/browser/hooks/chart.ts'),
  './draw-queue.ts': join(ROOT, 'test/browser/hooks/draw-queue.ts'),
};

/** Redirects only the imports made by renderer/charts/*, so the wrappers still reach the real modules. */
const testHooks: Plugin = {
  name: 'namesake-test-hooks',
  enforce: 'pre',
  resolveId(source, importer) {
    return importer?.split('?')[0]!.startsWith(CHARTS) ? REDIRECTS[source] ?? null : null;
  },
};

/** As node/web-harness.ts buildWeb, with the hooks. */
export async function buildWebWithHooks(outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'vite.web.config.ts'), logLevel: 'warn', plugins: [testHooks], build: { outDir, emptyOutDir: true } });
}
