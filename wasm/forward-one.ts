// Forward for a batch of one name (training with batch size 1), without prepare(): W and V are
// read as they are, so no transposed layout is rebuilt for a handful of tokens.

import { minRow } from './block';
import { Field, Param, field, paramAt, ptr } from './layout';
import { madd, tanh4 } from './math';
import { softmaxRows } from './forward';

/**
 * forward() for a batch of one name, without prepare(): the products read W and V as they are
 * (row-major) as dot products, 4 output rows at a time, and the input column of U is gathered, so
 * no transposed layout is rebuilt for a handful of tokens, and backward reads W and V as they are
 * too. Only the softmax mask is written.
 */
export function forwardOne(d: usize): f64 {
  const A = field(d, Field.A), K = field(d, Field.K), H = field(d, Field.H), Hp = field(d, Field.Hp), Ap = field(d, Field.Ap);
  const T = field(d, Field.T);
  const X = A + K;
  const inputs = ptr(d, Field.inputs), targets = ptr(d, Field.targets), hs = ptr(d, Field.hs), hPrevs = ptr(d, Field.hPrev), ps = ptr(d, Field.ps);
  const theta = ptr(d, Field.params);
  const U = paramAt(d, theta, Param.U), W = paramAt(d, theta, Param.W), V = paramAt(d, theta, Param.V);
  const b = paramAt(d, theta, Param.b), c = paramAt(d, theta, Param.c);
  const mask = ptr(d, Field.cp) + (<usize>Ap << 2);
  for (let a = 0; a < Ap; a++) store<f32>(mask + (<usize>a << 2), a < A ? 1 : 0);
  const k = load<i32>(ptr(d, Field.categories));
  const category = k >= 0 ? A + k : -1;
  const rowH = <usize>Hp << 2;
  const rowP = <usize>Ap << 2;
  memory.fill(hPrevs, 0, rowH);
  let loss: f64 = 0;
  for (let t = 0; t < T; t++) {
    const hPrev = hPrevs + <usize>t * rowH;
    const hCur = hs + <usize>t * rowH;
    const o = ps + <usize>t * rowP;
    const token = load<i32>(inputs + (<usize>t << 2));
    // h_t = tanh(U[:, token] + U[:, A+k] + b + W h_{t−1})
    for (let i = 0; i < H; i += 4) {
      let z = f32x4.add(dot4(W, H, i, H, hPrev), v128.load(b + (<usize>i << 2)));
      z = f32x4.add(z, column4(U, X, i, H, token));
      if (category >= 0) z = f32x4.add(z, column4(U, X, i, H, category));
      v128.store(hCur + (<usize>i << 2), tanh4(z));
    }
    memory.fill(hCur + (<usize>H << 2), 0, <usize>(Hp - H) << 2);
    if (t + 1 < T) memory.copy(hPrev + rowH, hCur, rowH);
    // o_t = V h_t + c, −∞ beyond A
    for (let a = 0; a < A; a += 4) {
      const ca = c + (<usize>a << 2);
      const bias = a + 4 <= A ? v128.load(ca) : f32x4(load<f32>(ca), a + 1 < A ? load<f32>(ca, 4) : 0, a + 2 < A ? load<f32>(ca, 8) : 0, 0);
      v128.store(o + (<usize>a << 2), f32x4.add(dot4(V, A, a, H, hCur), bias));
    }
    for (let a = A; a < Ap; a++) store<f32>(o + (<usize>a << 2), -Infinity);
    loss += softmaxRows(1, o, Ap, mask, targets + (<usize>t << 2));
  }
  store<f64>(d + (<usize>Field.loss << 2), loss);
  return loss;
}

/**
 * (M[i … i+3, :] · x) for the rows i … i+3 of the row-major M (rows × n, stride n); rows past the
 * last repeat it (those lanes are overwritten or ignored by the caller).
 */
@inline function dot4(M: usize, rows: i32, i: i32, n: i32, x: usize): v128 {
  const stride = <usize>n << 2;
  const m0 = M + <usize>i * stride;
  const m1 = M + <usize>minRow(i + 1, rows) * stride;
  const m2 = M + <usize>minRow(i + 2, rows) * stride;
  const m3 = M + <usize>minRow(i + 3, rows) * stride;
  let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
  let j = 0;
  for (; j + 8 <= n; j += 8) {
    const jj = <usize>j << 2;
    const x0 = v128.load(x + jj), x1 = v128.load(x + jj, 16);
    a0 = madd(a0, x0, v128.load(m0 + jj)); b0 = madd(b0, x1, v128.load(m0 + jj, 16));
    a1 = madd(a1, x0, v128.load(m1 + jj)); b1 = madd(b1, x1, v128.load(m1 + jj, 16));
    a2 = madd(a2, x0, v128.load(m2 + jj)); b2 = madd(b2, x1, v128.load(m2 + jj, 16));
    a3 = madd(a3, x0, v128.load(m3 + jj)); b3 = madd(b3, x1, v128.load(m3 + jj, 16));
  }
  if (j + 4 <= n) {
    const jj = <usize>j << 2;
    const x0 = v128.load(x + jj);
    a0 = madd(a0, x0, v128.load(m0 + jj));
    a1 = madd(a1, x0, v128.load(m1 + jj));
    a2 = madd(a2, x0, v128.load(m2 + jj));
    a3 = madd(a3, x0, v128.load(m3 + jj));
    j += 4;
  }
  a0 = f32x4.add(a0, b0); a1 = f32x4.add(a1, b1); a2 = f32x4.add(a2, b2); a3 = f32x4.add(a3, b3);
  // lane k ← Σ of a_k's lanes
  const s01 = f32x4.add(v128.shuffle<f32>(a0, a1, 0, 4, 1, 5), v128.shuffle<f32>(a0, a1, 2, 6, 3, 7));
  const s23 = f32x4.add(v128.shuffle<f32>(a2, a3, 0, 4, 1, 5), v128.shuffle<f32>(a2, a3, 2, 6, 3, 7));
  let r = f32x4.add(v128.shuffle<f32>(s01, s23, 0, 1, 4, 5), v128.shuffle<f32>(s01, s23, 2, 3, 6, 7));
  for (; j < n; j++) {
    const xj = load<f32>(x + (<usize>j << 2));
    const jj = <usize>j << 2;
    r = f32x4.add(r, f32x4(load<f32>(m0 + jj) * xj, load<f32>(m1 + jj) * xj, load<f32>(m2 + jj) * xj, load<f32>(m3 + jj) * xj));
  }
  return r;
}

/** (U[i, col], …, U[i+3, col]) of the row-major U (rows × X); rows past the last repeat it. */
@inline function column4(U: usize, X: i32, i: i32, rows: i32, col: i32): v128 {
  return f32x4(
    load<f32>(U + (<usize>(i * X + col) << 2)),
    load<f32>(U + (<usize>(minRow(i + 1, rows) * X + col) << 2)),
    load<f32>(U + (<usize>(minRow(i + 2, rows) * X + col) << 2)),
    load<f32>(U + (<usize>(minRow(i + 3, rows) * X + col) << 2)),
  );
}

