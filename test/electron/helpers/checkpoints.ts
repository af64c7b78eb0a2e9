// Real checkpoints from a tiny run of the core session, driven synchronously.

import { createSession } from '../../../core/session.ts';

const names = 'anna\nbob\ncarla\ndmitri\neve\nfatima\ngustav\nhana\nivan\njun\nkai\nlena\n';

export function trainCheckpoint(steps: number, seed = 1, hiddenSize = 6): string {
  const queue: (() => void)[] = [];
  let clock = 0;
  const session = createSession({ emit: () => {}, schedule: (fn) => queue.push(fn), now: () => (clock += 1) });
  session.handle({ type: 'importDataset', files: [{ fileName: 'tiny.txt', bytes: new TextEncoder().encode(names) }] });
  session.handle({ type: 'start', settings: { hiddenSize, batchSize: 4, evalEvery: 5, seed, stop: { steps } } });
  while (queue.length > 0) queue.shift()!();
  return session.handle({ type: 'snapshot' });
}
