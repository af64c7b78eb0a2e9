// A batch's work, taken one piece at a time by whichever thread is free: first the units of the
// weight layouts (prepare.ts), which both threads wait for; then the chunks of up to 6 rows (the
// products' block height; chunkRows in core/wasm/abi.ts): a thread the machine holds up delays only
// the chunk it is on, where halves fixed in advance made the other thread wait for all of its half.
// A chunk's forward and BPTT run back to back, its activations still in cache. Then the sums over
// the batch's tokens are cut into units, UNIT_ROWS rows of [dW; dV] each and one for dU, db and dc,
// taken the same way; a unit sums the chunks in order, each as soon as its BPTT is done, so a
// thread out of chunks starts on the sums while the other finishes the last chunk. Each number of
// the gradient is summed by one unit, chunk by chunk in slot order, so the result is the same bit
// for bit whichever thread runs what, with one thread or two; the losses and ‖dL/dh_t‖ are kept per
// chunk and added by the caller in chunk order.
//
// The work block's slots (Work in core/wasm/abi.ts) hold the counters the threads take from.

import { Op } from '../core/wasm/abi';
import { DESCRIPTOR_BYTES, Field, UNIT_ROWS, Work, field, ptr } from './layout';
import { backwardThroughTime } from './backward';
import { forward } from './forward';
import { layoutUnits, prepareUnit } from './prepare';
import { Phase } from '../core/wasm/abi';
import { profileAdd, profileNow } from './profile';
import { inputSums, outerRows, outerSquares } from './sums';

// A thread waiting for the other's chunk spins (a chunk takes ~0.1 ms). It never sleeps:
// memory.atomic.wait here, in the middle of a batch, hung V8 (Node 20) now and then, the other
// thread never finishing; a spin of ~0.5 ns per check counts the seconds after which the other
// thread is presumed dead.
const SPINS_PER_SECOND: i64 = 2000000000;

/**
 * This thread's share of a batch's work (its descriptor holds its scratch buffers and the shared
 * layouts): with Op.forward, the units of the layouts it takes, then forward every chunk it takes;
 * with Op.backward, BPTT on those chunks, then the sums. Returns false when the other thread did
 * not finish a unit of the layouts or a chunk within work's seconds.
 */
export function runChunks(work: usize, thread: usize, op: i32): bool {
  const began = profileNow();
  const count = field(work, Work.count), chunks = ptr(work, Work.chunks), job = field(work, Work.job);
  if (op & Op.forward) {
    const at = profileNow();
    const laidOut = layOut(work, thread);
    profileAdd(thread, Phase.prepare, at);
    if (!laidOut) return false;
  }
  for (let c = take(work, Work.next); c < count; c = take(work, Work.next)) {
    const d = chunks + <usize>c * DESCRIPTOR_BYTES;
    adopt(d, thread);
    const at = profileNow();
    if (op & Op.forward) forward(d);
    profileAdd(thread, Phase.forward, at);
    const mid = profileNow();
    if (op & Op.backward) backwardThroughTime(d);
    profileAdd(thread, Phase.backward, mid);
    finish(d, job);
  }
  const finished = !(op & Op.backward) || sumUnits(work, thread, count, chunks, job);
  profileAdd(thread, Phase.total, began);
  return finished;
}

/** The gradient's sums of a batch's `count` chunks, unit by unit as this thread takes them; false if a chunk's BPTT never came. */
@inline function sumUnits(work: usize, thread: usize, count: i32, chunks: usize, job: i32): bool {
  const seconds = field(work, Work.seconds);
  const rows = field(chunks, Field.H) + field(chunks, Field.A);
  const outerUnits = (rows + UNIT_ROWS - 1) / UNIT_ROWS;
  const squares = ptr(work, Work.squares), grads = ptr(chunks, Field.grads);
  for (let u = take(work, Work.unit); u <= outerUnits; u = take(work, Work.unit)) {
    const at = profileNow();
    const out = squares + (<usize>u << 4);
    const lo = u * UNIT_ROWS, hi = min(lo + UNIT_ROWS, rows);
    for (let c = 0; c < count; c++) {
      const d = chunks + <usize>c * DESCRIPTOR_BYTES;
      if (!done(d, job, seconds, thread)) return false;
      if (u < outerUnits) outerRows(d, grads, lo, hi, ptr(thread, Field.pack));
    }
    if (u < outerUnits) outerSquares(chunks, lo, hi, out);
    else inputSums(chunks, count, thread, out);
    profileAdd(thread, Phase.sums, at);
  }
  return true;
}

/**
 * The weight layouts of this batch (wasm/prepare.ts), unit by unit as this thread takes them; then
 * waits (spinning) for the units the other thread took. False if they were not done within seconds.
 */
function layOut(work: usize, thread: usize): bool {
  const units = layoutUnits(thread);
  for (let u = take(work, Work.layout); u < units; u = take(work, Work.layout)) {
    prepareUnit(thread, u);
    take(work, Work.laidOut);
  }
  if (!ASC_FEATURE_THREADS) return true;
  const at = work + (<usize>Work.laidOut << 2);
  const limit = <i64>field(work, Work.seconds) * SPINS_PER_SECOND;
  for (let spins: i64 = 0; atomic.load<i32>(at) < units; spins++) if (spins >= limit) return false;
  return true;
}

/** The thread's scratch buffers and layouts, into the chunk it runs. */
function adopt(d: usize, thread: usize): void {
  copyField(d, thread, Field.pack); copyField(d, thread, Field.dhNext); copyField(d, thread, Field.rowNorms);
  copyField(d, thread, Field.WT); copyField(d, thread, Field.VT); copyField(d, thread, Field.UT);
  copyField(d, thread, Field.cp); copyField(d, thread, Field.WS); copyField(d, thread, Field.Vp);
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
  const at = d + (<usize>Field.done << 2);
  if (ASC_FEATURE_THREADS) atomic.store<i32>(at, job);
  else store<i32>(at, job);
}

/**
 * Whether chunk d's BPTT is done in this job, waiting (spinning) up to about `seconds` for the
 * other thread; a profiled build counts the wait as the thread's Phase.waiting (inside its Phase.sums).
 */
function done(d: usize, job: i32, seconds: i32, thread: usize): bool {
  const at = d + (<usize>Field.done << 2);
  if (!ASC_FEATURE_THREADS) return load<i32>(at) == job;
  if (atomic.load<i32>(at) == job) return true;
  const began = profileNow();
  const limit = <i64>seconds * SPINS_PER_SECOND;
  for (let spins: i64 = 0; spins < limit; spins++) {
    if (atomic.load<i32>(at) == job) {
      profileAdd(thread, Phase.waiting, began);
      return true;
    }
  }
  return false;
}
