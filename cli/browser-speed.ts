// `bench --browser`: does the speed hold in the browser build? The built web app, served as
// `npm run web` serves it (cross-origin isolated, so its worker takes a second kernel thread),
// trains W1 in its Web Worker in Debian's Chromium while the page shows progress; its tokens/s (the
// trainer's own figure, shown in the Training panel) against the CLI's trainer on the fastest
// kernels here.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { datasetFromFiles } from '../core/dataset.ts';
import { validateSettings } from '../core/settings.ts';
import { createTrainer } from '../core/trainer.ts';
import { createFastKernels } from '../node/kernels.ts';
import { CROSS_ORIGIN_ISOLATION } from '../contract/web-host.ts';
import { buildWeb, hasChromium, LAUNCH, serve } from '../node/web-harness.ts';
import { BUNDLED_NAMES } from './io.ts';

const W1 = { hiddenSize: 128, batchSize: 32, optimizer: 'adam', learningRate: 0.002 } as const;

export type BrowserSpeed = { cliTokensPerSecond: number; browserTokensPerSecond: number; ratio: number };

export async function measureBrowserSpeed(seconds: number): Promise<BrowserSpeed | null> {
  if (!hasChromium) return null;
  const kernels = await createFastKernels();
  const trainer = createTrainer(datasetFromFiles([{ fileName: 'names.txt', bytes: readFileSync(BUNDLED_NAMES) }]),
    validateSettings({ ...W1, stop: { seconds } }), { kernels });
  while (trainer.step());
  kernels.dispose?.();
  const cliTokensPerSecond = trainer.progress().tokensPerSecond;
  const browserTokensPerSecond = await browserRate(seconds);
  return { cliTokensPerSecond, browserTokensPerSecond, ratio: cliTokensPerSecond / browserTokensPerSecond };
}

async function browserRate(seconds: number): Promise<number> {
  const out = mkdtempSync(join(tmpdir(), 'namesake-web-'));
  const { chromium } = await import('playwright-core');
  await buildWeb(out);
  const server = await serve(out, CROSS_ORIGIN_ISOLATION);
  const browser = await chromium.launch(LAUNCH);
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.getByText(/Loaded 29,494 names/).waitFor();
    const field = (name: RegExp) => page.getByRole('spinbutton', { name });
    // W1's own size and rate, not those 'auto' would choose
    await page.getByRole('checkbox', { name: /^Choose for the list/ }).uncheck();
    await page.getByRole('checkbox', { name: /^Choose for the hidden size/ }).uncheck();
    await field(/^Hidden size/).fill(String(W1.hiddenSize));
    await field(/^Batch size/).fill(String(W1.batchSize));
    await field(/^Learning rate/).fill(String(W1.learningRate));
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.waitForTimeout((seconds + 1) * 1000);
    const shown = await page.locator('dt:text-is("Tokens/s") + dd').textContent();
    return Number((shown ?? '').replace(/,/g, ''));
  } finally {
    await browser.close();
    await server.close();
    rmSync(out, { recursive: true, force: true });
  }
}
