// The threaded build: the same kernels plus the loop a helper thread runs. Threads share one
// linear memory; the main thread posts a job (an op and a descriptor) in a small control block and
// the helper runs it on its half of the batch. Waiting spins briefly (a step's serial part is short)
// and then sleeps in memory.atomic.wait.
//
// control (i32): [0] jobs posted, [1] jobs done, [2] op, [3] descriptor

import { backward, forward, prepare } from './rnn';
import { F_A, F_K, F_H, F_GRADS, field, ptr } from './layout';

export * from './rnn';
export * from './optim';
export * from './infer';

export const OP_FORWARD = 1;
export const OP_BACKWARD = 2;
export const OP_PREPARE_FORWARD = 3;
export const OP_QUIT = 9;

// About 20–50 µs of spinning before sleeping: long enough to bridge the serial part of a step,
// short enough not to steal a busy core from the thread being waited for.
const SPINS = 20000;

/** The helper thread's loop; returns after OP_QUIT. */
export function serve(control: usize): void {
  // start from the jobs done, not posted: the main thread may post before this thread gets here
  let seen = atomic.load<i32>(control, 4);
  for (;;) {
    waitWhile(control, seen);
    seen = atomic.load<i32>(control);
    const op = atomic.load<i32>(control, 8);
    const d = <usize>atomic.load<i32>(control, 12);
    if (op == OP_FORWARD) forward(d);
    else if (op == OP_PREPARE_FORWARD) { prepare(d); forward(d); }
    else if (op == OP_BACKWARD) { zeroGrads(d); backward(d); }
    atomic.store<i32>(control, seen, 4);
    atomic.notify(control + 4, 1);
    if (op == OP_QUIT) return;
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

/** Waits until the helper has finished job seq, or about `seconds`; returns whether it did. */
export function join(control: usize, seq: i32, seconds: i32): bool {
  for (let spins = 0; atomic.load<i32>(control, 4) != seq; spins++) {
    if (spins >= SPINS) {
      for (let s = 0; s < seconds; s++) {
        if (atomic.wait<i32>(control + 4, seq - 1, 1000000000) != AtomicWaitResult.TIMED_OUT) break;
        if (atomic.load<i32>(control, 4) == seq) { atomic.add<i32>(control, 1, 20); break; }
      }
      return atomic.load<i32>(control, 4) == seq;
    }
  }
  return true;
}

// Returns once the word at p differs from value: spin first, then sleep.
function waitWhile(p: usize, value: i32): void {
  for (let spins = 0; atomic.load<i32>(p) == value; spins++) {
    if (spins >= SPINS) {
      if (atomic.wait<i32>(p, value, 1000000000) == AtomicWaitResult.TIMED_OUT && atomic.load<i32>(p) != value) atomic.add<i32>(p & ~15, 1, 16);
      spins = 0;
    }
  }
}

/** The helper's gradient buffer ← 0 before its BPTT (it sums one batch, the main thread adds it). */
function zeroGrads(d: usize): void {
  const A = field(d, F_A), K = field(d, F_K), H = field(d, F_H);
  const count = H * (A + K) + H * H + A * H + H + A;
  memory.fill(ptr(d, F_GRADS), 0, <usize>count << 2);
}
