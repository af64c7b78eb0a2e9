// Reading a descriptor (core/wasm/abi.ts, the interface both sides import): a field as an i32, or
// as a byte offset into linear memory; where each parameter starts.

import { Field } from '../core/wasm/abi';

export { CHUNK_ROWS, DESCRIPTOR_BYTES, Field, UNIT_ROWS, Work } from '../core/wasm/abi';

@inline export function field(d: usize, f: i32): i32 {
  return load<i32>(d + (<usize>f << 2));
}

@inline export function ptr(d: usize, f: i32): usize {
  return <usize>load<i32>(d + (<usize>f << 2));
}

/** Where the module's own static data ends; JavaScript allocates above it. */
export function heapBase(): usize {
  return __heap_base;
}

/** The parameters in params.ts's order in one vector: U (H, X), W (H, H), V (A, H), b (H), c (A), X = A + K. */
export enum Param { U = 0, W = 1, V = 2, b = 3, c = 4 }

/** Where parameter p starts in the parameter (or gradient) vector at `base`, for the sizes in descriptor d. */
@inline export function paramAt(d: usize, base: usize, p: i32): usize {
  const A = field(d, Field.A), H = field(d, Field.H), X = A + field(d, Field.K);
  let n = 0;
  if (p > Param.U) n += H * X;
  if (p > Param.W) n += H * H;
  if (p > Param.V) n += A * H;
  if (p > Param.b) n += H;
  return base + (<usize>n << 2);
}

/** Row of UT (or dUT) for the row's category k: U[:, A+k], or the zero row X when unconditioned. */
@inline export function categoryRow(categories: usize, r: i32, A: i32, X: i32): i32 {
  const k = load<i32>(categories + (<usize>r << 2));
  return k >= 0 ? A + k : X;
}
