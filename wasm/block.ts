// The register block every product of a step is made of (forward, BPTT and the one-row kernels
// of rows.ts share the rest): 4 rows × 8 columns in eight f32x4 accumulators. A last block of fewer
// than 4 rows repeats its last row, which stores the same numbers twice and is never summed twice.

import { lane0, lane1, lane2, lane3, madd, tanh4 } from './math';
import { SKIP_PRODUCTS } from './profile';

@inline export function minRow(r: i32, n: i32): i32 {
  return r < n ? r : n - 1;
}

/**
 * Rows done in blocks of 4: all whole blocks, and a last block of 3 (repeating its last row costs
 * no more than 3 single rows). The 1 or 2 rows left go through the one-row kernels (rows.ts),
 * whose two accumulators per output vector keep the add chains busy without repeating work.
 */
@inline export function blockedRows(n: i32): i32 {
  return (n & 3) == 3 ? n : n & ~3;
}

// The register block every product of a step is made of, for 4 rows × 8 columns:
//   block (4, 8) += rows (K, 4)ᵀ · M[0 … K, 0 … 8)      (M's rows `stride` bytes apart)
// rows holds the 4 rows' K numbers interleaved (interleave4), so step j loads one 16-byte group
// and broadcasts its lanes, and each step moves two pointers; the 8 accumulators live in registers.
// The callers (forward.ts, backward.ts) each open a block with the same four lines (its rows r0–r3,
// the last repeated, and their output rows): kept in place, as a helper could return only one of
// those eight numbers.
export const BLOCK_BYTES: usize = 4 * 8 * 4;

export function product4x8(block: usize, rows: usize, K: i32, M: usize, stride: usize): void {
  if (SKIP_PRODUCTS) return;
  let a00 = v128.load(block), a01 = v128.load(block, 16), a10 = v128.load(block, 32), a11 = v128.load(block, 48);
  let a20 = v128.load(block, 64), a21 = v128.load(block, 80), a30 = v128.load(block, 96), a31 = v128.load(block, 112);
  let m = M;
  const end = rows + (<usize>K << 4);
  for (let p = rows; p < end; p += 16) {
    const m0 = v128.load(m), m1 = v128.load(m, 16);
    const q = v128.load(p);
    const s0 = lane0(q), s1 = lane1(q), s2 = lane2(q), s3 = lane3(q);
    a00 = madd(a00, s0, m0); a01 = madd(a01, s0, m1);
    a10 = madd(a10, s1, m0); a11 = madd(a11, s1, m1);
    a20 = madd(a20, s2, m0); a21 = madd(a21, s2, m1);
    a30 = madd(a30, s3, m0); a31 = madd(a31, s3, m1);
    m += stride;
  }
  v128.store(block, a00); v128.store(block, a01, 16); v128.store(block, a10, 32); v128.store(block, a11, 48);
  v128.store(block, a20, 64); v128.store(block, a21, 80); v128.store(block, a30, 96); v128.store(block, a31, 112);
}

/** out (K, 4): out[j, k] = row_k[j] for j < K rounded up to 4 (4×4 transposes; rows hold that many). */
export function interleave4(out: usize, q0: usize, q1: usize, q2: usize, q3: usize, K: i32): void {
  for (let j = 0; j < K; j += 4) {
    const jj = <usize>j << 2;
    const x0 = v128.load(q0 + jj), x1 = v128.load(q1 + jj), x2 = v128.load(q2 + jj), x3 = v128.load(q3 + jj);
    const t0 = v128.shuffle<f32>(x0, x1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(x0, x1, 2, 6, 3, 7);
    const t2 = v128.shuffle<f32>(x2, x3, 0, 4, 1, 5), t3 = v128.shuffle<f32>(x2, x3, 2, 6, 3, 7);
    const o = out + (<usize>j << 4);
    v128.store(o, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
    v128.store(o, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7), 16);
    v128.store(o, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5), 32);
    v128.store(o, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7), 48);
  }
}

@inline export function setBlockRow(block: usize, k: usize, lo: v128, hi: v128): void {
  v128.store(block + (k << 5), lo);
  v128.store(block + (k << 5), hi, 16);
}

@inline export function copyBlockRow(block: usize, k: usize, out: usize): void {
  v128.store(out, v128.load(block + (k << 5)));
  v128.store(out, v128.load(block + (k << 5), 16), 16);
}

@inline export function tanhBlockRow(block: usize, k: usize, out: usize): void {
  v128.store(out, tanh4(v128.load(block + (k << 5))));
  v128.store(out, tanh4(v128.load(block + (k << 5), 16)), 16);
}
