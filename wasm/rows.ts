// One-row versions of the products in rnn.ts, for the 1–2 rows a batch's 4-row blocks leave over
// (and every row of a batch of one name). Each output vector has two accumulators, for even and
// odd steps of the reduction, so two add chains are in flight instead of one.

import { madd, tanh4 } from './math';

// h_t (Hp) = tanh(e + k + h_{t−1} · Wᵀ),  e, k the UT rows of the token and category, Wᵀ in strips WT
export function hiddenRow(hPrev: usize, hCur: usize, H: i32, Hp: i32, WT: usize, e: usize, k: usize): void {
  for (let i = 0; i < Hp; i += 8) {
    const c = <usize>i << 2;
    const lo = f32x4.add(v128.load(e + c), v128.load(k + c)), hi = f32x4.add(v128.load(e + c, 16), v128.load(k + c, 16));
    let a0 = lo, a1 = hi, b0 = f32x4.splat(0), b1 = b0;
    let m = WT + (<usize>(i * H) << 2);
    let j = 0;
    for (; j + 1 < H; j += 2) {
      const s = v128.load32_splat(hPrev + (<usize>j << 2)), t = v128.load32_splat(hPrev + (<usize>j << 2), 4);
      a0 = madd(a0, s, v128.load(m)); a1 = madd(a1, s, v128.load(m, 16));
      b0 = madd(b0, t, v128.load(m, 32)); b1 = madd(b1, t, v128.load(m, 48));
      m += 64;
    }
    if (j < H) {
      const s = v128.load32_splat(hPrev + (<usize>j << 2));
      a0 = madd(a0, s, v128.load(m)); a1 = madd(a1, s, v128.load(m, 16));
    }
    v128.store(hCur + c, tanh4(f32x4.add(a0, b0)));
    v128.store(hCur + c, tanh4(f32x4.add(a1, b1)), 16);
  }
}

// o_t (Ap) = cp + h_t · Vᵀ,  Vᵀ in strips VT
export function logitRow(h: usize, H: i32, VT: usize, Ap: i32, cp: usize, out: usize): void {
  for (let a = 0; a < Ap; a += 8) {
    const c = <usize>a << 2;
    let a0 = v128.load(cp + c), a1 = v128.load(cp + c, 16), b0 = f32x4.splat(0), b1 = b0;
    let m = VT + (<usize>(a * H) << 2);
    let j = 0;
    for (; j + 1 < H; j += 2) {
      const s = v128.load32_splat(h + (<usize>j << 2)), t = v128.load32_splat(h + (<usize>j << 2), 4);
      a0 = madd(a0, s, v128.load(m)); a1 = madd(a1, s, v128.load(m, 16));
      b0 = madd(b0, t, v128.load(m, 32)); b1 = madd(b1, t, v128.load(m, 48));
      m += 64;
    }
    if (j < H) {
      const s = v128.load32_splat(h + (<usize>j << 2));
      a0 = madd(a0, s, v128.load(m)); a1 = madd(a1, s, v128.load(m, 16));
    }
    v128.store(out + c, f32x4.add(a0, b0));
    v128.store(out + c, f32x4.add(a1, b1), 16);
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
    let a0 = v128.load(dhNext + c), a1 = v128.load(dhNext + c, 16), b0 = f32x4.splat(0), b1 = b0;
    let m = Vb + c;
    let a = 0;
    for (; a + 1 < A; a += 2) {
      const s = v128.load32_splat(dO + (<usize>a << 2)), t = v128.load32_splat(dO + (<usize>a << 2), 4);
      a0 = madd(a0, s, v128.load(m)); a1 = madd(a1, s, v128.load(m, 16));
      b0 = madd(b0, t, v128.load(m + stride)); b1 = madd(b1, t, v128.load(m + stride, 16));
      m += 2 * stride;
    }
    if (a < A) {
      const s = v128.load32_splat(dO + (<usize>a << 2));
      a0 = madd(a0, s, v128.load(m)); a1 = madd(a1, s, v128.load(m, 16));
    }
    let g0 = f32x4.add(a0, b0), g1 = f32x4.add(a1, b1);
    if (i + 8 > H) {
      g0 = v128.and(g0, lanesBelow(H - i));
      g1 = v128.and(g1, lanesBelow(H - i - 4));
    }
    sq = madd(madd(sq, g0, g0), g1, g1);
    const h0 = v128.load(h + c), h1 = v128.load(h + c, 16);
    v128.store(dz + c, f32x4.mul(f32x4.sub(one, f32x4.mul(h0, h0)), g0));
    v128.store(dz + c, f32x4.mul(f32x4.sub(one, f32x4.mul(h1, h1)), g1), 16);
  }
  v128.store(norm, sq);
}

/** All-ones in lanes k < n, zeros beyond (n may be ≤ 0 or ≥ 4). */
@inline function lanesBelow(n: i32): v128 {
  return i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(n));
}

// dhNext (Hp) = dz · Wb, reduction over i < H; Wb's rows `stride` bytes apart as in dLdhRow, the
// columns past H set to 0
export function dhNextRow(dz: usize, Wb: usize, stride: usize, H: i32, Hp: i32, out: usize): void {
  for (let j = 0; j < Hp; j += 8) {
    const c = <usize>j << 2;
    let a0 = f32x4.splat(0), a1 = a0, b0 = a0, b1 = a0;
    let m = Wb + c;
    let i = 0;
    for (; i + 1 < H; i += 2) {
      const s = v128.load32_splat(dz + (<usize>i << 2)), t = v128.load32_splat(dz + (<usize>i << 2), 4);
      a0 = madd(a0, s, v128.load(m)); a1 = madd(a1, s, v128.load(m, 16));
      b0 = madd(b0, t, v128.load(m + stride)); b1 = madd(b1, t, v128.load(m + stride, 16));
      m += 2 * stride;
    }
    if (i < H) {
      const s = v128.load32_splat(dz + (<usize>i << 2));
      a0 = madd(a0, s, v128.load(m)); a1 = madd(a1, s, v128.load(m, 16));
    }
    v128.store(out + c, f32x4.add(a0, b0));
    v128.store(out + c, f32x4.add(a1, b1), 16);
  }
  memory.fill(out + (<usize>H << 2), 0, <usize>(Hp - H) << 2);
}
