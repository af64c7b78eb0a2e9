// The threaded build: the same kernels plus the loop a helper thread runs. Threads share one
// linear memory; the main thread posts a job (an op and a pointer) in a small control block and
// runs its own share: a batch's chunks and sums, taken from chunks.ts's counters by whichever
// thread is free, or the first part of a vector pass. Waiting spins briefly (a step's serial part
// is short) and then sleeps in memory.atomic.wait.
// The control block and the job codes are in core/wasm/abi.ts.

import { CONTROL_ARGS, CONTROL_JOIN_WAIT, Op } from '../core/wasm/abi';
import { runChunks } from './chunks';
import { Work, ptr } from './layout';
import { adagrad, adam, sgd, sumSquaresSplit } from './optim';
import { profileAddAt, profileNow } from './profile';

export * from './exports';

@inline function arg(control: usize, k: i32): f64 {
  return load<f64>(control + CONTROL_ARGS + (<usize>k << 3));
}

@inline function argPtr(control: usize, k: i32): usize {
  return <usize>arg(control, k);
}

// Spinning before sleeping in memory.atomic.wait, whose wake-up takes tens of microseconds. A
// spin is ~0.5 ns. The helper spins ~250 µs after each job: enough to bridge the serial part of a
// training step (batch, transposes, the update's passes, JavaScript) even when another process
// slows this one, so it is awake when the next job comes; once training pauses it sleeps. The main
// thread spins ~100 µs for the end of the helper's job (its last unit of a batch's sums, or its
// part of an update pass). (Counted over 3 s of W1 on a shared machine when the threads took fixed
// halves of a batch, 25 µs and 10 µs spins slept in ~30 % of steps (helper) and ~once a step
// (main); these, in ~1–10 %.)
const SERVE_SPINS = 500000;
const JOIN_SPINS = 200000;

/** The helper thread's loop; returns after Op.quit. */
export function serve(control: usize): void {
  // start from the jobs done, not posted: the main thread may post before this thread gets here
  let seen = atomic.load<i32>(control, 4);
  for (;;) {
    waitWhile(control, seen);
    seen = atomic.load<i32>(control);
    const op = atomic.load<i32>(control, 8);
    const d = <usize>atomic.load<i32>(control, 12);
    if (op <= Op.forwardBackward) runChunks(d, ptr(d, Work.helper), op);
    else if (op != Op.quit) runVectorJob(control, op);
    atomic.store<i32>(control, seen, 4);
    atomic.notify(control + 4, 1);
    if (op == Op.quit) return;
  }
}

// The update's passes over [lo, hi) of the flat vectors (the main thread does [0, lo)):
//   sumSquares  Σ g² per parameter                 args: g, starts, lo, hi, out
//   sgd / adagrad / adam  the step with g·s, g ← 0  args: θ, g, (m), (v), n, lr, s, …
function runVectorJob(control: usize, op: i32): void {
  if (op == Op.sumSquares) {
    sumSquaresSplit(argPtr(control, 0), argPtr(control, 1), <i32>arg(control, 2), <i32>arg(control, 3), argPtr(control, 4));
  } else if (op == Op.sgd) sgd(argPtr(control, 0), argPtr(control, 1), <i32>arg(control, 2), arg(control, 3), arg(control, 4));
  else if (op == Op.adagrad) {
    adagrad(argPtr(control, 0), argPtr(control, 1), argPtr(control, 2), <i32>arg(control, 3), arg(control, 4), arg(control, 5), arg(control, 6));
  } else if (op == Op.adam) {
    adam(argPtr(control, 0), argPtr(control, 1), argPtr(control, 2), argPtr(control, 3), <i32>arg(control, 4), arg(control, 5),
      arg(control, 6), arg(control, 7), arg(control, 8), arg(control, 9), arg(control, 10), arg(control, 11));
  }
}

/** Posts a job for the helper; returns its sequence number. */
export function post(control: usize, op: i32, d: usize): i32 {
  atomic.store<i32>(control, op, 8);
  atomic.store<i32>(control, <i32>d, 12);
  const seq = atomic.add<i32>(control, 1) + 1;
  atomic.notify(control, 1);
  return seq;
}

/**
 * Waits until the helper has finished job seq, or about `seconds` without progress; returns
 * whether it did. A wake-up is only a hint: the helper's notify for the previous job can arrive
 * after this thread has posted the next one and gone to sleep (it stored the count, was preempted,
 * then notified), so the count is checked again after every wake-up, waiting on the value it holds.
 */
export function join(control: usize, seq: i32, seconds: i32): bool {
  const began = profileNow();
  const finished = waitFor(control, seq, seconds);
  profileAddAt(control + CONTROL_JOIN_WAIT, began);
  return finished;
}

@inline function waitFor(control: usize, seq: i32, seconds: i32): bool {
  for (let spins = 0; spins < JOIN_SPINS; spins++) if (atomic.load<i32>(control, 4) == seq) return true;
  let timeouts = 0;
  let done = atomic.load<i32>(control, 4);
  while (done != seq && timeouts < seconds) {
    if (atomic.wait<i32>(control + 4, done, 1000000000) == AtomicWaitResult.TIMED_OUT) timeouts++;
    done = atomic.load<i32>(control, 4);
  }
  return done == seq;
}

// Returns once the word at p differs from value: spin first, then sleep (a notify meant for an
// earlier change may wake it early; the loop then waits again).
function waitWhile(p: usize, value: i32): void {
  for (let spins = 0; atomic.load<i32>(p) == value; spins++) {
    if (spins >= SERVE_SPINS) {
      atomic.wait<i32>(p, value, 1000000000);
      spins = 0;
    }
  }
}
