// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { CRASH_LIMIT } from '../../contract/crash-policy.ts';
import { pickBackend } from '../../renderer/backend/index.ts';
import { createWebBackend } from '../../renderer/backend/web-backend.ts';
import { createFakeApi } from './fake-api.ts';

/** A Worker stand-in that answers each request from a table and can "crash". */
class FakeWorker {
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  sent: { id: number; method: string; args: unknown[] }[] = [];
  terminated = false;
  constructor(private answers: Record<string, unknown>) {}
  postMessage(message: { id: number; method: string; args: unknown[] }) {
    this.sent.push(message);
    queueMicrotask(() => {
      const value = this.answers[message.method];
      this.onmessage?.({ data: value instanceof Error ? { id: message.id, ok: false, error: value.message } : { id: message.id, ok: true, value } } as MessageEvent);
    });
  }
  emit(data: unknown) {
    this.onmessage?.({ data } as MessageEvent);
  }
  crash(message: string) {
    this.onerror?.({ message, preventDefault() {} } as ErrorEvent);
  }
  terminate() {
    this.terminated = true;
  }
}

describe('the backend', () => {
  it('is the preload API when Electron provides one', async () => {
    const { api } = createFakeApi('electron');
    expect(await pickBackend({ namesake: api } as unknown as Window)).toBe(api);
  });

  it('in a browser, forwards requests to the worker, ticks to listeners and refusals as errors', async () => {
    const workers: FakeWorker[] = [];
    const api = createWebBackend({
      bundledUrl: '/names.txt',
      createWorker: () => {
        const w = new FakeWorker({ loadBundled: { names: 5 }, start: new Error('load a names file first'), list: { models: [], problems: [] }, recovery: null });
        workers.push(w);
        return w as unknown as Worker;
      },
    });
    expect(api.kind).toBe('web');
    expect(await api.datasets.loadBundled()).toEqual({ names: 5 });
    expect(workers[0]!.sent[0]).toMatchObject({ method: 'loadBundled', args: [new URL('/names.txt', location.href).href] });
    await expect(api.training.start({} as never)).rejects.toThrow('load a names file first');

    const ticks: unknown[] = [];
    const events: unknown[] = [];
    api.training.onTick((t) => ticks.push(t));
    api.training.onEvent((e) => events.push(e));
    workers[0]!.emit({ event: { type: 'tick', tick: { step: 1 } } });
    workers[0]!.emit({ event: { type: 'state', state: 'diverged', message: 'NaN' } });
    expect(ticks).toEqual([{ step: 1 }]);
    expect(events).toEqual([{ type: 'state', state: 'diverged', message: 'NaN' }]);

    // a crash: reported with its reason, a new worker gets the same dataset again
    workers[0]!.crash('out of memory');
    await new Promise((r) => setTimeout(r, 10));
    expect(workers[0]!.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(workers[1]!.sent[0]!.method).toBe('loadBundled');
    expect(events.at(-1)).toEqual({ type: 'crashed', reason: 'out of memory', restarting: true, canResume: false });
  });

  it('stops replacing a worker that reached the crash limit, as Electron does with its training process', async () => {
    const workers: FakeWorker[] = [];
    const api = createWebBackend({ bundledUrl: '/n.txt', createWorker: () => workers[workers.push(new FakeWorker({ recovery: null })) - 1] as unknown as Worker });
    const events: { restarting?: boolean }[] = [];
    api.training.onEvent((e) => events.push(e as { restarting?: boolean }));
    for (let i = 0; i < CRASH_LIMIT.crashes; i++) workers.at(-1)!.crash('out of memory');
    await new Promise((r) => setTimeout(r, 10));
    expect(workers).toHaveLength(CRASH_LIMIT.crashes); // the last one to crash was not replaced
    expect(events.filter((e) => e.restarting)).toHaveLength(CRASH_LIMIT.crashes - 1);
    expect(events.filter((e) => e.restarting === false)).toHaveLength(1);
  });

  it('exports names as a download in the browser', async () => {
    const downloads: [string, string, string][] = [];
    const api = createWebBackend({ bundledUrl: '/n.txt', createWorker: () => new FakeWorker({}) as unknown as Worker, download: (...a) => downloads.push(a) });
    expect(await api.files.exportNames(['anna', 'o,brien', '=cmd'], 'csv')).toBe(true);
    // the same file the desktop app writes (core/names-file.ts): CRLF, quoted, formulas kept as text
    expect(downloads).toEqual([['names.csv', 'name\r\nanna\r\n"o,brien"\r\n\'=cmd\r\n', 'text/csv']]);
  });
});
