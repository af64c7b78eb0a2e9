// Four-lane float32 tanh and exp for the kernels (WebAssembly SIMD has neither), and the
// multiply-add every product is made of.

/**
 * acc + s·v. In the relaxed-SIMD builds (wasm/build.mjs, `-fma` variants) this is
 * f32x4.relaxed_madd, which V8 emits as one fused multiply-add where the CPU has FMA (one rounding
 * instead of two); elsewhere a multiply then an add.
 */
@inline
export function madd(acc: v128, s: v128, v: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(s, v, acc);
  return f32x4.add(acc, f32x4.mul(s, v));
}

// Lane k of v in all four lanes: the 4-row block and the one-row kernels load 16 bytes and shuffle
// their lanes out (+8–9% over four broadcast loads for the 4-row block alone, on the first push's
// Zen 4). The 6- and 5-row blocks broadcast from memory instead: on Zen 2 the shuffle port is one
// the multiply-adds share (wasm/block.ts).
@inline export function lane0(v: v128): v128 { return v128.shuffle<i32>(v, v, 0, 0, 0, 0); }
@inline export function lane1(v: v128): v128 { return v128.shuffle<i32>(v, v, 1, 1, 1, 1); }
@inline export function lane2(v: v128): v128 { return v128.shuffle<i32>(v, v, 2, 2, 2, 2); }
@inline export function lane3(v: v128): v128 { return v128.shuffle<i32>(v, v, 3, 3, 3, 3); }

// tanh(x) as the rational minimax approximation p(x)/q(x) used by Eigen for float32 (a few ulp),
// clamped to ±7.905311 where tanh rounds to ±1, and tanh(x) = x for |x| < 4e-4; p and q by Horner's
// rule in multiply-adds (fused in the relaxed-SIMD builds).
// NaN passes through (wasm min/max propagate NaN), so a diverging run is still seen as NaN.
@inline
export function tanh4(x: v128): v128 {
  const limit = f32x4.splat(7.90531110763549805);
  const xc = f32x4.min(f32x4.max(x, f32x4.neg(limit)), limit);
  const x2 = f32x4.mul(xc, xc);
  let p = madd(f32x4.splat(2.00018790482477e-13), x2, f32x4.splat(-2.76076847742355e-16));
  p = madd(f32x4.splat(-8.60467152213735e-11), p, x2);
  p = madd(f32x4.splat(5.12229709037114e-8), p, x2);
  p = madd(f32x4.splat(1.48572235717979e-5), p, x2);
  p = madd(f32x4.splat(6.37261928875436e-4), p, x2);
  p = madd(f32x4.splat(4.89352455891786e-3), p, x2);
  p = f32x4.mul(p, xc);
  let q = madd(f32x4.splat(1.18534705686654e-4), x2, f32x4.splat(1.19825839466702e-6));
  q = madd(f32x4.splat(2.268434632439e-3), q, x2);
  q = madd(f32x4.splat(4.89352518554385e-3), q, x2);
  const tiny = f32x4.lt(f32x4.abs(x), f32x4.splat(0.0004));
  return v128.bitselect(x, f32x4.div(p, q), tiny);
}

// exp(x) for x ≤ 0 (softmax after subtracting the largest logit), Cephes expf:
//   x = n·ln2 + r, |r| ≤ ln2/2;  exp(r) by a degree-6 polynomial;  2ⁿ by building the exponent bits.
// Below −87 the result flushes to (nearly) 0, which is what softmax wants.
@inline
export function exp4(x: v128): v128 {
  const xc = f32x4.max(f32x4.min(x, f32x4.splat(88.3762626647949)), f32x4.splat(-87.3365447505531));
  const n = f32x4.nearest(f32x4.mul(xc, f32x4.splat(1.44269504088896341)));
  let r = f32x4.sub(xc, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  let y = f32x4.add(f32x4.mul(r, f32x4.splat(1.9875691500e-4)), f32x4.splat(1.3981999507e-3));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(8.3334519073e-3));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(4.1665795894e-2));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(1.6666665459e-1));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(5.0000001201e-1));
  y = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(y, r), r), r), f32x4.splat(1));
  const pow2n = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(y, pow2n);
}

/** Sum of the four lanes. */
@inline
export function hsum(v: v128): f32 {
  const s = f32x4.add(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(f32x4.add(s, v128.shuffle<f32>(s, s, 1, 0, 3, 2)), 0);
}

/** Largest of the four lanes. */
@inline
export function hmax(v: v128): f32 {
  const s = f32x4.max(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(f32x4.max(s, v128.shuffle<f32>(s, s, 1, 0, 3, 2)), 0);
}

/**
 * o (Ap) ← softmax(o) in place, lanes where mask is 0 (padding, holding −∞) set to 0; returns
 * log Σ exp(o) over the real lanes, as max + log Σ exp(o − max) in float64.
 */
@inline
export function softmaxInPlace(o: usize, Ap: i32, mask: usize): f64 {
  let m = v128.load(o);
  for (let a = 4; a < Ap; a += 4) m = f32x4.max(m, v128.load(o + (<usize>a << 2)));
  const max = hmax(m);
  const maxv = f32x4.splat(max);
  let sum = f32x4.splat(0);
  for (let a = 0; a < Ap; a += 4) {
    const c = <usize>a << 2;
    const e = f32x4.mul(exp4(f32x4.sub(v128.load(o + c), maxv)), v128.load(mask + c));
    v128.store(o + c, e);
    sum = f32x4.add(sum, e);
  }
  const total = hsum(sum);
  const inv = f32x4.splat(<f32>1 / total);
  for (let a = 0; a < Ap; a += 4) {
    const c = <usize>a << 2;
    v128.store(o + c, f32x4.mul(v128.load(o + c), inv));
  }
  return <f64>max + Math.log(<f64>total);
}
