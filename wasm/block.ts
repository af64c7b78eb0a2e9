// The register blocks every product of a step is made of (forward, BPTT; the one-row kernels of
// rows.ts take the 1–2 rows left over). A block is 6 rows × 8 columns in twelve f32x4
// accumulators: a fused multiply-add takes ~5 cycles and two issue per cycle, so ten or more
// independent chains keep both pipes busy. The 5-row block's ten chains just do (~95% of the
// 6-row block's rate alone); the 4-row block's eight reach ~78%, and take a remainder of 3–4 rows.
// A block past the last row repeats it, which stores the same numbers twice and is never summed twice.

import { lane0, lane1, lane2, lane3, madd, tanh4 } from './math';
import { SKIP_PRODUCTS } from './profile';

@inline export function minRow(r: i32, n: i32): i32 {
  return r < n ? r : n - 1;
}

/**
 * Rows of the block that starts with `left` rows to go: 6, 5, 4, or 0 (one-row kernels for the 1–2 left).
 * Each product (forward.ts, backward.ts) walks its rows with the same loop: blocks of
 * blockHeight(n − r) rows, interleaved once, then its 8-column strips. Each starts and ends its
 * block its own way (input term, bias, dhNext or 0; tanh, copy, or dz and the norm), so the loop is
 * written in each rather than passed two callbacks per strip.
 */
@inline export function blockHeight(left: i32): i32 {
  return left >= 6 ? 6 : left == 5 ? 5 : left >= 3 ? 4 : 0;
}

/** The block in memory: 6 rows of 8 floats (a 5- or 4-row block uses the first 5 or 4). */
export const BLOCK_BYTES: usize = 6 * 8 * 4;

// block (height, 8) += rows (K, height)ᵀ · M[0 … K, 0 … 8)      (M's rows `stride` bytes apart)
// rows holds the block's rows interleaved (interleaveRows): step k's numbers side by side, 32 bytes
// a step for 6 or 5 rows, 16 for 4.
@inline export function productBlock(block: usize, rows: usize, K: i32, M: usize, stride: usize, height: i32): void {
  if (height == 6) product6x8(block, 32, rows, K, M, stride);
  else if (height == 5) product5x8(block, rows, K, M, stride);
  else product4x8(block, rows, K, M, stride);
}

//   block (6, 8) += rows (K, 6)ᵀ · M[0 … K, 0 … 8)      (rows: 32 bytes a step; M's rows `stride` apart)
// The 6-row block, its rows `blockRow` bytes apart (32 in the block in memory; the gradient's sums
// add straight into a parameter's rows).
export function product6x8(block: usize, blockRow: usize, rows: usize, K: i32, M: usize, stride: usize): void {
  productRows(true, block, blockRow, rows, K, M, stride);
}

//   block (5, 8) += rows (K, 5)ᵀ · M[0 … K, 0 … 8)      (rows: 32 bytes a step, the sixth number unread)
function product5x8(block: usize, rows: usize, K: i32, M: usize, stride: usize): void {
  productRows(false, block, 32, rows, K, M, stride);
}

