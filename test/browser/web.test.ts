// The browser build end to end in Debian's Chromium: drop names, read the import report, train
// (watching for long tasks on the page), see the loss fall and the gradient charts fill, generate,
// save, reload and find the model again, inspect a name, drop a bad file without losing
// anything, and resume a run interrupted by a reload. Screenshots of each state go to test-artifacts/ (gitignored).

import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CROSS_ORIGIN_ISOLATION } from '../../contract/web-host.ts';
import { hasChromium, LAUNCH, ROOT, serve } from '../../node/web-harness.ts';
import { buildWebWithHooks } from './hooks/build.ts';

if (!hasChromium) console.warn('test/browser/web.test.ts skipped: /usr/bin/chromium is missing (apt-get install chromium; .ci/run does it)');

type Probe = { longTasks: { start: number; duration: number }[]; csp: string[] };
declare global {
  interface Window {
    __probe: Probe;
    __namesakeCharts?: Map<string, { data: { datasets: { data: { x: number; y: number }[] }[] } }>;
  }
}

const ARTIFACTS = join(ROOT, 'test-artifacts');
const bundled = readFileSync(join(ROOT, 'data/names.txt'), 'utf8').split('\n');
/** 800 real names, then a blank line, a duplicate and a right-to-left name: skipped lines to report. */
const PETS = [...bundled.slice(0, 400), '', bundled[0], ...bundled.slice(400, 800), 'سارة'].join('\n') + '\n';
const PETS_NAMES = 801;

