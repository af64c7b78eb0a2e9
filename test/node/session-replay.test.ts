// What a restarted training process is told, from what the last one answered and autosaved.

import { describe, expect, it } from 'vitest';
import { createSessionReplay } from '../../node/session-replay.ts';

const files = [{ fileName: 'names.txt', bytes: new TextEncoder().encode('anna\nbob\n') }];

describe('session replay', () => {
  it('has nothing to replay before anything was loaded', () => {
    expect(createSessionReplay().requests()).toEqual([]);
  });

  it('replays the imported files, then the run’s latest autosave as the current model', () => {
    const replay = createSessionReplay();
    replay.answered({ type: 'importDataset', files });
    replay.answered({ type: 'start', settings: {} });
    expect(replay.requests()).toEqual([{ type: 'importDataset', files }]); // no autosave yet: no model to restore
    replay.observed({ type: 'checkpoint', checkpoint: 'autosave 1' });
    replay.observed({ type: 'state', state: 'running' });
    replay.observed({ type: 'checkpoint', checkpoint: 'autosave 2' });
    expect(replay.requests()).toEqual([{ type: 'importDataset', files }, { type: 'loadModel', model: 'autosave 2' }]);
  });

  it('forgets the previous model when a new run starts, and keeps a loaded library model with the imported names', () => {
    const replay = createSessionReplay();
    replay.answered({ type: 'importDataset', files });
    replay.answered({ type: 'loadModel', model: 'saved model' });
    expect(replay.requests()).toEqual([{ type: 'importDataset', files }, { type: 'loadModel', model: 'saved model' }]);
    replay.answered({ type: 'start', settings: {} });
    expect(replay.requests()).toEqual([{ type: 'importDataset', files }]);
  });

  it('replays a continued run’s names from its checkpoint, and its autosaves after that', () => {
    const replay = createSessionReplay();
    replay.answered({ type: 'importDataset', files });
    replay.answered({ type: 'continue', checkpoint: 'saved checkpoint' });
    expect(replay.requests()).toEqual([{ type: 'loadModel', model: 'saved checkpoint', withDataset: true }]);
    replay.observed({ type: 'checkpoint', checkpoint: 'autosave 1' });
    expect(replay.requests()).toEqual([
      { type: 'loadModel', model: 'saved checkpoint', withDataset: true },
      { type: 'loadModel', model: 'autosave 1' },
    ]);
    // The new process answering the replay changes nothing: the next restart gets the same.
    const before = replay.requests();
    for (const request of before) replay.answered(request);
    expect(replay.requests()).toEqual(before);
  });
});
