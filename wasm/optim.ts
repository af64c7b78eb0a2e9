// What the trainer does to the flat gradient and parameter buffers after BPTT (core/optim.ts is the
// reference): the gradient's sums of squares, then one optimizer pass that applies the gradient's
// whole scale s (1/tokens times the global-norm clip) itself and leaves the gradient zeroed for the
// next backward. float32 buffers, float64 moments; the results differ from optim.ts only in
// rounding (test/core/wasm-kernels.test.ts states the tolerance).

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

/** Adagrad with g·s (float64);  g ← 0. */
export function adagrad(theta: usize, g: usize, G: usize, n: i32, lr: f64, s: f64, eps: f64): void {
  for (let i = 0; i < n; i++) {
    const c = <usize>i << 2;
    const gi = <f64>load<f32>(g + c) * s;
    store<f32>(g + c, 0);
    const at = G + (<usize>i << 3);
    const Gi = load<f64>(at) + gi * gi;
    store<f64>(at, Gi);
    store<f32>(theta + c, <f32>(<f64>load<f32>(theta + c) - (lr * gi) / (Math.sqrt(Gi) + eps)));
  }
}

/**
 * Adam  m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  θ ← θ − lr·(m/c1) / (√(v/c2) + ε)
 * with g·s for g, c1 = 1−β1ᵗ, c2 = 1−β2ᵗ;  g ← 0. The moments in float64; the step as
 * (lr/c1)·m / (√(v·(1/c2)) + ε) in float32, four numbers at a time: one f32x4 square root and
 * division instead of two of each in f64x2, which dominated the pass (the step is a small change
 * to a float32 weight, so its own float32 rounding stays far below the weight's last bit).
 */
export function adam(theta: usize, g: usize, m: usize, v: usize, n: i32, lr: f64, s: f64, beta1: f64, beta2: f64, c1: f64, c2: f64, eps: f64): void {
  const b1 = f64x2.splat(beta1), b2 = f64x2.splat(beta2);
  const one1 = f64x2.splat(1 - beta1), one2 = f64x2.splat(1 - beta2);
  const rate = lr / c1, inv2 = 1 / c2;
  const ratev = f32x4.splat(<f32>rate), inv2v = f64x2.splat(inv2), epsv = f32x4.splat(<f32>eps);
  const scale = f64x2.splat(s);
  const zero = f32x4.splat(0);
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const c = <usize>i << 2;
    const c8 = <usize>i << 3;
    const g4 = v128.load(g + c);
    v128.store(g + c, zero);
    const g0 = f64x2.mul(f64x2.promote_low_f32x4(g4), scale);
    const g1 = f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<f32>(g4, g4, 2, 3, 0, 1)), scale);
    const m0 = f64x2.add(f64x2.mul(b1, v128.load(m + c8)), f64x2.mul(one1, g0));
    const m1 = f64x2.add(f64x2.mul(b1, v128.load(m + c8, 16)), f64x2.mul(one1, g1));
    const v0 = f64x2.add(f64x2.mul(b2, v128.load(v + c8)), f64x2.mul(f64x2.mul(one2, g0), g0));
    const v1 = f64x2.add(f64x2.mul(b2, v128.load(v + c8, 16)), f64x2.mul(f64x2.mul(one2, g1), g1));
    v128.store(m + c8, m0);
    v128.store(m + c8, m1, 16);
    v128.store(v + c8, v0);
    v128.store(v + c8, v1, 16);
    const m4 = float32x4Of(m0, m1);
    const v4 = float32x4Of(f64x2.mul(v0, inv2v), f64x2.mul(v1, inv2v));
    const step = f32x4.div(f32x4.mul(ratev, m4), f32x4.add(f32x4.sqrt(v4), epsv));
    v128.store(theta + c, f32x4.sub(v128.load(theta + c), step));
  }
  for (let i = n4; i < n; i++) {
    const c = <usize>i << 2;
    const c8 = <usize>i << 3;
    const gi = <f64>load<f32>(g + c) * s;
    store<f32>(g + c, 0);
    const mi = beta1 * load<f64>(m + c8) + (1 - beta1) * gi;
    const vi = beta2 * load<f64>(v + c8) + (1 - beta2) * gi * gi;
    store<f64>(m + c8, mi);
    store<f64>(v + c8, vi);
    const step = (<f32>rate * <f32>mi) / (Mathf.sqrt(<f32>(vi * inv2)) + <f32>eps);
    store<f32>(theta + c, load<f32>(theta + c) - step);
  }
}

/** The four float32 numbers (lo[0], lo[1], hi[0], hi[1]). */
@inline function float32x4Of(lo: v128, hi: v128): v128 {
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}
