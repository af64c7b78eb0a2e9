// The RNN of core/rnn.ts in WebAssembly SIMD, float32, over one chunk of a length-sorted batch:
//
//   h_t = tanh(U x_t + W h_{t−1} + b)      o_t = V h_t + c      ŷ_t = softmax(o_t)
//   dL/do_t = ŷ_t − y_t       dL/dh_t = Wᵀ dz_{t+1} + Vᵀ dL/do_t       dz_t = (1 − h_t²) ⊙ dL/dh_t
//   dW += Σ dz_t h_{t−1}ᵀ     dV += Σ dL/do_t h_tᵀ    dc += Σ dL/do_t    db, dU[:, x_t] += Σ dz_t
//
// Rows are sorted longest first, so at step t only rows 0 … active[t]−1 are computed, and every
// per-token array is packed: step t's rows are the active[t] slots after step t−1's (no padding),
// and a batch's chunks follow each other, so all its tokens form one run (chunks.ts). The four
// products of a step (W h, V h, Vᵀ dL/do, Wᵀ dz) run through one register-blocked kernel,
// product4x8: 4 rows × 8 columns in eight f32x4 accumulators; a last block of fewer than 4 rows
// repeats its last row, which stores the same numbers twice and is never summed twice. Hidden
// buffers are padded to Hp (H rounded up to 8) with zeros, which stay zero through tanh.
// The loop over t only carries h (forward) and dL/dh (backward); dW, dV, dU, db, dc are summed
// afterwards, chunk by chunk over their tokens (outerRows, inputSums), each output by one thread.

import { Field, DESCRIPTOR_BYTES, field, ptr } from './layout';
import { hsum, lane0, lane1, lane2, lane3, madd, softmaxInPlace, tanh4 } from './math';
import { sumSquares32 } from './optim';
import { copyRows, transpose, transposeToStrips } from './transpose';
import { dhNextRow, dLdhRow, hiddenRow, logitRow } from './rows';

/** Where the module's own static data ends; JavaScript allocates above it. */
export function heapBase(): usize {
  return __heap_base;
}

@inline function minRow(r: i32, n: i32): i32 {
  return r < n ? r : n - 1;
}

/**
 * Rows done in blocks of 4: all whole blocks, and a last block of 3 (repeating its last row costs
 * no more than 3 single rows). The 1 or 2 rows left go through the one-row kernels (rows.ts),
 * whose two accumulators per output vector keep the add chains busy without repeating work.
 */
@inline function blockedRows(n: i32): i32 {
  return (n & 3) == 3 ? n : n & ~3;
}

/**
 * The layouts the products read, from the current parameters (once per batch):
 *   WT (Hp/8, H, 8), VT (Ap/8, H, 8): Wᵀ and Vᵀ in column strips (transposeToStrips)
 *   UT (X+1, Hp) = Uᵀ, b added to the A token rows
 *   cp (Ap) = c, −∞ beyond A;  mask (Ap) = 1 for real tokens, 0 beyond;  Wp, Vp = W, V, rows padded
 */
export function prepare(d: usize): void {
  const A = field(d, Field.A), K = field(d, Field.K), H = field(d, Field.H), Hp = field(d, Field.Hp), Ap = field(d, Field.Ap);
  const X = A + K;
  const U = ptr(d, Field.params);
  const W = U + (<usize>(H * X) << 2);
  const V = W + (<usize>(H * H) << 2);
  const b = V + (<usize>(A * H) << 2);
  const c = b + (<usize>H << 2);
  transposeToStrips(W, H, H, ptr(d, Field.WT));
  transposeToStrips(V, A, H, ptr(d, Field.VT));
  const UT = ptr(d, Field.UT);
  transpose(U, H, X, X, UT, Hp);
  for (let a = 0; a < A; a++) {
    const row = UT + (<usize>(a * Hp) << 2);
    for (let i = 0; i < H; i++) {
      const at = row + (<usize>i << 2);
      store<f32>(at, load<f32>(at) + load<f32>(b + (<usize>i << 2)));
    }
  }
  const cp = ptr(d, Field.cp);
  for (let a = 0; a < Ap; a++) {
    store<f32>(cp + (<usize>a << 2), a < A ? load<f32>(c + (<usize>a << 2)) : -Infinity);
    store<f32>(cp + (<usize>(Ap + a) << 2), a < A ? 1 : 0);
  }
  if (H != Hp) {
    copyRows(W, H, H, H, ptr(d, Field.Wp), Hp);
    copyRows(V, A, H, H, ptr(d, Field.Vp), Hp);
  }
}

