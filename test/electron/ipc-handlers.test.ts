// Main's request handlers over a real library (conf in a temporary directory), a recording
// training host and scripted dialogs: every argument is checked before anything is done, and the
// dialogs' files are read, size-limited, validated and written.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionRequest } from '../../core/session.ts';
import type { Dialogs } from '../../electron/dialogs.ts';
import { createHandlers } from '../../electron/ipc-handlers.ts';
import { IPC_LIMITS } from '../../electron/ipc-arguments.ts';
import { createLibrary } from '../../electron/library.ts';
import type { TrainingHost } from '../../node/training-host.ts';
import { trainCheckpoint } from './helpers/checkpoints.ts';
import { openConf } from './helpers/conf-store.ts';

const checkpoint = trainCheckpoint(12);
let dir: string;
beforeEach(() => void (dir = mkdtempSync(path.join(tmpdir(), 'namesake-ipc-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function harness(answers: Partial<Record<keyof Dialogs, unknown>> = {}) {
  const requests: SessionRequest[] = [];
  const host: TrainingHost = {
    request: async (request) => {
      requests.push(request);
      return (request.type === 'snapshot' ? checkpoint : { answered: request.type }) as never;
    },
    ensureRunning: () => {},
    dispose: () => {},
  };
  const dialogs = Object.fromEntries(['openNames', 'openModel', 'saveModel', 'saveNames'].map((k) => [k, async () => answers[k as keyof Dialogs] ?? null])) as unknown as Dialogs;
  const library = createLibrary({ dir: path.join(dir, 'library'), open: openConf });
  const bundledNamesPath = path.join(dir, 'names.txt');
  writeFileSync(bundledNamesPath, 'anna\nbob\n');
  const handlers = createHandlers({ host, library, dialogs, bundledNamesPath, isTraining: () => false });
  return { handlers, requests, library };
}

describe('IPC handlers', () => {
  it('refuses bad arguments with errors naming them, before anything reaches the training process', async () => {
    const { handlers, requests } = harness();
    const refusals: [string, unknown[], RegExp][] = [
      ['training:start', [{ hiddenSize: 1e9 }], /hiddenSize/],
      ['training:start', ['fast'], /settings: expected an object/],
      ['training:continueModel', ['../../etc/passwd', { steps: 10 }], /id: expected a model id/],
      ['datasets:importFiles', [[{ fileName: 'a.txt', bytes: 'anna' }]], /files\[0\]\.bytes: expected a Uint8Array/],
      ['datasets:importFiles', [[]], /files: expected 1 to 64 files/],
      ['datasets:importFiles', [[{ fileName: 'x'.repeat(300), bytes: new Uint8Array(1) }]], /fileName: expected a string of 1 to 255/],
      ['datasets:importFiles', [[{ fileName: 'big.txt', bytes: new Uint8Array(IPC_LIMITS.totalBytes + 1) }]], /more than 50 MB/],
      ['model:generate', [{ count: 'many' }], /options\.count: expected a finite number/],
      ['model:generate', [{ count: 5, evil: true }], /options\.evil: unknown key/],
      ['model:generate', [{ prefix: 'a'.repeat(10_000) }], /options\.prefix/],
      ['model:inspect', [''], /name: expected a string of 1 to 256/],
      ['library:saveCurrent', [42], /name: expected a string/],
      ['library:importModel', [{ fileName: 'm.json', text: 7 }], /file\.text/],
      ['library:importModel', [{ fileName: 'm.json', text: '{"format":"other"}' }], /format/],
      ['files:exportNames', [['anna'], 'xlsx'], /format: expected "txt" or "csv"/],
      ['files:exportNames', ['anna', 'txt'], /names: expected at most/],
    ];
    for (const [channel, args, message] of refusals) {
      await expect(Promise.resolve().then(() => (handlers as unknown as Record<string, (...a: unknown[]) => unknown>)[channel]!(...args)), channel).rejects.toThrow(message);
    }
    expect(requests).toEqual([]);
  });

  it('loads the bundled names, starts with checked settings, saves the current model and continues it', async () => {
    const { handlers, requests, library } = harness();
    await handlers['datasets:loadBundled']();
    expect(requests[0]).toMatchObject({ type: 'importDataset', files: [{ fileName: 'names.txt' }] });
    await handlers['training:start']({ hiddenSize: 32, stop: { steps: 100 } });
    expect(requests[1]).toMatchObject({ type: 'start', settings: { hiddenSize: 32, optimizer: 'adam', stop: { steps: 100 } } });
    library.writeRecovery(checkpoint);
    const saved = (await handlers['library:saveCurrent']('My names')) as { id: string };
    expect(library.recovery()).toBeNull(); // saved and not training: nothing left to recover
    await handlers['training:continueModel'](saved.id, { steps: 50 });
    expect(requests.at(-1)).toEqual({ type: 'continue', checkpoint, stop: { steps: 50 } });
    expect(() => handlers['library:resumeRecovery']()).toThrow(/no interrupted run/);
  });

  it('imports and exports model files and exports names through the dialogs', async () => {
    const modelPath = path.join(dir, 'Saved.model.json');
    writeFileSync(modelPath, checkpoint);
    const exported = path.join(dir, 'out.model.json');
    const namesCsv = path.join(dir, 'names.csv');
    const { handlers } = harness({ openModel: modelPath, saveModel: exported, saveNames: namesCsv });
    const imported = (await handlers['library:importModel']()) as { id: string; name: string };
    expect(imported.name).toBe('Saved');
    expect(await handlers['library:exportModel'](imported.id)).toBe(true);
    expect(readFileSync(exported, 'utf8')).toBe(checkpoint);
    expect(await handlers['files:exportNames'](['anna', 'o"neil', '=cmd'], 'csv')).toBe(true);
    expect(readFileSync(namesCsv, 'utf8')).toBe('name\r\nanna\r\n"o""neil"\r\n\'=cmd\r\n');
  });

  it('answers a cancelled dialog with null or false', async () => {
    const { handlers, library } = harness();
    const saved = library.save('m', checkpoint);
    expect(await handlers['datasets:openDialog']()).toBeNull();
    expect(await handlers['library:importModel']()).toBeNull();
    expect(await handlers['library:exportModel'](saved.id)).toBe(false);
    expect(await handlers['files:exportNames'](['anna'], 'txt')).toBe(false);
  });
});
