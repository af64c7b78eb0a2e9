// A batch as chunks of up to 4 rows (the products' block height), taken one at a time by whichever
// thread is free: a thread the machine holds up delays only the chunk it is on, where halves fixed
// in advance made the other thread wait for all of its half. A chunk's forward and BPTT run back to
// back, its activations still in cache. Then the sums over the batch's tokens are cut into units,
// UNIT_ROWS rows of [dW; dV] each and one for dU, db and dc, taken the same way; a unit sums the
// chunks in order, each as soon as its BPTT is done, so a thread out of chunks starts on the sums
// while the other finishes the last chunk. Each number of the gradient is summed by one unit, chunk
// by chunk in slot order, so the result is the same bit for bit whichever thread runs what, with
// one thread or two; the losses and ‖dL/dh_t‖ are kept per chunk and added by the caller in chunk
// order.
//
// work (i32): [0] next chunk to take, [1] this job's number (a chunk's F_DONE is set to it when
// its BPTT is done), [2] next unit to take, [3] chunks, [4] first chunk's descriptor (the rest
// DESCRIPTOR_BYTES apart; its F_GRADS is the gradient's), [5] the helper thread's descriptor, [6] seconds to wait for the other
// thread's chunk, [7] where the units leave the sums of squares of what they summed (f64): two
// per unit of [dW; dV] rows (its rows of dW, of dV), then three for dU, db, dc

import {
  DESCRIPTOR_BYTES, F_A, F_GRADS, F_H, F_PACK, F_DHNEXT, F_ROWNORMS, F_WT, F_VT, F_UT, F_CP, F_WP, F_VP, F_DONE, field, ptr,
} from './layout';
import { backwardThroughTime, forward, inputSums, outerRows, outerSquares, prepare } from './rnn';

export const W_NEXT = 0;
export const W_JOB = 1;
export const W_UNIT = 2;
export const W_COUNT = 3;
export const W_CHUNKS = 4;
export const W_HELPER = 5;
export const W_SECONDS = 6;
export const W_SQUARES = 7;

/** What runChunks does: prepare the thread's layouts and run forward, BPTT and the sums. */
export const RUN_FORWARD = 1;
export const RUN_BACKWARD = 2;

const UNIT_ROWS = 16; // core/wasm/layout.ts mirrors it

// A thread waiting for the other's chunk spins (a chunk takes ~0.1 ms). It never sleeps:
// memory.atomic.wait here, in the middle of a batch, hung V8 (Node 20) now and then, the other
// thread never finishing; a spin of ~0.5 ns per check counts the seconds after which the other
// thread is presumed dead.
const SPINS_PER_SECOND: i64 = 2000000000;

/**
 * This thread's share of a batch's work (its descriptor holds its scratch buffers and layouts):
 * with RUN_FORWARD, prepare() its layouts, then forward every chunk it takes; with RUN_BACKWARD,
 * BPTT on those chunks, then the sums. Returns false when the other thread did not finish a chunk
 * within work's seconds.
 */
export function runChunks(work: usize, thread: usize, what: i32): bool {
  const count = field(work, W_COUNT), chunks = ptr(work, W_CHUNKS), job = field(work, W_JOB);
  if (what & RUN_FORWARD) prepare(thread);
  for (let c = take(work, W_NEXT); c < count; c = take(work, W_NEXT)) {
    const d = chunks + <usize>c * DESCRIPTOR_BYTES;
    adopt(d, thread);
    if (what & RUN_FORWARD) forward(d);
    if (what & RUN_BACKWARD) backwardThroughTime(d);
    finish(d, job);
  }
  if (!(what & RUN_BACKWARD)) return true;
  const seconds = field(work, W_SECONDS);
  const rows = field(chunks, F_H) + field(chunks, F_A);
  const outerUnits = (rows + UNIT_ROWS - 1) / UNIT_ROWS;
  const squares = ptr(work, W_SQUARES), grads = ptr(chunks, F_GRADS);
  for (let u = take(work, W_UNIT); u <= outerUnits; u = take(work, W_UNIT)) {
    const out = squares + (<usize>u << 4);
    const lo = u * UNIT_ROWS, hi = min(lo + UNIT_ROWS, rows);
    for (let c = 0; c < count; c++) {
      const d = chunks + <usize>c * DESCRIPTOR_BYTES;
      if (!done(d, job, seconds)) return false;
      if (u < outerUnits) outerRows(d, grads, lo, hi);
    }
    if (u < outerUnits) outerSquares(chunks, lo, hi, out);
    else inputSums(chunks, count, thread, out);
  }
  return true;
}

/** The thread's scratch buffers and layouts, into the chunk it runs. */
function adopt(d: usize, thread: usize): void {
  copyField(d, thread, F_PACK); copyField(d, thread, F_DHNEXT); copyField(d, thread, F_ROWNORMS);
  copyField(d, thread, F_WT); copyField(d, thread, F_VT); copyField(d, thread, F_UT);
  copyField(d, thread, F_CP); copyField(d, thread, F_WP); copyField(d, thread, F_VP);
}

@inline function copyField(to: usize, from: usize, f: i32): void {
  store<i32>(to + (<usize>f << 2), load<i32>(from + (<usize>f << 2)));
}

/** The next index of counter k (chunks or units), counting it as taken. */
@inline function take(work: usize, k: i32): i32 {
  const at = work + (<usize>k << 2);
  if (ASC_FEATURE_THREADS) return atomic.add<i32>(at, 1);
  const next = load<i32>(at);
  store<i32>(at, next + 1);
  return next;
}

/** Marks chunk d's BPTT done in this job (its dz visible to the other thread). */
@inline function finish(d: usize, job: i32): void {
  const at = d + (<usize>F_DONE << 2);
  if (ASC_FEATURE_THREADS) atomic.store<i32>(at, job);
  else store<i32>(at, job);
}

/** Whether chunk d's BPTT is done in this job, waiting (spinning) up to about `seconds` for the other thread. */
function done(d: usize, job: i32, seconds: i32): bool {
  const at = d + (<usize>F_DONE << 2);
  if (!ASC_FEATURE_THREADS) return load<i32>(at) == job;
  const limit = <i64>seconds * SPINS_PER_SECOND;
  for (let spins: i64 = 0; spins < limit; spins++) if (atomic.load<i32>(at) == job) return true;
  return false;
}
