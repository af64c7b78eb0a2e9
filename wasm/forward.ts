// Forward over one chunk of a length-sorted batch (core/rnn.ts's forward), after prepare():
//   h_t = tanh(U x_t + W h_{t−1} + b)      o_t = V h_t + c      ŷ_t = softmax(o_t)
//   L = −Σ_t log ŷ_t[target_t]
// Rows are sorted longest first, so at step t only rows 0 … active[t]−1 are computed, and every
// per-token array is packed: step t's rows are the active[t] slots after step t−1's (no padding).
// Hidden buffers are padded to Hp (H rounded up to 8) with zeros, which stay zero through tanh.

import { BLOCK_BYTES, blockHeight, copyBlockRow, interleaveRows, minRow, productBlock, setBlockRow, tanhBlockRow } from './block';
import { Field, categoryRow, field, ptr } from './layout';
import { softmaxInPlace, tanh4 } from './math';
import { hiddenRow, logitRow } from './rows';

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
    if (t == 0) firstHiddenRows(n, hCur, Hp, UT, inputs, categories, A, X);
    else hiddenRows(n, hPrev, hCur, H, Hp, WT, UT, inputs + (<usize>slot << 2), categories, A, X, pack);
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
  let r = 0;
  for (let height = blockHeight(n); height > 0; height = blockHeight(n - r)) {
    interleaveRows(rows, hPrev, row, r, n, height, H);
    for (let i = 0; i < Hp; i += 8) {
      const c = <usize>i << 2;
      for (let k = 0; k < height; k++) {
        const q = minRow(r + k, n);
        const e = UT + <usize>load<i32>(tokens + (<usize>q << 2)) * row + c, x = UT + <usize>categoryRow(categories, q, A, X) * row + c;
        setBlockRow(block, k, f32x4.add(v128.load(e), v128.load(x)), f32x4.add(v128.load(e, 16), v128.load(x, 16)));
      }
      productBlock(block, rows, H, WT + (<usize>(i * H) << 2), 32, height);
      for (let k = 0; k < height; k++) tanhBlockRow(block, k, hCur + <usize>minRow(r + k, n) * row + c);
    }
    r += height;
  }
  for (; r < n; r++) {
    hiddenRow(hPrev + <usize>r * row, hCur + <usize>r * row, H, Hp, WT,
      UT + <usize>load<i32>(tokens + (<usize>r << 2)) * row, UT + <usize>categoryRow(categories, r, A, X) * row);
  }
}

// h_0 (n, Hp) = tanh(UT[x_0] + UT[A+k]): the first step, whose h_{−1} is 0, has no product
function firstHiddenRows(n: i32, hCur: usize, Hp: i32, UT: usize, tokens: usize, categories: usize, A: i32, X: i32): void {
  const row = <usize>Hp << 2;
  for (let r = 0; r < n; r++) {
    const e = UT + <usize>load<i32>(tokens + (<usize>r << 2)) * row, x = UT + <usize>categoryRow(categories, r, A, X) * row;
    const out = hCur + <usize>r * row;
    for (let c: usize = 0; c < row; c += 16) v128.store(out + c, tanh4(f32x4.add(v128.load(e + c), v128.load(x + c))));
  }
}

// o_t (n, Ap) = cp + h_t (n, Hp) · Vᵀ,  reduction over j < H, Vᵀ in strips VT
function logitRows(n: i32, h: usize, H: i32, Hp: i32, VT: usize, Ap: i32, cp: usize, out: usize, pack: usize): void {
  const rowH = <usize>Hp << 2;
  const rowP = <usize>Ap << 2;
  const block = pack, rows = pack + BLOCK_BYTES;
  let r = 0;
  for (let height = blockHeight(n); height > 0; height = blockHeight(n - r)) {
    interleaveRows(rows, h, rowH, r, n, height, H);
    for (let a = 0; a < Ap; a += 8) {
      const c = <usize>a << 2;
      const c0 = v128.load(cp + c), c1 = v128.load(cp + c, 16);
      for (let k = 0; k < height; k++) setBlockRow(block, k, c0, c1);
      productBlock(block, rows, H, VT + (<usize>(a * H) << 2), 32, height);
      for (let k = 0; k < height; k++) copyBlockRow(block, k, out + <usize>minRow(r + k, n) * rowP + c);
    }
    r += height;
  }
  for (; r < n; r++) logitRow(h + <usize>r * rowH, H, VT, Ap, cp, out + <usize>r * rowP);
}

// Per row: ŷ = softmax(o) (padding lanes hold −∞ and are masked to 0); loss −= log ŷ[target],
// computed as log Σ exp(o) − o[target]; the row is left holding ŷ − onehot(target).
export function softmaxRows(n: i32, out: usize, Ap: i32, mask: usize, targets: usize): f64 {
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
