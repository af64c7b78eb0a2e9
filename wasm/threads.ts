// The threaded build: the same kernels plus the loop a helper thread runs. Threads share one
// linear memory; the main thread posts a job (an op and a pointer) in a small control block and
// runs its own share: a batch's chunks and sums, taken from chunks.ts's counters by whichever
// thread is free, or the first part of a vector pass. Waiting spins briefly (a step's serial part
// is short) and then sleeps in memory.atomic.wait.
//
// control (i32): [0] jobs posted, [1] jobs done, [2] op, [3] descriptor; f64 arguments from byte 32
// (ARGS) for the jobs on halves of the flat parameter vector.

import { RUN_BACKWARD, RUN_FORWARD, W_HELPER, runChunks } from './chunks';
import { ptr } from './layout';
import { adagrad, adagradFused, adam, adamFused, scaleSumSquaresSplit, sgd, sgdFused, sumSquaresSplit } from './optim';

export * from './rnn';
export * from './chunks';
export * from './optim';
export * from './infer';

// the batch jobs are runChunks' RUN_* flags
export const OP_FORWARD = RUN_FORWARD;
export const OP_BACKWARD = RUN_BACKWARD;
export const OP_FORWARD_BACKWARD = RUN_FORWARD | RUN_BACKWARD;
export const OP_SCALE = 5;
export const OP_SGD = 6;
export const OP_ADAGRAD = 7;
export const OP_ADAM = 8;
export const OP_QUIT = 9;
export const OP_SUMSQ = 10;
export const OP_SGD_FUSED = 11;
export const OP_ADAGRAD_FUSED = 12;
export const OP_ADAM_FUSED = 13;

/** Byte offset in the control block of the jobs' f64 arguments (16 of them). */
export const ARGS = 32;
export const CONTROL_BYTES = ARGS + 16 * 8;

@inline function arg(control: usize, k: i32): f64 {
  return load<f64>(control + ARGS + (<usize>k << 3));
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

/** The helper thread's loop; returns after OP_QUIT. */
export function serve(control: usize): void {
  // start from the jobs done, not posted: the main thread may post before this thread gets here
  let seen = atomic.load<i32>(control, 4);
  for (;;) {
    waitWhile(control, seen);
    seen = atomic.load<i32>(control);
    const op = atomic.load<i32>(control, 8);
    const d = <usize>atomic.load<i32>(control, 12);
    if (op <= OP_FORWARD_BACKWARD) runChunks(d, ptr(d, W_HELPER), op);
    else if (op != OP_QUIT) runVectorJob(control, op);
    atomic.store<i32>(control, seen, 4);
    atomic.notify(control + 4, 1);
    if (op == OP_QUIT) return;
  }
}

// The update's passes over [lo, hi) of the flat vectors (the main thread does [0, lo)):
//   SCALE  g ← g·scale, Σ g² per parameter        args: g, starts, lo, hi, scale, out
//   SGD / ADAGRAD / ADAM on the slice              args: θ, g, (m), (v), n, lr, gradScale, …
//   SUMSQ  Σ g² per parameter (fused update)      args: g, starts, lo, hi, out
//   *_FUSED the fused steps (g·s, then g ← 0)      args as the exact ones, with s for gradScale
function runVectorJob(control: usize, op: i32): void {
  if (op == OP_SCALE) {
    scaleSumSquaresSplit(argPtr(control, 0), argPtr(control, 1), <i32>arg(control, 2), <i32>arg(control, 3), arg(control, 4), argPtr(control, 5));
  } else if (op == OP_SGD) sgd(argPtr(control, 0), argPtr(control, 1), <i32>arg(control, 2), arg(control, 3), arg(control, 4));
  else if (op == OP_ADAGRAD) {
    adagrad(argPtr(control, 0), argPtr(control, 1), argPtr(control, 2), <i32>arg(control, 3), arg(control, 4), arg(control, 5), arg(control, 6));
  } else if (op == OP_ADAM) {
    adam(argPtr(control, 0), argPtr(control, 1), argPtr(control, 2), argPtr(control, 3), <i32>arg(control, 4), arg(control, 5),
      arg(control, 6), arg(control, 7), arg(control, 8), arg(control, 9), arg(control, 10), arg(control, 11));
  } else if (op == OP_SUMSQ) {
    sumSquaresSplit(argPtr(control, 0), argPtr(control, 1), <i32>arg(control, 2), <i32>arg(control, 3), argPtr(control, 4));
  } else if (op == OP_SGD_FUSED) sgdFused(argPtr(control, 0), argPtr(control, 1), <i32>arg(control, 2), arg(control, 3), arg(control, 4));
  else if (op == OP_ADAGRAD_FUSED) {
    adagradFused(argPtr(control, 0), argPtr(control, 1), argPtr(control, 2), <i32>arg(control, 3), arg(control, 4), arg(control, 5), arg(control, 6));
  } else if (op == OP_ADAM_FUSED) {
    adamFused(argPtr(control, 0), argPtr(control, 1), argPtr(control, 2), argPtr(control, 3), <i32>arg(control, 4), arg(control, 5),
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
