// Minibatches of names of different lengths. Rows are sorted longest first, so at step t the rows
// still running are exactly 0 … active[t]−1: padded positions are never computed, and they count in
// neither the loss, the gradients nor the token totals.
//
// A name of n characters is n+1 steps: inputs [0, x1 … xn], targets [x1 … xn, 0].

import { BOUNDARY } from './tokens.ts';

/** One name as tokens (no boundaries) with its category index, −1 when unconditioned. */
export type Sequence = { tokens: Int32Array; category: number };

export type Batch = {
  /** Rows in use. */
  B: number;
  /** Steps of the longest row. */
  T: number;
  /** (B) steps of each row, non-increasing. */
  lengths: Int32Array;
  /** (T, B) time-major input tokens; only t < lengths[r] is meaningful. */
  inputs: Int32Array;
  /** (T, B) time-major target tokens. */
  targets: Int32Array;
  /** (B) category of each row, −1 when unconditioned. */
  categories: Int32Array;
  /** (T) rows running at step t. */
  active: Int32Array;
  /** Σ lengths: the real tokens in the batch. */
  tokens: number;
};

/** A batch with room for maxB rows of up to maxT steps, filled again for every step (no allocation). */
export function allocBatch(maxB: number, maxT: number): Batch {
  return {
    B: 0,
    T: 0,
    lengths: new Int32Array(maxB),
    inputs: new Int32Array(maxT * maxB),
    targets: new Int32Array(maxT * maxB),
    categories: new Int32Array(maxB),
    active: new Int32Array(maxT),
    tokens: 0,
  };
}

/** Steps needed by a name: its characters plus the closing boundary. */
export function stepsOf(sequence: Sequence): number {
  return sequence.tokens.length + 1;
}

/**
 * Fill `batch` with the sequences at `indices`, longest first. `order` is scratch space of at least
 * indices.length entries (kept by the caller so the step allocates nothing).
 */
export function fillBatch(batch: Batch, sequences: readonly Sequence[], indices: ArrayLike<number>, order: number[]): Batch {
  const B = indices.length;
  if (B > batch.lengths.length) throw new Error(`batch of ${B} rows exceeds its capacity of ${batch.lengths.length}`);
  let T = 0;
  for (let r = 0; r < B; r++) T = Math.max(T, stepsOf(sequences[indices[r]!]!));
  if (T * B > batch.inputs.length || T > batch.active.length) {
    throw new Error(`a name of ${T - 1} characters exceeds the batch's capacity of ${batch.active.length - 1}`);
  }
  // Longest first, ties in their sampled order: one pass over the rows per length, O(B·T) with
  // no comparisons (a comparator sort cost more than the rest of the step's bookkeeping).
  order.length = 0;
  for (let steps = T; steps > 0; steps--) {
    for (let r = 0; r < B; r++) if (stepsOf(sequences[indices[r]!]!) === steps) order.push(indices[r]!);
  }
  batch.B = B;
  batch.T = T;
  batch.tokens = 0;
  batch.active.fill(0);
  for (let r = 0; r < B; r++) {
    const { tokens, category } = sequences[order[r]!]!;
    const n = tokens.length;
    batch.lengths[r] = n + 1;
    batch.categories[r] = category;
    batch.tokens += n + 1;
    batch.inputs[r] = BOUNDARY;
    for (let t = 0; t < n; t++) {
      batch.inputs[(t + 1) * B + r] = tokens[t]!;
      batch.targets[t * B + r] = tokens[t]!;
    }
    batch.targets[n * B + r] = BOUNDARY;
    for (let t = 0; t <= n; t++) batch.active[t]!++;
  }
  return batch;
}

/** A batch holding just these sequences (for evaluation, scoring and tests; allocates). */
export function batchOf(sequences: readonly Sequence[]): Batch {
  const maxT = sequences.reduce((longest, sequence) => Math.max(longest, stepsOf(sequence)), 0);
  const batch = allocBatch(sequences.length, maxT);
  return fillBatch(batch, sequences, sequences.map((_, i) => i), []);
}
