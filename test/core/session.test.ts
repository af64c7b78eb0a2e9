import { describe, expect, it } from 'vitest';
import { createSession, type SessionEvent } from '../../core/session.ts';

const encode = (text: string) => new TextEncoder().encode(text);
const namesFile = { fileName: 'names.txt', bytes: encode('anna\nbob\ncarla\ndmitri\neve\nfatima\ngustav\nhana\nivan\njun\nkai\nlena\n') };

/** A driver whose scheduler runs only when asked and whose clock advances 1 ms per reading. */
function harness() {
  const events: SessionEvent[] = [];
  const queue: (() => void)[] = [];
  let clock = 0;
  const session = createSession({ emit: (e) => events.push(e), schedule: (fn) => queue.push(fn), now: () => (clock += 1) });
  const runAll = (limit = 100_000) => {
    for (let i = 0; i < limit && queue.length > 0; i++) queue.shift()!();
  };
  return { session, events, queue, runAll, states: () => events.filter((e) => e.type === 'state').map((e) => (e as { state: string }).state) };
}

const settings = { hiddenSize: 8, batchSize: 4, evalEvery: 5, patience: 0, stop: { steps: 60 } };

/** A harness that trained on namesFile for `steps` steps, and the snapshot it ended with. */
function trainedFor(steps: number) {
  const run = harness();
  run.session.handle({ type: 'importDataset', files: [namesFile] });
  run.session.handle({ type: 'start', settings: { ...settings, stop: { steps } } });
  run.runAll();
  return { run, snapshot: run.session.handle({ type: 'snapshot' }) };
}

describe('training session', () => {
  it('trains in slices, emitting ticks with losses and gradient norms, checkpoints, and a final state', () => {
    const { session, events, runAll, states } = harness();
    expect(session.handle({ type: 'importDataset', files: [namesFile] })).toMatchObject({ names: 12, categories: [] });
    session.handle({ type: 'start', settings: { ...settings, stop: { steps: 600 } } });
    runAll();
    expect(states()).toEqual(['running', 'finished']);
    const ticks = events.flatMap((e) => (e.type === 'tick' ? [e.tick] : []));
    expect(ticks.length).toBeGreaterThan(1);
    expect(ticks.at(-1)!.progress.step).toBe(600);
    expect(ticks.flatMap((t) => t.losses).map((l) => l.step)).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    expect(ticks.at(-1)!.dLdhNorms.length).toBeGreaterThan(2);
    expect(events.some((e) => e.type === 'checkpoint')).toBe(true);
  });

  it('ends by itself on a plateau, says why, and sends every evaluation in the ticks', () => {
    const { session, events, runAll } = harness();
    session.handle({ type: 'importDataset', files: [namesFile] });
    session.handle({ type: 'start', settings: { ...settings, evalEvery: 'auto', hiddenSize: 32, learningRate: 0.05, patience: 2, stop: { steps: 100_000 } } });
    runAll();
    const final = events.filter((e) => e.type === 'state').at(-1);
    expect(final).toMatchObject({ state: 'finished', message: expect.stringMatching(/^stopped after [\d.]+ s: validation loss has not improved for 2 epochs; kept the weights from step \d+$/) });
    const sent = events.flatMap((e) => (e.type === 'tick' ? e.tick.evaluations : []));
    const model = JSON.parse(session.handle({ type: 'snapshot' })) as { history: unknown[] };
    expect(sent.length).toBeGreaterThanOrEqual(3);
    expect(sent).toEqual(model.history);
  });

  it('pauses between steps, answers requests while paused, resumes and stops', () => {
    const { session, queue, runAll, states } = harness();
    session.handle({ type: 'importDataset', files: [namesFile] });
    session.handle({ type: 'start', settings: { ...settings, stop: { steps: 100_000 } } });
    queue.shift()!();
    session.handle({ type: 'pause' });
    runAll();
    const names = session.handle({ type: 'generate', options: { count: 3, seed: 1 } });
    expect(names).toHaveLength(3);
    expect(session.handle({ type: 'inspect', name: 'anna' }).steps).toHaveLength(5);
    expect(() => session.handle({ type: 'start', settings })).toThrow(/while training is paused/);
    session.handle({ type: 'resume' });
    queue.shift()!();
    session.handle({ type: 'stop' });
    runAll();
    expect(states()).toEqual(['running', 'paused', 'running', 'stopped']);
  });

  it('saves a snapshot that loads as the current model and continues training where it stopped', () => {
    const { run: first, snapshot } = trainedFor(20);

    const second = harness();
    expect(() => second.session.handle({ type: 'generate', options: {} })).toThrow(/no model yet/);
    expect(second.session.handle({ type: 'loadModel', model: snapshot })).toMatchObject({ hiddenSize: 8, trainingNames: 12, canContinue: true });
    expect(second.session.handle({ type: 'generate', options: { count: 4, seed: 2 } })).toEqual(first.session.handle({ type: 'generate', options: { count: 4, seed: 2 } }));
    second.session.handle({ type: 'continue', checkpoint: snapshot, stop: { steps: 10 } });
    second.runAll();
    const last = second.events.filter((e) => e.type === 'tick').at(-1) as Extract<SessionEvent, { type: 'tick' }>;
    expect(last.tick.progress.step).toBe(30);
  });

  it('loads a checkpoint with its training names as the dataset when asked (a restarted process), and only then', () => {
    const { run: first, snapshot } = trainedFor(5);

    const plain = harness();
    plain.session.handle({ type: 'loadModel', model: snapshot });
    expect(() => plain.session.handle({ type: 'start', settings })).toThrow(/load a names file first/);
    const restored = harness();
    restored.session.handle({ type: 'loadModel', model: snapshot, withDataset: true });
    restored.session.handle({ type: 'start', settings: { ...settings, stop: { steps: 5 } } });
    restored.runAll();
    expect(restored.states()).toEqual(['running', 'finished']);
    // The same names in the same order: the same run, step for step.
    const losses = (h: typeof first) => h.events.flatMap((e) => (e.type === 'tick' ? e.tick.losses.map((l) => l.loss) : []));
    expect(losses(restored)).toEqual(losses(first));

    const bare = JSON.parse(snapshot) as Record<string, unknown>;
    delete bare.trainingNames;
    expect(() => harness().session.handle({ type: 'loadModel', model: JSON.stringify(bare), withDataset: true })).toThrow(/does not carry the names/);
  });

  it('refuses a bad file with the importer message and keeps the dataset it had', () => {
    const { session, runAll, states } = harness();
    session.handle({ type: 'importDataset', files: [namesFile] });
    expect(() => session.handle({ type: 'importDataset', files: [{ fileName: 'empty.txt', bytes: new Uint8Array() }] })).toThrow(/empty\.txt/);
    session.handle({ type: 'start', settings: { ...settings, stop: { steps: 3 } } });
    runAll();
    expect(states()).toEqual(['running', 'finished']);
  });

  it('refuses invalid settings and unknown requests, naming the problem', () => {
    const { session } = harness();
    session.handle({ type: 'importDataset', files: [namesFile] });
    expect(() => session.handle({ type: 'start', settings: { hiddenSize: -3 } })).toThrow(/hiddenSize/);
    expect(() => session.handle({ type: 'explode' } as never)).toThrow(/unknown request "explode"/);
  });
});