/**
 * Forward over the chunk (prepare() first); returns Σ_rows Σ_t −log ŷ_t[target] and leaves
 * hs (h_t), hPrev (h_{t−1}, for dW) and ps (dL/do_t = ŷ_t − y_t) for backward, slot by slot.
 */
export function forward(d: usize): f64 {
  const A = field(d, Field.A), H = field(d, Field.H), Hp = field(d, Field.Hp), Ap = field(d, Field.Ap);
  const T = field(d, Field.T);
  const X = A + field(d, Field.K);
  const inputs = ptr(d, Field.inputs), targets = ptr(d, Field.targets), categories = ptr(d, Field.categories);
  const active = ptr(d, Field.active), hs = ptr(d, Field.hs), hPrevs = ptr(d, Field.hPrev), ps = ptr(d, Field.ps);
  const WT = ptr(d, Field.WT), VT = ptr(d, Field.VT), UT = ptr(d, Field.UT), cp = ptr(d, Field.cp), pack = ptr(d, Field.pack);
  const rowH = <usize>Hp << 2;
  const rowP = <usize>Ap << 2;
  memory.fill(hPrevs, 0, <usize>load<i32>(active) * rowH);
  let loss: f64 = 0;
  let slot = 0;
  for (let t = 0; t < T; t++) {
    const n = load<i32>(active + (<usize>t << 2));
    const hPrev = hPrevs + <usize>slot * rowH;
    const hCur = hs + <usize>slot * rowH;
    const o = ps + <usize>slot * rowP;
    hiddenRows(n, hPrev, hCur, H, Hp, WT, UT, inputs + (<usize>slot << 2), categories, A, X, pack);
    logitRows(n, hCur, H, Hp, VT, Ap, cp, o, pack);
    loss += softmaxRows(n, o, Ap, cp + rowP, targets + (<usize>slot << 2));
    slot += n;
    if (t + 1 < T) memory.copy(hPrevs + <usize>slot * rowH, hCur, <usize>load<i32>(active + (<usize>(t + 1) << 2)) * rowH);
  }
  store<f64>(d + (<usize>Field.loss << 2), loss);
  return loss;
}

