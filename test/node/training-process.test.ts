// The training process forked for real with Node (tsx), driven through main's own host: a short
// run with progress, pause, resume, stop and sampling; then a crash (SIGKILL) and a resume from the
// autosaved checkpoint that continues at the very next step.

import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCheckpoint } from '../../core/checkpoint.ts';
import type { SessionEvent, TrainingTick } from '../../core/session.ts';
import { createCrashPolicy } from '../../contract/crash-policy.ts';
import { createTrainingHost, type TrainingHost } from '../../node/training-host.ts';
import { eventLog } from '../helpers/event-log.ts';
import { forkTrainingProcess } from '../../node/training-child.ts';

const bundled = { fileName: 'names.txt', bytes: new Uint8Array(readFileSync(new URL('../../data/names.txt', import.meta.url))) };
const settings = { hiddenSize: 16, batchSize: 16, evalEvery: 50, stop: { steps: 1_000_000_000 } };

let hosts: TrainingHost[] = [];
afterEach(() => {
  for (const host of hosts) host.dispose();
  hosts = [];
});

function startHost() {
  const events = eventLog<SessionEvent>();
  const crashes = eventLog<{ reason: string; restarting: boolean }>();
  const pids: number[] = [];
  const host = createTrainingHost({
    spawn: forkTrainingProcess,
    onSpawn: (child) => pids.push(child.pid),
    onEvent: (event) => events.push(event),
    onCrash: (crash) => crashes.push(crash),
    policy: createCrashPolicy(),
  });
  hosts.push(host);
  return { host, events, crashes, pids };
}

const ticksOf = (events: SessionEvent[]): TrainingTick[] => events.flatMap((e) => (e.type === 'tick' ? [e.tick] : []));
const isState = (state: string) => (e: SessionEvent) => e.type === 'state' && e.state === state;

describe('training process (forked with Node)', () => {
  it('trains with progress ticks, pauses, answers while paused, resumes, stops and samples', async () => {
    const { host, events } = startHost();
    const summary = await host.request({ type: 'importDataset', files: [bundled] });
    expect(summary.files).toEqual(['names.txt']);
    expect(summary.names).toBeGreaterThan(29_000);

    await expect(host.request({ type: 'start', settings: { hiddenSize: -1 } })).rejects.toThrow(/hiddenSize/);
    await host.request({ type: 'start', settings });
    await events.next((e) => e.type === 'tick' && e.tick.progress.step > 0);

    await host.request({ type: 'pause' });
    const pausedAt = events.all.findIndex(isState('paused'));
    expect(pausedAt).toBeGreaterThan(-1);
    const whilePaused = await host.request({ type: 'generate', options: { count: 4, seed: 7 } });
    expect(whilePaused).toHaveLength(4);
    await host.request({ type: 'inspect', name: 'emma' });
    const resumedAt = events.all.length;
    // Nothing trained between the pause and the resume: no tick arrived in between.
    expect(events.all.slice(pausedAt).filter((e) => e.type === 'tick')).toEqual([]);

    await host.request({ type: 'resume' });
    await events.next((e) => e.type === 'tick', resumedAt);
    await host.request({ type: 'stop' }); // its state event comes before its reply, on the same channel

    const states = events.all.flatMap((e) => (e.type === 'state' ? [e.state] : []));
    expect(states).toEqual(['running', 'paused', 'running', 'stopped']);
    const steps = ticksOf(events.all).flatMap((t) => t.losses.map((l) => l.step));
    expect(steps.length).toBeGreaterThan(1);
    expect(steps).toEqual(steps.map((_, i) => i + 1)); // every step reported once, in order
    expect(events.all.some((e) => e.type === 'checkpoint')).toBe(true); // stopping saves one

    const names = await host.request({ type: 'generate', options: { count: 5, seed: 1 } });
    expect(names).toHaveLength(5);
    for (const sampled of names) expect(typeof sampled.name).toBe('string');
  });

  it('reports a killed process with its reason, restarts it, and resumes from the autosaved checkpoint', async () => {
    const { host, events, crashes, pids } = startHost();
    const imported = await host.request({ type: 'importDataset', files: [bundled] });
    await host.request({ type: 'start', settings });
    const autosave = (await events.next((e) => e.type === 'checkpoint')) as Extract<SessionEvent, { type: 'checkpoint' }>;
    const savedStep = parseCheckpoint(autosave.checkpoint).state.step;
    expect(savedStep).toBeGreaterThan(0);

    process.kill(pids[0]!, 'SIGKILL');
    expect(await crashes.next(() => true)).toEqual({ reason: 'killed by SIGKILL', restarting: true });
    expect(pids).toHaveLength(2);

    const after = events.all.length;
    const summary = await host.request({ type: 'continue', checkpoint: autosave.checkpoint });
    expect(summary.names).toBe(imported.names); // the checkpoint carried the whole dataset
    const tick = (await events.next((e) => e.type === 'tick', after)) as Extract<SessionEvent, { type: 'tick' }>;
    expect(tick.tick.losses[0]!.step).toBe(savedStep + 1);
    await host.request({ type: 'stop' });
  });
});
