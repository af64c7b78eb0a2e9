// Phase timers for `namesake bench`'s breakdown of a step (cli/bench/breakdown.ts). PROFILE is set
// by `--use PROFILE=n` (wasm/variants.mjs): 0 in every shipped build, where these compile to
// nothing and the clock is not even imported; 1 in the bench's profiled build, which reads an
// imported clock (milliseconds) at the phase boundaries; 2 also skips the products (block.ts,
// rows.ts, sums.ts), so the profiled time minus this build's is what the products cost.

import { Field, ptr } from './layout';

@external("env", "clock") declare function clock(): f64;

/** Whether this build skips the products (PROFILE 2). */
export const SKIP_PRODUCTS: bool = PROFILE == 2;

/** The clock now, in profiled builds (0 otherwise). */
@inline export function profileNow(): f64 {
  return PROFILE ? clock() : 0;
}

/** The thread's accumulator of `phase` (Phase in core/wasm/abi.ts) += the time since `start`. */
@inline export function profileAdd(thread: usize, phase: i32, start: f64): void {
  if (PROFILE) {
    const at = ptr(thread, Field.profile) + (<usize>phase << 3);
    store<f64>(at, load<f64>(at) + clock() - start);
  }
}

/** The f64 at `at` += the time since `start` (the main thread's wait in join, kept in its control block). */
@inline export function profileAddAt(at: usize, start: f64): void {
  if (PROFILE) store<f64>(at, load<f64>(at) + clock() - start);
}