// h_t (n, Hp) = tanh(UT[x_t] + UT[A+k] + h_{t−1} (n, Hp) · Wᵀ),  reduction over j < H, Wᵀ in strips WT
function hiddenRows(n: i32, hPrev: usize, hCur: usize, H: i32, Hp: i32, WT: usize, UT: usize, tokens: usize, categories: usize, A: i32, X: i32, pack: usize): void {
  const row = <usize>Hp << 2;
  const block = pack, rows = pack + BLOCK_BYTES;
  const blocked = blockedRows(n);
  for (let r = 0; r < blocked; r += 4) {
    const r0 = r, r1 = minRow(r + 1, n), r2 = minRow(r + 2, n), r3 = minRow(r + 3, n);
    const o0 = hCur + <usize>r0 * row, o1 = hCur + <usize>r1 * row, o2 = hCur + <usize>r2 * row, o3 = hCur + <usize>r3 * row;
    const e0 = UT + <usize>load<i32>(tokens + (<usize>r0 << 2)) * row, k0 = UT + <usize>categoryRow(categories, r0, A, X) * row;
    const e1 = UT + <usize>load<i32>(tokens + (<usize>r1 << 2)) * row, k1 = UT + <usize>categoryRow(categories, r1, A, X) * row;
    const e2 = UT + <usize>load<i32>(tokens + (<usize>r2 << 2)) * row, k2 = UT + <usize>categoryRow(categories, r2, A, X) * row;
    const e3 = UT + <usize>load<i32>(tokens + (<usize>r3 << 2)) * row, k3 = UT + <usize>categoryRow(categories, r3, A, X) * row;
    interleave4(rows, hPrev + <usize>r0 * row, hPrev + <usize>r1 * row, hPrev + <usize>r2 * row, hPrev + <usize>r3 * row, H);
    for (let i = 0; i < Hp; i += 8) {
      const c = <usize>i << 2;
      setBlockRow(block, 0, f32x4.add(v128.load(e0 + c), v128.load(k0 + c)), f32x4.add(v128.load(e0 + c, 16), v128.load(k0 + c, 16)));
      setBlockRow(block, 1, f32x4.add(v128.load(e1 + c), v128.load(k1 + c)), f32x4.add(v128.load(e1 + c, 16), v128.load(k1 + c, 16)));
      setBlockRow(block, 2, f32x4.add(v128.load(e2 + c), v128.load(k2 + c)), f32x4.add(v128.load(e2 + c, 16), v128.load(k2 + c, 16)));
      setBlockRow(block, 3, f32x4.add(v128.load(e3 + c), v128.load(k3 + c)), f32x4.add(v128.load(e3 + c, 16), v128.load(k3 + c, 16)));
      product4x8(block, rows, H, WT + (<usize>(i * H) << 2), 32);
      tanhBlockRow(block, 0, o0 + c); tanhBlockRow(block, 1, o1 + c);
      tanhBlockRow(block, 2, o2 + c); tanhBlockRow(block, 3, o3 + c);
    }
  }
  for (let r = blocked; r < n; r++) {
    hiddenRow(hPrev + <usize>r * row, hCur + <usize>r * row, H, Hp, WT,
      UT + <usize>load<i32>(tokens + (<usize>r << 2)) * row, UT + <usize>categoryRow(categories, r, A, X) * row);
  }
}

// The register block every product of a step is made of, for 4 rows × 8 columns:
//   block (4, 8) += rows (K, 4)ᵀ · M[0 … K, 0 … 8)      (M's rows `stride` bytes apart)
// rows holds the 4 rows' K numbers interleaved (interleave4), so step j loads one 16-byte group
// and broadcasts its lanes, and each step moves two pointers; the 8 accumulators live in registers.
const BLOCK_BYTES: usize = 4 * 8 * 4;

