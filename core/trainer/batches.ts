// The training batches: every epoch visits the training names in its own seeded order, and while
// the kernels work on one batch the next is filled, so two batches take turns.

import { allocBatch, fillBatch, type Batch } from '../batch.ts';
import { createRng, shuffle } from '../rng.ts';
import type { TrainerRun } from './run.ts';

/** Where a batch starts: an epoch, and a place in that epoch's order of the training names. */
type Position = { epoch: number; cursor: number };

export type BatchFeed = {
  readonly batchSize: number;
  readonly batches: readonly [Batch, Batch];
  /** The rows of the batch being filled, as indices into the sequences. */
  readonly indices: Int32Array;
  /** The batch filled ahead: where it starts in the epochs' orders, and where the one after it does. */
  ahead: { at: Position; batch: Batch; next: Position } | null;
  /** The orders of the epochs in use: the current one's, and the next one's once a batch reaches it. */
  orders: { epoch: number; order: number[] }[];
};

export function createBatchFeed(batchSize: number, maxT: number): BatchFeed {
  return { batchSize, batches: [allocBatch(batchSize, maxT), allocBatch(batchSize, maxT)], indices: new Int32Array(batchSize), ahead: null, orders: [] };
}

/**
 * The batch at the run's position, which moves past it. `fillNext` fills the batch after it into
 * the other buffer; the caller runs it while the kernels work on this one.
 */
export function takeBatch(run: TrainerRun): { batch: Batch; fillNext: () => void } {
  const { feed, state } = run;
  const [first, second] = feed.batches;
  const at = { epoch: state.epoch, cursor: state.cursor };
  const { ahead } = feed;
  const { batch, next } = ahead && ahead.at.epoch === at.epoch && ahead.at.cursor === at.cursor
    ? ahead
    : { batch: first, next: fillFrom(run, at, first) };
  state.epoch = next.epoch;
  state.cursor = next.cursor;
  const spare = batch === first ? second : first;
  const fillNext = (): void => {
    feed.ahead = { at: next, batch: spare, next: fillFrom(run, next, spare) };
  };
  return { batch, fillNext };
}

/** Fills `into` with the batch that starts at `at`; returns where the one after it starts. */
function fillFrom(run: TrainerRun, at: Position, into: Batch): Position {
  const { feed } = run;
  let { epoch, cursor } = at;
  let order = orderOf(run, epoch);
  for (let r = 0; r < feed.batchSize; r++) {
    if (cursor >= order.length) {
      epoch++;
      cursor = 0;
      order = orderOf(run, epoch);
    }
    feed.indices[r] = order[cursor++]!;
  }
  fillBatch(into, run.sequences, feed.indices, run.scratch);
  return { epoch, cursor };
}

/** The training names in the order of this epoch, the same for the same seed. */
function orderOf(run: TrainerRun, epoch: number): number[] {
  const { feed } = run;
  let known = feed.orders.find((o) => o.epoch === epoch);
  if (!known) {
    known = { epoch, order: shuffle(run.split.train.slice(), createRng([run.settings.seed >>> 0, epoch, 0x6e616d65, 0x73616b65])) };
    feed.orders = [...feed.orders.filter((o) => o.epoch === epoch - 1), known];
  }
  return known.order;
}
