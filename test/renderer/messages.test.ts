import { describe, expect, it } from 'vitest';
import { crashed, refused, trainingStateNotice } from '../../renderer/state/messages.ts';

describe('the messages', () => {
  it('say what each state of a run means, and nothing for idle', () => {
    expect(trainingStateNotice('idle', undefined, null)).toBeNull();
    expect(trainingStateNotice('running', undefined, null)).toEqual({ kind: 'info', text: 'Training…' });
    expect(trainingStateNotice('stopped', undefined, 2.3456)?.text).toBe('Training stopped. Best validation loss 2.346. The best weights so far are the current model.');
    expect(trainingStateNotice('finished', undefined, null)).toMatchObject({ kind: 'success', text: expect.stringMatching(/^Training finished\. Save/) });
    expect(trainingStateNotice('diverged', 'NaN at step 3', null)).toMatchObject({ kind: 'error', text: expect.stringMatching(/^Training diverged \(NaN at step 3\)\./) });
  });

  it('tell a crash that will not be restarted from one that was', () => {
    expect(crashed({ type: 'crashed', reason: 'oom', restarting: false, canResume: false }).text).toBe(
      'The training process crashed (oom). It crashed 3 times within 5 minutes and was not restarted: save your work and restart Namesake. Train again to continue.',
    );
  });

  it('turn a refusal into a sentence, or prefix it with what was being done', () => {
    expect(refused('load a names file first')).toEqual({ kind: 'error', text: 'Load a names file first' });
    expect(refused('bad JSON', 'x.json is not a model Namesake can read').text).toBe('x.json is not a model Namesake can read: bad JSON');
  });
});