function product4x8(block: usize, rows: usize, K: i32, M: usize, stride: usize): void {
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
function interleave4(out: usize, q0: usize, q1: usize, q2: usize, q3: usize, K: i32): void {
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

@inline function setBlockRow(block: usize, k: usize, lo: v128, hi: v128): void {
  v128.store(block + (k << 5), lo);
  v128.store(block + (k << 5), hi, 16);
}

@inline function copyBlockRow(block: usize, k: usize, out: usize): void {
  v128.store(out, v128.load(block + (k << 5)));
  v128.store(out, v128.load(block + (k << 5), 16), 16);
}

@inline function tanhBlockRow(block: usize, k: usize, out: usize): void {
  v128.store(out, tanh4(v128.load(block + (k << 5))));
  v128.store(out, tanh4(v128.load(block + (k << 5), 16)), 16);
}

/** Row of UT holding U[:, A+k] for the row's category k, or the zero row X when unconditioned. */
@inline function categoryRow(categories: usize, r: i32, A: i32, X: i32): i32 {
  const k = load<i32>(categories + (<usize>r << 2));
  return k >= 0 ? A + k : X;
}

// o_t (n, Ap) = cp + h_t (n, Hp) · Vᵀ,  reduction over j < H, Vᵀ in strips VT
function logitRows(n: i32, h: usize, H: i32, Hp: i32, VT: usize, Ap: i32, cp: usize, out: usize, pack: usize): void {
  const rowH = <usize>Hp << 2;
  const rowP = <usize>Ap << 2;
  const block = pack, rows = pack + BLOCK_BYTES;
  const blocked = blockedRows(n);
  for (let r = 0; r < blocked; r += 4) {
    const r0 = r, r1 = minRow(r + 1, n), r2 = minRow(r + 2, n), r3 = minRow(r + 3, n);
    const o0 = out + <usize>r0 * rowP, o1 = out + <usize>r1 * rowP, o2 = out + <usize>r2 * rowP, o3 = out + <usize>r3 * rowP;
    interleave4(rows, h + <usize>r0 * rowH, h + <usize>r1 * rowH, h + <usize>r2 * rowH, h + <usize>r3 * rowH, H);
    for (let a = 0; a < Ap; a += 8) {
      const c = <usize>a << 2;
      const c0 = v128.load(cp + c), c1 = v128.load(cp + c, 16);
      setBlockRow(block, 0, c0, c1); setBlockRow(block, 1, c0, c1);
      setBlockRow(block, 2, c0, c1); setBlockRow(block, 3, c0, c1);
      product4x8(block, rows, H, VT + (<usize>(a * H) << 2), 32);
      copyBlockRow(block, 0, o0 + c); copyBlockRow(block, 1, o1 + c);
      copyBlockRow(block, 2, o2 + c); copyBlockRow(block, 3, o3 + c);
    }
  }
  for (let r = blocked; r < n; r++) logitRow(h + <usize>r * rowH, H, VT, Ap, cp, out + <usize>r * rowP);
}

// Per row: ŷ = softmax(o) (padding lanes hold −∞ and are masked to 0); loss −= log ŷ[target],
// computed as log Σ exp(o) − o[target]; the row is left holding ŷ − onehot(target).
function softmaxRows(n: i32, out: usize, Ap: i32, mask: usize, targets: usize): f64 {
  const rowP = <usize>Ap << 2;
  let loss: f64 = 0;
  for (let r = 0; r < n; r++) {
    const o = out + <usize>r * rowP;
    const target = o + (<usize>load<i32>(targets + (<usize>r << 2)) << 2);
    const logit = load<f32>(target);
    loss += softmaxInPlace(o, Ap, mask) - <f64>logit;
    store<f32>(target, load<f32>(target) - 1);
  }
  return loss;
}

/**
 * BPTT over the chunk forward() just ran: dz_t of every slot, for the sums (chunks.ts), and
 * normSums[t] = Σ_rows ‖dL/dh_t‖₂.
 */
export function backwardThroughTime(d: usize): void {
  const A = field(d, Field.A), H = field(d, Field.H), Hp = field(d, Field.Hp), Ap = field(d, Field.Ap);
  const B = field(d, Field.B), T = field(d, Field.T);
  const active = ptr(d, Field.active), hs = ptr(d, Field.hs), ps = ptr(d, Field.ps), dz = ptr(d, Field.dz), dhNext = ptr(d, Field.dhNext);
  const rowNorms = ptr(d, Field.rowNorms), normSums = ptr(d, Field.normSums), pack = ptr(d, Field.pack);
  const W = ptr(d, Field.params) + (<usize>(H * (A + field(d, Field.K))) << 2);
  const V = W + (<usize>(H * H) << 2);
  // A chunk of one name (forwardOne, no prepare) reads W and V as they are, rows H floats apart;
  // otherwise rows padded to Hp (prepare's copies when H is not a multiple of 8)
  const single = B == 1;
  const Wb = single || H == Hp ? W : ptr(d, Field.Wp);
  const Vb = single || H == Hp ? V : ptr(d, Field.Vp);
  const stride = <usize>(single ? H : Hp) << 2;
  const rowH = <usize>Hp << 2;
  const rowP = <usize>Ap << 2;
  memory.fill(dhNext, 0, <usize>B * rowH);
  let slot = 0;
  for (let t = 0; t < T; t++) slot += load<i32>(active + (<usize>t << 2));
  for (let t = T - 1; t >= 0; t--) {
    const n = load<i32>(active + (<usize>t << 2));
    slot -= n;
    memory.fill(rowNorms, 0, <usize>n << 4);
    const dzt = dz + <usize>slot * rowH;
    dLdhRows(n, B, dhNext, ps + <usize>slot * rowP, Ap, Vb, stride, A, hs + <usize>slot * rowH, H, Hp, dzt, rowNorms, pack);
    let normSum: f64 = 0;
    for (let r = 0; r < n; r++) normSum += Math.sqrt(<f64>hsum(v128.load(rowNorms + (<usize>r << 4))));
    store<f64>(normSums + (<usize>t << 3), normSum);
    if (t > 0) dhNextRows(n, dzt, Wb, stride, H, Hp, dhNext, pack);
  }
}

/**
 * Rows lo … hi of the stacked [dW; dV] (H + A rows) of the gradient `grads`, summed over chunk d's
 * token slots:
 *   dW (H, H) += Σ_p dz_p h_{t−1,p}ᵀ        dV (A, H) += Σ_p dL/do_p h_pᵀ
 */
export function outerRows(d: usize, grads: usize, lo: i32, hi: i32): void {
  const A = field(d, Field.A), H = field(d, Field.H), Hp = field(d, Field.Hp), Ap = field(d, Field.Ap), N = field(d, Field.slots);
  const dW = grads + (<usize>(H * (A + field(d, Field.K))) << 2);
  const dV = dW + (<usize>(H * H) << 2);
  const rowH = <usize>Hp << 2;
  const i0 = min(lo, H), i1 = min(hi, H);
  if (i1 > i0) outerBlocks(dW + (<usize>(i0 * H) << 2), i1 - i0, H, ptr(d, Field.dz) + (<usize>i0 << 2), rowH, ptr(d, Field.hPrev), rowH, N);
  const a0 = max(lo, H) - H, a1 = max(hi, H) - H;
  if (a1 > a0) outerBlocks(dV + (<usize>(a0 * H) << 2), a1 - a0, H, ptr(d, Field.ps) + (<usize>a0 << 2), <usize>Ap << 2, ptr(d, Field.hs), rowH, N);
}

/** squares (f64 × 2) = Σ of the squares of rows lo … hi of [dW; dV], in dW and in dV (for the gradient's norm). */
export function outerSquares(d: usize, lo: i32, hi: i32, squares: usize): void {
  const A = field(d, Field.A), H = field(d, Field.H);
  const dW = ptr(d, Field.grads) + (<usize>(H * (A + field(d, Field.K))) << 2);
  const dV = dW + (<usize>(H * H) << 2);
  const i0 = min(lo, H), i1 = min(hi, H);
  const a0 = max(lo, H) - H, a1 = max(hi, H) - H;
  store<f64>(squares, sumSquares32(dW + (<usize>(i0 * H) << 2), max(i1 - i0, 0) * H));
  store<f64>(squares, sumSquares32(dV + (<usize>(a0 * H) << 2), max(a1 - a0, 0) * H), 8);
}

/**
 * The sums over the inputs of a batch's `count` chunks (descriptors `DESCRIPTOR_BYTES` apart from
 * `chunks`), with thread's dUT and seen as scratch:
 *   dc += Σ dL/do_t ;  dUT[x_t] += dz_t, dUT[A+k] += dz_t ;  then dU, db from the rows of dUT
 *   that some token or category used (seen[x]; a row is zeroed when first used)
 * then squares (f64 × 3) = Σ dU², Σ db², Σ dc².
 */
export function inputSums(chunks: usize, count: i32, thread: usize, squares: usize): void {
  const A = field(chunks, Field.A), K = field(chunks, Field.K), H = field(chunks, Field.H), Hp = field(chunks, Field.Hp), Ap = field(chunks, Field.Ap);
  const X = A + K;
  const dU = ptr(chunks, Field.grads);
  const db = dU + (<usize>(H * (X + H + A)) << 2);
  const dc = db + (<usize>H << 2);
  const dUT = ptr(thread, Field.dUT), seen = ptr(thread, Field.seen);
  const rowH = <usize>Hp << 2;
  const rowP = <usize>Ap << 2;
  memory.fill(seen, 0, <usize>(X + 1) << 2);
  for (let c = 0; c < count; c++) {
    const d = chunks + <usize>c * DESCRIPTOR_BYTES;
    const T = field(d, Field.T);
    const inputs = ptr(d, Field.inputs), categories = ptr(d, Field.categories), active = ptr(d, Field.active);
    let o = ptr(d, Field.ps), z = ptr(d, Field.dz), x = inputs;
    for (let t = 0; t < T; t++) {
      const n = load<i32>(active + (<usize>t << 2));
      for (let r = 0; r < n; r++) {
        for (let a = 0; a < A; a++) {
          const at = dc + (<usize>a << 2);
          store<f32>(at, load<f32>(at) + load<f32>(o + (<usize>a << 2)));
        }
        const e = useRow(dUT, seen, load<i32>(x), rowH);
        const k = useRow(dUT, seen, categoryRow(categories, r, A, X), rowH);
        for (let i = 0; i < Hp; i += 4) {
          const col = <usize>i << 2;
          const g = v128.load(z + col);
          v128.store(e + col, f32x4.add(v128.load(e + col), g));
          v128.store(k + col, f32x4.add(v128.load(k + col), g));
        }
        o += rowP;
        z += rowH;
        x += 4;
      }
    }
  }
  const H4 = H & ~3;
  for (let x = 0; x < X; x++) {
    if (load<i32>(seen + (<usize>x << 2)) == 0) continue;
    const row = dUT + <usize>x * rowH;
    for (let i = 0; i < H; i++) {
      const at = dU + (<usize>(i * X + x) << 2);
      store<f32>(at, load<f32>(at) + load<f32>(row + (<usize>i << 2)));
    }
    if (x >= A) continue;
    for (let i = 0; i < H4; i += 4) {
      const c = <usize>i << 2;
      v128.store(db + c, f32x4.add(v128.load(db + c), v128.load(row + c)));
    }
    for (let i = H4; i < H; i++) {
      const c = <usize>i << 2;
      store<f32>(db + c, load<f32>(db + c) + load<f32>(row + c));
    }
  }
  store<f64>(squares, sumSquares32(dU, H * X));
  store<f64>(squares, sumSquares32(db, H), 8);
  store<f64>(squares, sumSquares32(dc, A), 16);
}

/** Row x of dUT, zeroed the first time it is used in a backward pass. */
@inline function useRow(dUT: usize, seen: usize, x: i32, rowH: usize): usize {
  const row = dUT + <usize>x * rowH;
  const flag = seen + (<usize>x << 2);
  if (load<i32>(flag) == 0) {
    store<i32>(flag, 1);
    memory.fill(row, 0, rowH);
  }
  return row;
}

// dL/dh (n, Hp) = dhNext + dL/do (n, Ap) · Vb (A, rows `stride` bytes apart), reduction over a < A;
// rowNorms[r] += (dL/dh)² lane-wise;  dz = (1 − h²) ⊙ dL/dh
function dLdhRows(n: i32, B: i32, dhNext: usize, dO: usize, Ap: i32, Vb: usize, stride: usize, A: i32, h: usize, H: i32, Hp: i32, dz: usize, rowNorms: usize, pack: usize): void {
  const rowH = <usize>Hp << 2;
  const rowP = <usize>Ap << 2;
  const block = pack, rows = pack + BLOCK_BYTES;
  const dummy = rowNorms + (<usize>B << 4);
  const blocked = blockedRows(n);
  for (let r = 0; r < blocked; r += 4) {
    const r0 = r, r1 = minRow(r + 1, n), r2 = minRow(r + 2, n), r3 = minRow(r + 3, n);
    const n0 = rowNorms + (<usize>r0 << 4);
    const n1 = r + 1 < n ? rowNorms + (<usize>r1 << 4) : dummy;
    const n2 = r + 2 < n ? rowNorms + (<usize>r2 << 4) : dummy;
    const n3 = r + 3 < n ? rowNorms + (<usize>r3 << 4) : dummy;
    interleave4(rows, dO + <usize>r0 * rowP, dO + <usize>r1 * rowP, dO + <usize>r2 * rowP, dO + <usize>r3 * rowP, A);
    for (let i = 0; i < Hp; i += 8) {
      const c = <usize>i << 2;
      setBlockRow(block, 0, v128.load(dhNext + <usize>r0 * rowH + c), v128.load(dhNext + <usize>r0 * rowH + c, 16));
      setBlockRow(block, 1, v128.load(dhNext + <usize>r1 * rowH + c), v128.load(dhNext + <usize>r1 * rowH + c, 16));
      setBlockRow(block, 2, v128.load(dhNext + <usize>r2 * rowH + c), v128.load(dhNext + <usize>r2 * rowH + c, 16));
      setBlockRow(block, 3, v128.load(dhNext + <usize>r3 * rowH + c), v128.load(dhNext + <usize>r3 * rowH + c, 16));
      product4x8(block, rows, A, Vb + c, stride);
      dzBlockRow(block, 0, n0, h + <usize>r0 * rowH + c, dz + <usize>r0 * rowH + c);
      dzBlockRow(block, 1, n1, h + <usize>r1 * rowH + c, dz + <usize>r1 * rowH + c);
      dzBlockRow(block, 2, n2, h + <usize>r2 * rowH + c, dz + <usize>r2 * rowH + c);
      dzBlockRow(block, 3, n3, h + <usize>r3 * rowH + c, dz + <usize>r3 * rowH + c);
    }
  }
  for (let r = blocked; r < n; r++) {
    dLdhRow(dhNext + <usize>r * rowH, dO + <usize>r * rowP, Vb, stride, A, h + <usize>r * rowH, H, Hp, dz + <usize>r * rowH, rowNorms + (<usize>r << 4));
  }
}

/** Row k of the block is dL/dh: norm += (dL/dh)² lane-wise, dz = (1 − h²) ⊙ dL/dh. */
@inline function dzBlockRow(block: usize, k: usize, norm: usize, h: usize, out: usize): void {
  const g0 = v128.load(block + (k << 5)), g1 = v128.load(block + (k << 5), 16);
  v128.store(norm, madd(madd(v128.load(norm), g0, g0), g1, g1));
  dzStore(h, out, g0, g1, f32x4.splat(1));
}

@inline function dzStore(h: usize, out: usize, g0: v128, g1: v128, one: v128): void {
  const h0 = v128.load(h), h1 = v128.load(h, 16);
  v128.store(out, f32x4.mul(f32x4.sub(one, f32x4.mul(h0, h0)), g0));
  v128.store(out, f32x4.mul(f32x4.sub(one, f32x4.mul(h1, h1)), g1), 16);
}

// dhNext (n, Hp) = dz (n, Hp) · Wb (H, rows `stride` bytes apart), reduction over i < H
function dhNextRows(n: i32, dz: usize, Wb: usize, stride: usize, H: i32, Hp: i32, dhNext: usize, pack: usize): void {
  const row = <usize>Hp << 2;
  const block = pack, rows = pack + BLOCK_BYTES;
  const zero = f32x4.splat(0);
  const blocked = blockedRows(n);
  for (let r = 0; r < blocked; r += 4) {
    const r0 = r, r1 = minRow(r + 1, n), r2 = minRow(r + 2, n), r3 = minRow(r + 3, n);
    const o0 = dhNext + <usize>r0 * row, o1 = dhNext + <usize>r1 * row, o2 = dhNext + <usize>r2 * row, o3 = dhNext + <usize>r3 * row;
    interleave4(rows, dz + <usize>r0 * row, dz + <usize>r1 * row, dz + <usize>r2 * row, dz + <usize>r3 * row, H);
    for (let j = 0; j < Hp; j += 8) {
      const c = <usize>j << 2;
      setBlockRow(block, 0, zero, zero); setBlockRow(block, 1, zero, zero);
      setBlockRow(block, 2, zero, zero); setBlockRow(block, 3, zero, zero);
      product4x8(block, rows, H, Wb + c, stride);
      copyBlockRow(block, 0, o0 + c); copyBlockRow(block, 1, o1 + c);
      copyBlockRow(block, 2, o2 + c); copyBlockRow(block, 3, o3 + c);
    }
  }
  for (let r = blocked; r < n; r++) dhNextRow(dz + <usize>r * row, Wb, stride, H, Hp, dhNext + <usize>r * row);
}

// out (rows, cols) += Σ_{k<n} S_k[:rows] ⊗ Q_k[:cols], token k's numbers at S + k·stepS, Q + k·stepQ
// The step of product4x8's register block, with S's four numbers read in place (stepS apart) and
// the sums added straight into out: the same sums through product4x8 and its block in memory
// measured 10% slower.
function outerBlocks(out: usize, rows: i32, cols: i32, S: usize, stepS: usize, Q: usize, stepQ: usize, n: i32): void {
  const rowOut = <usize>cols << 2;
  for (let i = 0; i < rows; i += 4) {
    for (let j = 0; j < cols; j += 8) {
      let a00 = f32x4.splat(0), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
      let s = S + (<usize>i << 2);
      const first = Q + (<usize>j << 2), end = first + <usize>n * stepQ;
      for (let q = first; q < end; q += stepQ) {
        const q0 = v128.load(q), q1 = v128.load(q, 16);
        const four = v128.load(s);
        const s0 = lane0(four), s1 = lane1(four), s2 = lane2(four), s3 = lane3(four);
        a00 = madd(a00, s0, q0); a01 = madd(a01, s0, q1);
        a10 = madd(a10, s1, q0); a11 = madd(a11, s1, q1);
        a20 = madd(a20, s2, q0); a21 = madd(a21, s2, q1);
        a30 = madd(a30, s3, q0); a31 = madd(a31, s3, q1);
        s += stepS;
      }
      const o = out + <usize>i * rowOut + (<usize>j << 2);
      addBlockRow(o, a00, a01, j, cols);
      if (i + 1 < rows) addBlockRow(o + rowOut, a10, a11, j, cols);
      if (i + 2 < rows) addBlockRow(o + 2 * rowOut, a20, a21, j, cols);
      if (i + 3 < rows) addBlockRow(o + 3 * rowOut, a30, a31, j, cols);
    }
  }
}

/** out[0 … 8) += (lo, hi), only the columns j + k < cols. */
@inline function addBlockRow(out: usize, lo: v128, hi: v128, j: i32, cols: i32): void {
  if (j + 8 <= cols) {
    v128.store(out, f32x4.add(v128.load(out), lo));
    v128.store(out, f32x4.add(v128.load(out, 16), hi), 16);
  } else {
    for (let k = 0; k < cols - j; k++) {
      const v = k < 4 ? lane(lo, k) : lane(hi, k - 4);
      store<f32>(out + (<usize>k << 2), load<f32>(out + (<usize>k << 2)) + v);
    }
  }
}

@inline function lane(v: v128, k: i32): f32 {
  return k == 0 ? f32x4.extract_lane(v, 0) : k == 1 ? f32x4.extract_lane(v, 1) : k == 2 ? f32x4.extract_lane(v, 2) : f32x4.extract_lane(v, 3);
}

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
  const U = ptr(d, Field.params);
  const W = U + (<usize>(H * X) << 2);
  const V = W + (<usize>(H * H) << 2);
  const b = V + (<usize>(A * H) << 2);
  const c = b + (<usize>H << 2);
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