// The body of both: each step loads M's 8 numbers and broadcasts each row's number straight from
// memory (a load port, not the shuffle port the multiply-adds share on Zen 2), 12 or 10
// multiply-adds. `sixth` is a constant where it is inlined, so each build keeps only its own rows.
@inline function productRows(sixth: bool, block: usize, blockRow: usize, rows: usize, K: i32, M: usize, stride: usize): void {
  if (SKIP_PRODUCTS) return;
  const b1 = block + blockRow, b2 = b1 + blockRow, b3 = b2 + blockRow, b4 = b3 + blockRow, b5 = b4 + blockRow;
  let a00 = v128.load(block), a01 = v128.load(block, 16), a10 = v128.load(b1), a11 = v128.load(b1, 16);
  let a20 = v128.load(b2), a21 = v128.load(b2, 16), a30 = v128.load(b3), a31 = v128.load(b3, 16);
  let a40 = v128.load(b4), a41 = v128.load(b4, 16);
  let a50 = sixth ? v128.load(b5) : a40, a51 = sixth ? v128.load(b5, 16) : a41;
  let m = M;
  const end = rows + (<usize>K << 5);
  for (let p = rows; p < end; p += 32) {
    const m0 = v128.load(m), m1 = v128.load(m, 16);
    let s = v128.load32_splat(p);
    a00 = madd(a00, s, m0); a01 = madd(a01, s, m1);
    s = v128.load32_splat(p, 4);
    a10 = madd(a10, s, m0); a11 = madd(a11, s, m1);
    s = v128.load32_splat(p, 8);
    a20 = madd(a20, s, m0); a21 = madd(a21, s, m1);
    s = v128.load32_splat(p, 12);
    a30 = madd(a30, s, m0); a31 = madd(a31, s, m1);
    s = v128.load32_splat(p, 16);
    a40 = madd(a40, s, m0); a41 = madd(a41, s, m1);
    if (sixth) {
      s = v128.load32_splat(p, 20);
      a50 = madd(a50, s, m0); a51 = madd(a51, s, m1);
    }
    m += stride;
  }
  v128.store(block, a00); v128.store(block, a01, 16); v128.store(b1, a10); v128.store(b1, a11, 16);
  v128.store(b2, a20); v128.store(b2, a21, 16); v128.store(b3, a30); v128.store(b3, a31, 16);
  v128.store(b4, a40); v128.store(b4, a41, 16);
  if (sixth) {
    v128.store(b5, a50); v128.store(b5, a51, 16);
  }
}

//   block (4, 8) += rows (K, 4)ᵀ · M[0 … K, 0 … 8)      (rows: 16 bytes a step)
// The 4-row block: one 16-byte load of the rows' numbers, its lanes shuffled out.
function product4x8(block: usize, rows: usize, K: i32, M: usize, stride: usize): void {
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

/**
 * out (K, height): rows r … r+height−1 of `base` (rows `rowBytes` apart, the last of n repeated)
 * interleaved for productBlock, K rounded up to 4 (the rows hold that many).
 */
export function interleaveRows(out: usize, base: usize, rowBytes: usize, r: i32, n: i32, height: i32, K: i32): void {
  const q0 = base + <usize>r * rowBytes, q1 = base + <usize>minRow(r + 1, n) * rowBytes;
  const q2 = base + <usize>minRow(r + 2, n) * rowBytes, q3 = base + <usize>minRow(r + 3, n) * rowBytes;
  if (height == 4) {
    interleave4(out, 16, q0, q1, q2, q3, K);
    return;
  }
  const q4 = base + <usize>minRow(r + 4, n) * rowBytes, q5 = base + <usize>minRow(r + 5, n) * rowBytes;
  interleave4(out, 32, q0, q1, q2, q3, K);
  interleave4(out + 16, 32, q4, q5, q5, q5, K);
}

/** out[j, k] = row_k[j] (k < 4), groups of 4 numbers `step` bytes apart, by 4×4 transposes. */
function interleave4(out: usize, step: usize, q0: usize, q1: usize, q2: usize, q3: usize, K: i32): void {
  for (let j = 0; j < K; j += 4) {
    const jj = <usize>j << 2;
    const x0 = v128.load(q0 + jj), x1 = v128.load(q1 + jj), x2 = v128.load(q2 + jj), x3 = v128.load(q3 + jj);
    const t0 = v128.shuffle<f32>(x0, x1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(x0, x1, 2, 6, 3, 7);
    const t2 = v128.shuffle<f32>(x2, x3, 0, 4, 1, 5), t3 = v128.shuffle<f32>(x2, x3, 2, 6, 3, 7);
    const o = out + <usize>j * step;
    v128.store(o, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
    v128.store(o + step, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
    v128.store(o + 2 * step, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
    v128.store(o + 3 * step, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
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
