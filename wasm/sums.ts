// The parameter gradients, summed over a batch's token slots after BPTT (wasm/chunks.ts hands
// each unit of rows to one thread, chunk by chunk in slot order, so every sum has one order):
//   dW += Σ dz_t h_{t−1}ᵀ     dV += Σ dL/do_t h_tᵀ    dc += Σ dL/do_t    db, dU[:, x_t] += Σ dz_t
// and each unit's sums of squares, for the gradient's norm.

import { DESCRIPTOR_BYTES, Field, Param, categoryRow, field, paramAt, ptr } from './layout';
import { BLOCK_BYTES, product6x8, setBlockRow } from './block';
import { sumSquares32 } from './optim';

/**
 * Rows lo … hi of the stacked [dW; dV] (H + A rows) of the gradient `grads`, summed over chunk d's
 * token slots:
 *   dW (H, H) += Σ_p dz_p h_{t−1,p}ᵀ (steps t ≥ 1)        dV (A, H) += Σ_p dL/do_p h_pᵀ
 */
export function outerRows(d: usize, grads: usize, lo: i32, hi: i32, pack: usize): void {
  const A = field(d, Field.A), H = field(d, Field.H), Hp = field(d, Field.Hp), Ap = field(d, Field.Ap), N = field(d, Field.slots);
  const dW = paramAt(d, grads, Param.W), dV = paramAt(d, grads, Param.V);
  const rowH = <usize>Hp << 2;
  const i0 = min(lo, H), i1 = min(hi, H);
  // the first step's slots add nothing to dW: their h_{−1} is 0
  const firstStep = load<i32>(ptr(d, Field.active)), skipped = <usize>firstStep * rowH;
  if (i1 > i0) outerBlocks(dW + (<usize>(i0 * H) << 2), i1 - i0, H, ptr(d, Field.dz) + skipped + (<usize>i0 << 2), rowH, ptr(d, Field.hPrev) + skipped, rowH, N - firstStep, pack);
  const a0 = max(lo, H) - H, a1 = max(hi, H) - H;
  if (a1 > a0) outerBlocks(dV + (<usize>(a0 * H) << 2), a1 - a0, H, ptr(d, Field.ps) + (<usize>a0 << 2), <usize>Ap << 2, ptr(d, Field.hs), rowH, N, pack);
}

/** squares (f64 × 2) = Σ of the squares of rows lo … hi of [dW; dV], in dW and in dV (for the gradient's norm). */
export function outerSquares(d: usize, lo: i32, hi: i32, squares: usize): void {
  const A = field(d, Field.A), H = field(d, Field.H);
  const dW = paramAt(d, ptr(d, Field.grads), Param.W), dV = paramAt(d, ptr(d, Field.grads), Param.V);
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
  const db = paramAt(chunks, dU, Param.b), dc = paramAt(chunks, dU, Param.c);
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

// out (rows, cols) += Σ_{k<n} S_k[:rows] ⊗ Q_k[:cols], token k's numbers at S + k·stepS, Q + k·stepQ
// Six rows at a time: their numbers of every token are first packed side by side (pack, 32 bytes a
// token), so that product6x8 reads them as it reads a block's rows in forward and BPTT, and adds
// into out's rows in place. A block cut by out's last row or column is summed from 0 in pack's
// register block and added; it reads S's numbers past the last row (padding, or the next token's).
function outerBlocks(out: usize, rows: i32, cols: i32, S: usize, stepS: usize, Q: usize, stepQ: usize, n: i32, pack: usize): void {
  const rowOut = <usize>cols << 2;
  const block = pack, packed = pack + BLOCK_BYTES;
  const zero = f32x4.splat(0);
  for (let i = 0; i < rows; i += 6) {
    let s = S + (<usize>i << 2);
    for (let p = packed, end = packed + (<usize>n << 5); p < end; p += 32) {
      v128.store(p, v128.load(s));
      v128.store(p, v128.load(s, 16), 16);
      s += stepS;
    }
    const height = min(rows - i, 6);
    for (let j = 0; j < cols; j += 8) {
      const o = out + <usize>i * rowOut + (<usize>j << 2);
      if (height == 6 && j + 8 <= cols) {
        product6x8(o, rowOut, packed, n, Q + (<usize>j << 2), stepQ);
        continue;
      }
      for (let k = 0; k < 6; k++) setBlockRow(block, k, zero, zero);
      product6x8(block, 32, packed, n, Q + (<usize>j << 2), stepQ);
      for (let k = 0; k < height; k++) addBlockRow(o + <usize>k * rowOut, block + (<usize>k << 5), cols - j);
    }
  }
}

/** out[0 … count) += the block row at `from`, count < 8 or not. */
@inline function addBlockRow(out: usize, from: usize, count: i32): void {
  for (let k = 0; k < min(count, 8); k++) {
    const at = out + (<usize>k << 2);
    store<f32>(at, load<f32>(at) + load<f32>(from + (<usize>k << 2)));
  }
}
