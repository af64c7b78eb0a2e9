// What the trainer does to the flat gradient and parameter buffers after BPTT (core/optim.ts is the
// reference): the gradient's sums of squares, then one optimizer pass that applies the gradient's
// whole scale s (1/tokens times the global-norm clip) itself and leaves the gradient zeroed for the
// next backward. float32 weights, gradients and moments (optim.ts keeps float64 moments); the
// results differ from optim.ts only in rounding (test/core/wasm-update.test.ts states the tolerance).

import { madd } from './math';

/**
 * Σ g² over n numbers: squares summed in float32 over runs of 64 numbers (8 per lane of two
 * accumulators: a relative error of at most ~5e-7), each run's sum added in float64.
 */
export function sumSquares32(g: usize, n: i32): f64 {
  let total = f64x2.splat(0);
  const n64 = n & ~63;
  for (let i = 0; i < n64; i += 64) {
    const p = g + (<usize>i << 2);
    let a = f32x4.splat(0), b = a;
    for (let k: usize = 0; k < 256; k += 32) {
      const x = v128.load(p + k), y = v128.load(p + k, 16);
      a = f32x4.add(a, f32x4.mul(x, x));
      b = f32x4.add(b, f32x4.mul(y, y));
    }
    const q = f32x4.add(a, b);
    total = f64x2.add(total, f64x2.add(f64x2.promote_low_f32x4(q), f64x2.promote_low_f32x4(v128.shuffle<f32>(q, q, 2, 3, 0, 1))));
  }
  let sum = f64x2.extract_lane(total, 0) + f64x2.extract_lane(total, 1);
  for (let i = n64; i < n; i++) {
    const v = <f64>load<f32>(g + (<usize>i << 2));
    sum += v * v;
  }
  return sum;
}

/**
 * sumSquares32 over [lo, hi) of the flat gradient, one parameter at a time: starts (i32) holds the
 * 5 parameters' first indices and the total; out (f64 × 5) ← each parameter's Σ g² in the range.
 */
export function sumSquaresSplit(g: usize, starts: usize, lo: i32, hi: i32, out: usize): void {
  for (let k = 0; k < 5; k++) {
    const a = max(lo, load<i32>(starts + (<usize>k << 2)));
    const b = min(hi, load<i32>(starts + (<usize>(k + 1) << 2)));
    store<f64>(out + (<usize>k << 3), b > a ? sumSquares32(g + (<usize>a << 2), b - a) : 0);
  }
}

/** SGD  θ ← θ − (lr·s)·g in float32;  g ← 0. */
export function sgd(theta: usize, g: usize, n: i32, lr: f64, s: f64): void {
  const k = <f32>(-lr * s);
  const kv = f32x4.splat(k);
  const zero = f32x4.splat(0);
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const c = <usize>i << 2;
    v128.store(theta + c, f32x4.add(v128.load(theta + c), f32x4.mul(kv, v128.load(g + c))));
    v128.store(g + c, zero);
  }
  for (let i = n4; i < n; i++) {
    const c = <usize>i << 2;
    store<f32>(theta + c, load<f32>(theta + c) + k * load<f32>(g + c));
    store<f32>(g + c, 0);
  }
}

/** Adagrad  G ← G + g²;  θ ← θ − lr·g / (√G + ε)  with g·s for g, in float32;  g ← 0. */
export function adagrad(theta: usize, g: usize, G: usize, n: i32, lr: f64, s: f64, eps: f64): void {
  const scale = <f32>s, rate = <f32>lr, e = <f32>eps;
  const scalev = f32x4.splat(scale), ratev = f32x4.splat(rate), epsv = f32x4.splat(e);
  const zero = f32x4.splat(0);
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const c = <usize>i << 2;
    const g4 = f32x4.mul(v128.load(g + c), scalev);
    v128.store(g + c, zero);
    const G4 = madd(v128.load(G + c), g4, g4);
    v128.store(G + c, G4);
    v128.store(theta + c, f32x4.sub(v128.load(theta + c), f32x4.div(f32x4.mul(ratev, g4), f32x4.add(f32x4.sqrt(G4), epsv))));
  }
  for (let i = n4; i < n; i++) {
    const c = <usize>i << 2;
    const gi = load<f32>(g + c) * scale;
    store<f32>(g + c, 0);
    const Gi = load<f32>(G + c) + gi * gi;
    store<f32>(G + c, Gi);
    store<f32>(theta + c, load<f32>(theta + c) - (rate * gi) / (Mathf.sqrt(Gi) + e));
  }
}

/**
 * Adam  m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  θ ← θ − lr·(m/c1) / (√(v/c2) + ε)
 * with g·s for g, c1 = 1−β1ᵗ, c2 = 1−β2ᵗ;  g ← 0. All in float32, four numbers at a time, with
 * (1−β1)·s, (1−β2)·s² and lr/c1 folded once: twice as fast as float64 moments, whose conversions
 * and f64x2 arithmetic took as long as the square root and division (135 against 69 µs for 84k
 * numbers alone). The scalar tail uses the same constants, which also keeps binaryen from
 * recomputing them inside the vector loop.
 */
export function adam(theta: usize, g: usize, m: usize, v: usize, n: i32, lr: f64, s: f64, beta1: f64, beta2: f64, c1: f64, c2: f64, eps: f64): void {
  const b1 = <f32>beta1, b2 = <f32>beta2, k1 = <f32>((1 - beta1) * s), k2 = <f32>((1 - beta2) * s * s);
  const rate = <f32>(lr / c1), inv2 = <f32>(1 / c2), e = <f32>eps;
  const b1v = f32x4.splat(b1), b2v = f32x4.splat(b2), k1v = f32x4.splat(k1), k2v = f32x4.splat(k2);
  const ratev = f32x4.splat(rate), inv2v = f32x4.splat(inv2), epsv = f32x4.splat(e);
  const zero = f32x4.splat(0);
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const c = <usize>i << 2;
    const g4 = v128.load(g + c);
    v128.store(g + c, zero);
    const m4 = madd(f32x4.mul(b1v, v128.load(m + c)), k1v, g4);
    const v4 = madd(f32x4.mul(b2v, v128.load(v + c)), f32x4.mul(k2v, g4), g4);
    v128.store(m + c, m4);
    v128.store(v + c, v4);
    const step = f32x4.div(f32x4.mul(ratev, m4), f32x4.add(f32x4.sqrt(f32x4.mul(v4, inv2v)), epsv));
    v128.store(theta + c, f32x4.sub(v128.load(theta + c), step));
  }
  for (let i = n4; i < n; i++) {
    const c = <usize>i << 2;
    const gi = load<f32>(g + c);
    store<f32>(g + c, 0);
    const mi = b1 * load<f32>(m + c) + k1 * gi;
    const vi = b2 * load<f32>(v + c) + k2 * gi * gi;
    store<f32>(m + c, mi);
    store<f32>(v + c, vi);
    store<f32>(theta + c, load<f32>(theta + c) - (rate * mi) / (Mathf.sqrt(vi * inv2) + e));
  }
}
