// `bench --browser`: what the browser build's kind of Web Worker reaches at H=384 and H=128, and
// whether a cross-origin-isolated page (COOP: same-origin, COEP: require-corp) gives it a second
// thread. A worker (browser/worker.ts, bundled here with esbuild) trains the bundled names in
// Debian's Chromium, served twice by the web harness's loopback server: with and without those two headers.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CROSS_ORIGIN_ISOLATION } from '../../contract/web-host.ts';
import { hasChromium, LAUNCH, serve } from '../../node/web-harness.ts';
import type { BrowserRunRequest, BrowserRunResult } from './browser/worker.ts';

export type BrowserThreadRun = { isolatedHeaders: boolean; hiddenSize: number; threads: 1 | 2; result: BrowserRunResult };

const WORKER = fileURLToPath(new URL('./browser/worker.ts', import.meta.url));
const NAMES = fileURLToPath(new URL('../../data/names.txt', import.meta.url));
const PAGE = '<!doctype html><meta charset="utf-8"><title>namesake worker threads</title>';

/** Each (headers, H, threads) run's result in Chromium; null without Chromium. */
export async function measureBrowserThreads(seconds: number, log: (line: string) => void): Promise<BrowserThreadRun[] | null> {
  if (!hasChromium) return null;
  const { build } = await import('esbuild');
  const bundle = await build({ entryPoints: [WORKER], bundle: true, format: 'iife', platform: 'browser', target: 'chrome114', write: false, logLevel: 'warning' });
  const names = readFileSync(NAMES, 'utf8');
  const dir = mkdtempSync(join(tmpdir(), 'namesake-worker-'));
  writeFileSync(join(dir, 'index.html'), PAGE);
  writeFileSync(join(dir, 'worker.js'), bundle.outputFiles[0]!.text);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch(LAUNCH);
  const runs: BrowserThreadRun[] = [];
  try {
    for (const isolatedHeaders of [false, true]) {
      const server = await serve(dir, isolatedHeaders ? CROSS_ORIGIN_ISOLATION : {});
      try {
        const page = await browser.newPage();
        await page.goto(server.url);
        for (const [hiddenSize, threads] of [[384, 1], [384, 2], [128, 1], [128, 2]] as const) {
          const request: BrowserRunRequest = { names, hiddenSize, seconds, threads };
          const result = await page.evaluate((message) => new Promise<BrowserRunResult>((resolve) => {
            const worker = new Worker('/worker.js');
            worker.onmessage = (event) => (resolve(event.data as BrowserRunResult), worker.terminate());
            worker.onerror = (event) => resolve({ error: event.message });
            worker.postMessage(message);
          }), request);
          runs.push({ isolatedHeaders, hiddenSize, threads, result });
          log(`  ${isolatedHeaders ? 'COOP+COEP' : 'no COOP/COEP'}, H=${hiddenSize}, ${threads} thread${threads > 1 ? 's' : ''}: ${describe(result)}`);
        }
        await page.close();
      } finally {
        await server.close();
      }
    }
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return runs;
}

function describe(result: BrowserRunResult): string {
  if ('error' in result) return `not available (${result.error})`;
  return `${Math.round(result.tokensPerSecond).toLocaleString('en-US')} tokens/s on ${result.threads} thread${result.threads > 1 ? 's' : ''}` +
    ` (crossOriginIsolated ${result.isolated}, ${result.fma ? 'relaxed SIMD' : 'no relaxed SIMD'})`;
}
