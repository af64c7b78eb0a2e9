// The descriptor fields of wasm/layout.ts (i32 indices), and the padded sizes the kernels use.

export const FIELD = {
  A: 0, K: 1, H: 2, Hp: 3, Ap: 4, B: 5, T: 6, params: 7, grads: 8,
  inputs: 9, targets: 10, categories: 11, active: 12,
  hs: 13, ps: 14, dz: 15, dhNext: 16, rowNorms: 17, normSums: 18,
  WT: 19, VT: 20, UT: 21, cp: 22, Wp: 23, Vp: 24, dUT: 25, loss: 26, seen: 28, pack: 29, hPrev: 30, slots: 31, done: 32,
} as const;

/** The work block of wasm/chunks.ts (i32 indices). */
export const WORK = { next: 0, job: 1, unit: 2, count: 3, chunks: 4, helper: 5, seconds: 6, squares: 7 } as const;

export const WORK_BYTES = 8 * 4;

/** Rows of [dW; dV] in one unit of the gradient's sums (wasm/chunks.ts). */
export const UNIT_ROWS = 16;

/** Rows in a chunk: the height of the products' register block. */
export const CHUNK_ROWS = 4;

export const DESCRIPTOR_BYTES = 36 * 4;

/** H and A rounded up to 8: two f32x4 vectors per register block. */
export const padTo8 = (n: number): number => Math.ceil(n / 8) * 8;
