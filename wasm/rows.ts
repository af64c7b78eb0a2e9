// One-row versions of the products in forward.ts and backward.ts, for the 1–2 rows a chunk's 6- and 4-row blocks leave over
// (and every row of a batch of one name, and sampling). Each is rowStrip over its 8-column strips,
// started from the strip's first term (a bias, dhNext or 0) and finished in place.

import { lane0, lane1, lane2, lane3, madd, tanh4 } from './math';
import { SKIP_PRODUCTS } from './profile';

// acc (8) += Σ_{k<K} x[k] · M_k, M_k the 8 numbers at M + k·stride: one 8-column strip of a
// one-row product. Each output vector has two accumulators, for even and odd k, so two add
// chains are in flight instead of one; x is read 4 numbers at a time and its lanes broadcast.
@inline function rowStrip(acc: usize, x: usize, K: i32, M: usize, stride: usize): void {
  if (SKIP_PRODUCTS) return;
  let a0 = v128.load(acc), a1 = v128.load(acc, 16), b0 = f32x4.splat(0), b1 = b0;
  let m = M;
  let k = 0;
  for (; k + 3 < K; k += 4) {
    const q = v128.load(x + (<usize>k << 2));
    const s0 = lane0(q), s1 = lane1(q), s2 = lane2(q), s3 = lane3(q);
    a0 = madd(a0, s0, v128.load(m)); a1 = madd(a1, s0, v128.load(m, 16));
    b0 = madd(b0, s1, v128.load(m + stride)); b1 = madd(b1, s1, v128.load(m + stride, 16));
    a0 = madd(a0, s2, v128.load(m + 2 * stride)); a1 = madd(a1, s2, v128.load(m + 2 * stride, 16));
    b0 = madd(b0, s3, v128.load(m + 3 * stride)); b1 = madd(b1, s3, v128.load(m + 3 * stride, 16));
    m += 4 * stride;
  }
  for (; k < K; k++) {
    const s = v128.load32_splat(x + (<usize>k << 2));
    a0 = madd(a0, s, v128.load(m)); a1 = madd(a1, s, v128.load(m, 16));
    m += stride;
  }
  v128.store(acc, f32x4.add(a0, b0));
  v128.store(acc, f32x4.add(a1, b1), 16);
}

// h_t (Hp) = tanh(e + k + h_{t−1} · Wᵀ),  e, k the UT rows of the token and category, Wᵀ in strips WT
export function hiddenRow(hPrev: usize, hCur: usize, H: i32, Hp: i32, WT: usize, e: usize, k: usize): void {
  for (let i = 0; i < Hp; i += 8) {
    const c = <usize>i << 2;
    const out = hCur + c;
    v128.store(out, f32x4.add(v128.load(e + c), v128.load(k + c)));
    v128.store(out, f32x4.add(v128.load(e + c, 16), v128.load(k + c, 16)), 16);
    rowStrip(out, hPrev, H, WT + (<usize>(i * H) << 2), 32);
    v128.store(out, tanh4(v128.load(out)));
    v128.store(out, tanh4(v128.load(out, 16)), 16);
  }
}

// o_t (Ap) = cp + h_t · Vᵀ,  Vᵀ in strips VT
export function logitRow(h: usize, H: i32, VT: usize, Ap: i32, cp: usize, out: usize): void {
  for (let a = 0; a < Ap; a += 8) {
    const c = <usize>a << 2;
    v128.store(out + c, v128.load(cp + c));
    v128.store(out + c, v128.load(cp + c, 16), 16);
    rowStrip(out + c, h, H, VT + (<usize>(a * H) << 2), 32);
  }
}

// dL/dh (Hp) = dhNext + dL/do · Vb;  norm += (dL/dh)² lane-wise;  dz = (1 − h²) ⊙ dL/dh
// Vb's rows are `stride` bytes apart: Hp floats (padded with zeros), or H for V itself, whose last
// 8-column strip then reaches into the next row; the columns past H are masked to 0.
export function dLdhRow(dhNext: usize, dO: usize, Vb: usize, stride: usize, A: i32, h: usize, H: i32, Hp: i32, dz: usize, norm: usize): void {
  const one = f32x4.splat(1);
  let sq = v128.load(norm);
  for (let i = 0; i < Hp; i += 8) {
    const c = <usize>i << 2;
    const out = dz + c;
    v128.store(out, v128.load(dhNext + c));
    v128.store(out, v128.load(dhNext + c, 16), 16);
    rowStrip(out, dO, A, Vb + c, stride);
    let g0 = v128.load(out), g1 = v128.load(out, 16);
    if (i + 8 > H) {
      g0 = v128.and(g0, lanesBelow(H - i));
      g1 = v128.and(g1, lanesBelow(H - i - 4));
    }
    sq = madd(madd(sq, g0, g0), g1, g1);
    const h0 = v128.load(h + c), h1 = v128.load(h + c, 16);
    v128.store(out, f32x4.mul(f32x4.sub(one, f32x4.mul(h0, h0)), g0));
    v128.store(out, f32x4.mul(f32x4.sub(one, f32x4.mul(h1, h1)), g1), 16);
  }
  v128.store(norm, sq);
}

/** All-ones in lanes k < n, zeros beyond (n may be ≤ 0 or ≥ 4). */
@inline function lanesBelow(n: i32): v128 {
  return i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(n));
}

// dhNext (Hp) = dz · W, reduction over i < H; W's 8-column strips `wStrip` bytes apart from Wb,
// their rows `wRow` bytes apart (dhNextRows in backward.ts), the columns past H set to 0
export function dhNextRow(dz: usize, Wb: usize, wStrip: usize, wRow: usize, H: i32, Hp: i32, out: usize): void {
  const zero = f32x4.splat(0);
  for (let j = 0; j < Hp; j += 8) {
    const c = <usize>j << 2;
    v128.store(out + c, zero);
    v128.store(out + c, zero, 16);
    rowStrip(out + c, dz, H, Wb + <usize>(j >> 3) * wStrip, wRow);
  }
  memory.fill(out + (<usize>H << 2), 0, <usize>(Hp - H) << 2);
}
