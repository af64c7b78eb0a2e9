// Forward over one chunk of a length-sorted batch (core/rnn.ts's forward), after prepare():
//   h_t = tanh(U x_t + W h_{t−1} + b)      o_t = V h_t + c      ŷ_t = softmax(o_t)
//   L = −Σ_t log ŷ_t[target_t]
// Rows are sorted longest first, so at step t only rows 0 … active[t]−1 are computed, and every
// per-token array is packed: step t's rows are the active[t] slots after step t−1's (no padding).
// Hidden buffers are padded to Hp (H rounded up to 8) with zeros, which stay zero through tanh.

import { BLOCK_BYTES, blockedRows, copyBlockRow, interleave4, minRow, product4x8, setBlockRow, tanhBlockRow } from './block';
import { Field, categoryRow, field, ptr } from './layout';
import { softmaxInPlace } from './math';
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