describe.skipIf(!hasChromium)('the browser build', () => {
  let browser: Browser;
  let page: Page;
  let server: Awaited<ReturnType<typeof serve>>;
  /** The page's console warnings (the training worker's are forwarded there). */
  const warnings: string[] = [];
  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `web-${name}.png`) });

  beforeAll(async () => {
    const out = join(ROOT, 'dist/web-test');
    await buildWebWithHooks(out); // window.__namesakeCharts and __namesakeDrawTimes
    server = await serve(out, CROSS_ORIGIN_ISOLATION); // as `npm run web` serves it (vite.web.config.ts)
    mkdirSync(ARTIFACTS, { recursive: true });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch(LAUNCH);
    const context = await browser.newContext({ viewport: { width: 1440, height: 960 }, colorScheme: 'light' });
    await context.addInitScript(() => {
      const probe: Probe = { longTasks: [], csp: [] };
      window.__probe = probe;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) probe.longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
      document.addEventListener('securitypolicyviolation', (e) => probe.csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    page = await context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    page.on('console', (m) => void (m.type() === 'warning' && warnings.push(m.text())));
    await page.goto(server.url);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function dropFile(selector: string, fileName: string, content: string | number[]) {
    await page.evaluate(
      ({ selector, fileName, content }) => {
        const data = typeof content === 'string' ? content : new Uint8Array(content);
        const transfer = new DataTransfer();
        transfer.items.add(new File([data], fileName, { type: 'text/plain' }));
        const target = document.querySelector(selector)!;
        for (const type of ['dragenter', 'dragover', 'drop']) {
          target.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
        }
      },
      { selector, fileName, content },
    );
  }

  const namesCount = () => page.getByTestId('names-count').textContent();
  const chartData = (label: string, dataset: number) =>
    page.evaluate(([label, dataset]) => window.__namesakeCharts?.get(label as string)?.data.datasets[dataset as number]?.data.map((p) => p.y) ?? [], [label, dataset] as const);

  /**
   * The kernel helper workers running from `origin`: a worker of the training worker, which
   * Playwright does not list (only the page's own workers); the browser's CDP targets list all.
   */
  async function kernelHelpers(origin: string): Promise<string[]> {
    const cdp = await browser.newBrowserCDPSession();
    const { targetInfos } = await cdp.send('Target.getTargets');
    await cdp.detach();
    return targetInfos.filter((t) => t.type === 'worker' && t.url.startsWith(origin) && t.url.includes('/assets/kernel-helper-')).map((t) => t.url);
  }

  /** Long tasks and chart draws on the page over the next `ms`, logged. */
  async function watchWindow(ms: number): Promise<{ longTasks: Probe['longTasks'] }> {
    const from = await page.evaluate(() => performance.now());
    await page.waitForTimeout(ms);
    const to = await page.evaluate(() => performance.now());
    const longTasks = (await page.evaluate(() => window.__probe.longTasks)).filter((t) => t.start >= from && t.start <= to);
    const drawLog = (await page.evaluate(() => (globalThis as { __namesakeDrawTimes?: [string, number, number][] }).__namesakeDrawTimes ?? []))
      .filter(([, start]) => start >= from && start <= to);
    const draws = drawLog.map(([, , ms]) => ms);
    console.log(`while training ${((to - from) / 1000).toFixed(1)} s: ${longTasks.length} long tasks` +
      (longTasks.length ? ` (longest ${Math.max(...longTasks.map((t) => t.duration)).toFixed(0)} ms)` : '') +
      `; ${draws.length} chart draws, longest ${Math.max(...draws).toFixed(1)} ms, mean ${(draws.reduce((a, b) => a + b, 0) / draws.length).toFixed(1)} ms` +
      `; draws over 25 ms: ${JSON.stringify(drawLog.filter(([, , ms]) => ms > 25).map(([n, s, ms]) => [n, Math.round(s), Math.round(ms)]))}`);
    return { longTasks };
  }

  it('loads the bundled names at first start, under the strict CSP', async () => {
    await expect.poll(namesCount, { timeout: 20_000 }).toBe('29,494');
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect((await page.getByRole('button', { name: 'Train', exact: true }).isEnabled())).toBe(true);
    await shot('01-start');
  });

  it('imports a dropped names file and shows its report with line numbers', async () => {
    await dropFile('[aria-label="Drop names files here"]', 'pets.txt', PETS);
    await expect.poll(namesCount).toBe(String(PETS_NAMES));
    const report = page.getByTestId('import-report');
    await report.locator('summary').click();
    await expect.poll(() => report.locator('summary').textContent()).toContain(`${PETS_NAMES} accepted, 2 skipped`);
    const skipped = await report.getByRole('listitem').allTextContents();
    expect(skipped.map((s) => s.replace(/\s+/g, ' ').trim())).toEqual(['line 401 blank line', expect.stringMatching(/^line 402 duplicate emma/)]);
    // the right-to-left name made it into the alphabet and is shown isolated
    expect(await page.getByLabel('Alphabet').textContent()).toContain('س');
    await shot('02-imported');
  });

  it('trains off the UI thread: the loss falls, the gradient charts fill, the page never freezes', async () => {
    await page.getByRole('button', { name: /^Preset quick/ }).click();
    await page.getByRole('spinbutton', { name: /Train at most this many minutes/ }).fill('5');
    // these checks need training to go on for the whole test, not to end on a plateau
    await page.getByRole('checkbox', { name: /Stop when validation stops improving/ }).uncheck();
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => page.getByTestId('training-state').textContent()).toBe('Training');
    await page.waitForTimeout(500);
    const wallAtFrom = Date.now();
    const stepAtFrom = Number((await page.getByTestId('step').textContent())!.replace(/\D/g, ''));

    // The bar: a 7-s window of full-speed training with no long task (over 50 ms) on the page. On a
    // shared machine the page's thread is now and then descheduled mid-draw, so up to three windows
    // are watched and one must be clean: a task the page itself made long would spoil every window.
    // No task in any window may reach 100 ms, the time within which an interface must answer.
    const windows = [await watchWindow(7000)];
    while (windows.at(-1)!.longTasks.length > 0 && windows.length < 3) windows.push(await watchWindow(7000));
    expect(windows.flatMap((w) => w.longTasks).filter((t) => t.duration >= 100)).toEqual([]);
    expect(windows.at(-1)!.longTasks).toEqual([]);

    // Off the UI thread: block the page's main thread for 3 s, and the steps the worker took
    // meanwhile arrive as soon as it is free. Were training on this thread, no step would happen
    // during the block, and at most 0.4 s worth right after it. Twice that, 0.8 s worth, is asked
    // for: the worker's two kernel threads share this machine's two cores with the blocked page
    // (and the other test files), so it keeps only part of its rate meanwhile.
    const stepNow = async () => Number((await page.getByTestId('step').textContent())!.replace(/\D/g, ''));
    const rate = ((await stepNow()) - stepAtFrom) / ((Date.now() - wallAtFrom) / 1000);
    const beforeBlock = await stepNow();
    await page.evaluate(() => {
      const end = performance.now() + 3000;
      while (performance.now() < end);
    });
    await expect.poll(stepNow, { timeout: 400, interval: 50 }).toBeGreaterThan(beforeBlock + rate * 0.8);
    console.log(`main thread blocked 3 s at ${rate.toFixed(0)} steps/s: ${(await stepNow()) - beforeBlock} steps arrived after it`);

    const smoothed = await chartData('Loss', 1);
    expect(smoothed.length).toBeGreaterThan(100);
    expect((await chartData('Loss', 2)).length).toBeGreaterThan(0); // validation points
    const uniform = await chartData('Loss', 3);
    const alphabet = (await page.getByLabel('Alphabet').textContent())!.split(' ').length;
    expect(uniform[0]).toBeCloseTo(Math.log(alphabet + 1), 6); // the reference line: ln A
    // training starts at the uniform guess ln A (core's trainer test) and falls well below it; the
    // bounded series merges old points, so its first point is already an average of many steps
    expect(uniform[0]! - smoothed.at(-1)!).toBeGreaterThan(0.5);
    const profile = await chartData('Gradient norm per timestep', 0);
    expect(profile.length).toBeGreaterThan(2);
    // two kernel threads: the page is cross-origin isolated, and the training worker started its helper
    expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
    expect(await kernelHelpers(server.url)).toHaveLength(1);
    expect(warnings.filter((w) => /thread|kernels/.test(w))).toEqual([]);
    expect(profile.every((y) => y > 0 && Number.isFinite(y))).toBe(true);
    const columns = Number(await page.locator('canvas.heatmap').getAttribute('data-columns'));
    expect(columns).toBeGreaterThan(10);
    const painted = await page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('canvas.heatmap')!;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      const colours = new Set<number>();
      for (let i = 0; i < data.length; i += 4 * 97) colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
      return colours.size;
    });
    expect(painted).toBeGreaterThan(5);
    expect((await chartData('Gradient norm per parameter', 0)).length).toBeGreaterThan(5);
    await shot('03-training');
  }, 90_000);

  it('pauses, generates names with their probabilities, and stops', async () => {
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await expect.poll(() => page.getByTestId('training-state').textContent()).toBe('Paused');
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    const results = page.getByRole('list', { name: 'Generated names' }).getByRole('listitem');
    await expect.poll(() => results.count()).toBe(20);
    const first = await results.first().textContent();
    expect(first).toMatch(/%/);
    expect(first).toMatch(/new|in training set/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export…' }).click()]);
    expect(download.suggestedFilename()).toBe('names.txt');
    await shot('04-generated');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.evaluate(() => document.querySelector('.main')!.scrollTo(0, 0));
    await expect.poll(() => chartData('Loss', 1).then((d) => d.length)).toBeGreaterThan(100); // re-created in the dark palette
    await shot('04b-paused-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByRole('button', { name: 'Resume', exact: true }).click();
    await expect.poll(() => page.getByTestId('training-state').textContent()).toBe('Training');
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect.poll(() => page.getByTestId('training-state').textContent()).toBe('Stopped');
  });

  it('saves the model, and finds it again after a reload', async () => {
    await page.getByRole('textbox', { name: 'Name for the current model' }).fill('Pets run');
    await page.getByRole('button', { name: 'Save current model' }).click();
    const saved = page.getByRole('list', { name: 'Saved models' });
    await expect.poll(() => saved.textContent()).toContain('Pets run');
    await shot('05-saved');

    await page.reload();
    await expect.poll(namesCount, { timeout: 20_000 }).toBe('29,494');
    await expect.poll(() => page.getByRole('list', { name: 'Saved models' }).textContent()).toContain('Pets run');
    await page.getByRole('checkbox', { name: 'Compare Pets run' }).check();
    await expect.poll(() => chartData('Validation loss of selected models', 0).then((d) => d.length)).toBeGreaterThan(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export Pets run' }).click()]);
    expect(download.suggestedFilename()).toBe('Pets run.model.json');
    await page.getByRole('region', { name: 'Models' }).scrollIntoViewIfNeeded();
    await shot('05b-library-after-reload');
    await page.getByRole('button', { name: 'Load Pets run' }).click();
    await expect.poll(() => page.getByTestId('current-model').textContent()).toContain('Pets run');
  });

  it('inspects a name with the loaded model', async () => {
    await page.getByRole('textbox', { name: 'Name to inspect' }).fill('anna');
    await page.getByRole('button', { name: 'Inspect', exact: true }).click();
    const rows = page.getByRole('table', { name: 'Next-character probabilities' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(5);
    expect(await page.getByTestId('inspect-summary').textContent()).toMatch(/P\(anna\) = [\d.]+%/);
    expect(await page.getByRole('img', { name: 'Hidden activations of anna' }).count()).toBe(1);
    await page.getByRole('img', { name: 'Hidden activations of anna' }).scrollIntoViewIfNeeded();
    await shot('06-inspect');
  });

  it('refuses a bad file with the engine’s message and keeps what was loaded', async () => {
    await dropFile('main', 'bad.txt', [0x61, 0x6e, 0x6e, 0x61, 0x0a, 0x00, 0x01, 0x02, 0x0a]);
    const notice = page.getByTestId('dataset-notice');
    await expect.poll(() => notice.textContent()).toContain('bad.txt');
    expect(await notice.textContent()).toMatch(/binary content/);
    expect(await notice.getAttribute('role')).toBe('alert');
    expect(await namesCount()).toBe('29,494');
    await page.getByTestId('dataset-notice').scrollIntoViewIfNeeded();
    await shot('07-bad-file');
  });

  it('offers to resume a run interrupted by a reload, from its autosaved checkpoint', async () => {
    const state = () => page.getByTestId('training-state').textContent();
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(state).toBe('Training');
    await page.waitForTimeout(6500); // the worker autosaves a checkpoint every 5 s
    await page.reload();
    const offer = page.getByRole('group', { name: 'Interrupted run' });
    await offer.waitFor({ timeout: 20_000 });
    const text = (await offer.textContent())!;
    expect(text).toContain('29,494 names');
    const savedSteps = Number(/([\d,]+) steps/.exec(text)![1]!.replace(/,/g, ''));
    expect(savedSteps).toBeGreaterThan(0);
    await offer.scrollIntoViewIfNeeded();
    await shot('09-recovery-offer');
    await page.getByRole('button', { name: 'Resume interrupted run' }).click();
    await expect.poll(state).toBe('Training');
    await expect.poll(async () => Number((await page.getByTestId('step').textContent())!.replace(/,/g, ''))).toBeGreaterThan(savedSteps);
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect.poll(state).toBe('Stopped');
    expect(await offer.count()).toBe(0);
  }, 60_000);

  it('follows a dark system theme, and nothing broke the CSP', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.evaluate(() => document.querySelector('.main')!.scrollTo(0, 0));
    await page.waitForTimeout(300);
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(18, 21, 27)');
    await shot('08-dark');
    expect(await page.evaluate(() => window.__probe.csp)).toEqual([]);
  });

  it('trains on one thread, without a word of warning, where the host sends no COOP/COEP', async () => {
    const plain = await serve(join(ROOT, 'dist/web-test'));
    const other = await browser.newPage();
    const said: string[] = [];
    other.on('console', (m) => void (m.type() === 'warning' && said.push(m.text())));
    try {
      await other.goto(plain.url);
      await expect.poll(() => other.getByTestId('names-count').textContent(), { timeout: 20_000 }).toMatch(/\d/);
      await other.getByRole('button', { name: /^Preset quick/ }).click();
      await other.getByRole('button', { name: 'Train', exact: true }).click();
      const step = async () => Number((await other.getByTestId('step').textContent())!.replace(/\D/g, ''));
      await expect.poll(step, { timeout: 20_000 }).toBeGreaterThan(100);
      expect(await other.evaluate(() => self.crossOriginIsolated)).toBe(false);
      expect(await kernelHelpers(plain.url)).toEqual([]);
      expect(said).toEqual([]);
    } finally {
      await other.close();
      await plain.close();
    }
  });
});
