// A training process killed in the middle of a run, with main's own parts around it: the real
// process (forked with Node), the host with its replay, the request handlers and the library (conf
// on a temporary directory). After the restart the window's dataset and model are back in the new
// process: Generate, Inspect, Resume and Train work without the user loading anything again.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCheckpoint } from '../../core/checkpoint.ts';
import type { SessionEvent } from '../../core/session.ts';
import type { DatasetSummary, NameScore, SampledName } from '../../contract/api.ts';
import { createCrashPolicy } from '../../contract/crash-policy.ts';
import type { Dialogs } from '../../electron/dialogs.ts';
import { createHandlers } from '../../electron/ipc-handlers.ts';
import { createLibrary } from '../../electron/library.ts';
import { createSessionReplay } from '../../node/session-replay.ts';
import { createTrainingHost, type TrainingHost } from '../../node/training-host.ts';
import { forkTrainingProcess } from '../../node/training-child.ts';
import { openConf } from './helpers/conf-store.ts';
import { eventLog } from '../helpers/event-log.ts';

const bundledNamesPath = fileURLToPath(new URL('../../data/names.txt', import.meta.url));
const settings = { hiddenSize: 16, batchSize: 16, evalEvery: 50, stop: { steps: 1_000_000_000 } };
const noDialogs = { openNames: async () => null, openModel: async () => null, saveModel: async () => null, saveNames: async () => null } satisfies Dialogs;

let dir: string;
let host: TrainingHost | null = null;
beforeEach(() => void (dir = mkdtempSync(path.join(tmpdir(), 'namesake-replay-'))));
afterEach(() => {
  host?.dispose();
  host = null;
  rmSync(dir, { recursive: true, force: true });
});

/** Main as main.ts wires it, minus Electron: autosaves go to the library, state says whether a run is on. */
function startMain() {
  const events = eventLog<SessionEvent>();
  const crashes = eventLog<{ reason: string; restarting: boolean }>();
  const replayErrors: Error[] = [];
  const pids: number[] = [];
  const library = createLibrary({ dir: path.join(dir, 'library'), open: openConf });
  let training = false;
  host = createTrainingHost({
    spawn: forkTrainingProcess,
    onSpawn: (child) => pids.push(child.pid),
    onEvent: (event) => {
      if (event.type === 'state') training = event.state === 'running' || event.state === 'paused';
      if (event.type === 'checkpoint') library.writeRecovery(event.checkpoint);
      events.push(event);
    },
    onCrash: (crash) => {
      training = false;
      crashes.push(crash);
    },
    policy: createCrashPolicy(),
    replay: createSessionReplay(),
    onReplayError: (error) => replayErrors.push(error),
  });
  const handlers = createHandlers({ host, library, dialogs: noDialogs, bundledNamesPath, isTraining: () => training });
  const call = <T>(channel: keyof typeof handlers, ...args: unknown[]) => Promise.resolve((handlers[channel] as (...a: unknown[]) => unknown)(...args)) as Promise<T>;
  return { call, events, crashes, pids, library, replayErrors };
}

describe('a training process killed in the middle of a run', () => {
  it('is restarted holding the dataset and the last autosave: Generate, Inspect, Resume and Train work', async () => {
    const { call, events, crashes, pids, library, replayErrors } = startMain();
    const imported = await call<DatasetSummary>('datasets:loadBundled');
    await call('training:start', settings);
    const autosave = (await events.next((e) => e.type === 'checkpoint')) as Extract<SessionEvent, { type: 'checkpoint' }>;
    await events.next((e) => e.type === 'tick', events.all.indexOf(autosave) + 1); // still running past the autosave
    const savedStep = parseCheckpoint(autosave.checkpoint).state.step;

    process.kill(pids[0]!, 'SIGKILL');
    expect(await crashes.next(() => true)).toEqual({ reason: 'killed by SIGKILL', restarting: true });
    expect(pids).toHaveLength(2);
    expect(library.recovery()?.steps).toBe(savedStep);

    // The model is the autosave: its names come out of the new process as they did from the old one.
    const generated = await call<SampledName[]>('model:generate', { count: 5, seed: 3 });
    expect(generated).toHaveLength(5);
    const score = await call<NameScore>('model:inspect', 'emma');
    expect(score.dLdhNorms).toHaveLength('emma'.length + 1); // the boundary, then each character
    for (const norm of score.dLdhNorms) expect(norm).toBeGreaterThan(0);
    expect(Number.isFinite(score.logProb)).toBe(true);

    // Resume: the interrupted run goes on at the step after its autosave.
    const after = events.all.length;
    const resumed = await call<DatasetSummary>('library:resumeRecovery');
    expect(resumed.names).toBe(imported.names);
    const tick = (await events.next((e) => e.type === 'tick', after)) as Extract<SessionEvent, { type: 'tick' }>;
    expect(tick.tick.losses[0]!.step).toBe(savedStep + 1);
    await call('training:stop');

    // Train: a new run on the names the window shows, without loading them again.
    await call('training:start', { ...settings, stop: { steps: 3 } });
    await events.next((e) => e.type === 'state' && e.state === 'finished');
    expect(replayErrors).toEqual([]);
  });
});
