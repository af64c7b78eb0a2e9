// Main's training host with in-memory children: replies matched to requests, pending requests
// failed with the reason when the process dies, and the crash policy (3 within 5 minutes: stop
// restarting; the user's next request starts a fresh process).

import { describe, expect, it } from 'vitest';
import type { ProcessInbound, ProcessMessage } from '../../contract/process-messages.ts';
import { CRASH_LIMIT, CRASH_LIMIT_TEXT, createCrashPolicy } from '../../contract/crash-policy.ts';
import { createSessionReplay } from '../../node/session-replay.ts';
import { createTrainingHost, type TrainingChild } from '../../node/training-host.ts';

type FakeChild = TrainingChild & { sent: ProcessInbound[]; reply(message: ProcessMessage): void; die(reason: string): void; killed: boolean };

function fakeChild(): FakeChild {
  let onMessage: (message: ProcessMessage) => void = () => {};
  let onExit: (reason: string) => void = () => {};
  const child: FakeChild = {
    sent: [],
    killed: false,
    send: (message) => void child.sent.push(message),
    onMessage: (listener) => void (onMessage = listener),
    onExit: (listener) => void (onExit = listener),
    kill: () => void (child.killed = true),
    reply: (message) => onMessage(message),
    die: (reason) => onExit(reason),
  };
  return child;
}

function harness() {
  let clock = 0;
  const children: FakeChild[] = [];
  const crashes: { reason: string; restarting: boolean }[] = [];
  const replayErrors: Error[] = [];
  const host = createTrainingHost({
    spawn: () => {
      const child = fakeChild();
      children.push(child);
      return child;
    },
    onEvent: () => {},
    onCrash: (crash) => crashes.push(crash),
    policy: createCrashPolicy(() => clock),
    replay: createSessionReplay(),
    onReplayError: (error) => replayErrors.push(error),
  });
  return { host, children, crashes, replayErrors, advance: (ms: number) => void (clock += ms) };
}

describe('training host', () => {
  it('matches replies to requests by id and turns refusals into rejected promises', async () => {
    const { host, children } = harness();
    const first = host.request({ type: 'pause' });
    const second = host.request({ type: 'generate', options: { count: 1 } });
    const [a, b] = children[0]!.sent as { id: number }[];
    children[0]!.reply({ id: b!.id, ok: false, error: 'there is no model yet' });
    children[0]!.reply({ id: a!.id, ok: true, value: null });
    await expect(first).resolves.toBeNull();
    await expect(second).rejects.toThrow('there is no model yet');
  });

  it('fails pending requests with the reason, restarts twice, and stops restarting at the third crash in 5 minutes', async () => {
    const { host, children, crashes, advance } = harness();
    const pending = host.request({ type: 'stop' });
    children[0]!.die('oom');
    await expect(pending).rejects.toThrow('the training process stopped (oom)');
    advance(60_000);
    children[1]!.die('crashed');
    advance(60_000);
    children[2]!.die('killed');
    expect(crashes).toEqual([
      { reason: 'oom', restarting: true },
      { reason: 'crashed', restarting: true },
      { reason: 'killed', restarting: false },
    ]);
    expect(children).toHaveLength(3);
    // The user chose to go on: their next request starts a fresh process.
    void host.request({ type: 'pause' });
    expect(children).toHaveLength(4);
    expect(children[3]!.sent).toHaveLength(1);
  });

  it('says its limit as the messages do', () => {
    expect(CRASH_LIMIT_TEXT).toBe('3 times within 5 minutes');
  });

  it('keeps restarting when crashes are more than 5 minutes apart, and a quit is not a crash', () => {
    const { host, children, crashes, advance } = harness();
    host.ensureRunning();
    for (let i = 0; i < 4; i++) {
      advance(CRASH_LIMIT.windowMs + 1);
      children.at(-1)!.die('crashed');
    }
    expect(crashes.every((c) => c.restarting)).toBe(true);
    host.dispose();
    expect(children.at(-1)!.killed).toBe(true);
    children.at(-1)!.die('killed');
    expect(crashes).toHaveLength(4);
  });

  it('tells a restarted process what the last one held, before any other request, and reports a refused replay', async () => {
    const { host, children, replayErrors } = harness();
    const files = [{ fileName: 'names.txt', bytes: new Uint8Array([97, 10]) }];
    const imported = host.request({ type: 'importDataset', files });
    children[0]!.reply({ id: (children[0]!.sent[0] as { id: number }).id, ok: true, value: {} });
    await imported;
    const refused = host.request({ type: 'generate', options: { count: 1 } });
    children[0]!.reply({ id: (children[0]!.sent[1] as { id: number }).id, ok: false, error: 'there is no model yet' });
    await expect(refused).rejects.toThrow('there is no model yet'); // a refusal is not recorded
    children[0]!.reply({ event: { type: 'checkpoint', checkpoint: 'autosave' } });
    children[0]!.die('oom');

    void host.request({ type: 'generate', options: { count: 1 } });
    const sent = children[1]!.sent as { id: number; request: unknown }[];
    expect(sent.map((m) => m.request)).toEqual([
      { type: 'importDataset', files },
      { type: 'loadModel', model: 'autosave' },
      { type: 'generate', options: { count: 1 } },
    ]);
    children[1]!.reply({ id: sent[1]!.id, ok: false, error: 'not a model' });
    await Promise.resolve();
    expect(replayErrors.map((e) => e.message)).toEqual(['not a model']);
  });
});
