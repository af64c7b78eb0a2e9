// BPTT over one chunk that forward() (or forwardOne()) just ran, from the last step to the first:
//   dL/do_t = ŷ_t − y_t       dL/dh_t = Wᵀ dz_{t+1} + Vᵀ dL/do_t       dz_t = (1 − h_t²) ⊙ dL/dh_t
// The loop over t carries only dL/dh; the parameter gradients are summed afterwards from dz and
// dL/do of every slot (sums.ts). The elementwise (1 − h²) stands in for the Jacobian's diagonal.

import { BLOCK_BYTES, blockHeight, copyBlockRow, interleaveRows, minRow, productBlock, setBlockRow } from './block';
import { Field, Param, field, paramAt, ptr } from './layout';
import { hsum, madd } from './math';
import { dhNextRow, dLdhRow } from './rows';

/**
 * BPTT over the chunk forward() just ran: dz_t of every slot, for the sums (chunks.ts), and
 * normSums[t] = Σ_rows ‖dL/dh_t‖₂.
 */
export function backwardThroughTime(d: usize): void {
  const A = field(d, Field.A), H = field(d, Field.H), Hp = field(d, Field.Hp), Ap = field(d, Field.Ap);
  const B = field(d, Field.B), T = field(d, Field.T);
  const active = ptr(d, Field.active), hs = ptr(d, Field.hs), ps = ptr(d, Field.ps), dz = ptr(d, Field.dz), dhNext = ptr(d, Field.dhNext);
  const rowNorms = ptr(d, Field.rowNorms), normSums = ptr(d, Field.normSums), pack = ptr(d, Field.pack);
  const W = paramAt(d, ptr(d, Field.params), Param.W), V = paramAt(d, ptr(d, Field.params), Param.V);
  // A chunk of one name (forwardOne, no prepare) reads W and V as they are, rows H floats apart.
  // Otherwise W in column strips (prepare's WS: each strip's rows 32 bytes apart, so the products
  // read it front to back) and V's rows padded to Hp (prepare's copy when H is not a multiple of 8).
  const single = B == 1;
  const Wb = single ? W : ptr(d, Field.WS);
  const wStrip: usize = single ? 32 : <usize>H << 5, wRow: usize = single ? <usize>H << 2 : 32;
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
    if (t > 0) dhNextRows(n, dzt, Wb, wStrip, wRow, H, Hp, dhNext, pack);
  }
}

// dL/dh (n, Hp) = dhNext + dL/do (n, Ap) · Vb (A, rows `stride` bytes apart), reduction over a < A;
// rowNorms[r] += (dL/dh)² lane-wise (a repeated row's into the spare slot after row B);  dz = (1 − h²) ⊙ dL/dh
function dLdhRows(n: i32, B: i32, dhNext: usize, dO: usize, Ap: i32, Vb: usize, stride: usize, A: i32, h: usize, H: i32, Hp: i32, dz: usize, rowNorms: usize, pack: usize): void {
  const rowH = <usize>Hp << 2;
  const rowP = <usize>Ap << 2;
  const block = pack, rows = pack + BLOCK_BYTES;
  const spare = rowNorms + (<usize>B << 4);
  let r = 0;
  for (let height = blockHeight(n); height > 0; height = blockHeight(n - r)) {
    interleaveRows(rows, dO, rowP, r, n, height, A);
    for (let i = 0; i < Hp; i += 8) {
      const c = <usize>i << 2;
      for (let k = 0; k < height; k++) {
        const from = dhNext + <usize>minRow(r + k, n) * rowH + c;
        setBlockRow(block, k, v128.load(from), v128.load(from, 16));
      }
      productBlock(block, rows, A, Vb + c, stride, height);
      for (let k = 0; k < height; k++) {
        const q = <usize>minRow(r + k, n);
        dzBlockRow(block, k, r + k < n ? rowNorms + (q << 4) : spare, h + q * rowH + c, dz + q * rowH + c);
      }
    }
    r += height;
  }
  for (; r < n; r++) {
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

// dhNext (n, Hp) = dz (n, Hp) · W (H, H), reduction over i < H; W's 8-column strips `wStrip` bytes
// apart from Wb, each strip's rows `wRow` bytes apart
function dhNextRows(n: i32, dz: usize, Wb: usize, wStrip: usize, wRow: usize, H: i32, Hp: i32, dhNext: usize, pack: usize): void {
  const row = <usize>Hp << 2;
  const block = pack, rows = pack + BLOCK_BYTES;
  const zero = f32x4.splat(0);
  let r = 0;
  for (let height = blockHeight(n); height > 0; height = blockHeight(n - r)) {
    interleaveRows(rows, dz, row, r, n, height, H);
    for (let j = 0; j < Hp; j += 8) {
      const c = <usize>j << 2;
      for (let k = 0; k < height; k++) setBlockRow(block, k, zero, zero);
      productBlock(block, rows, H, Wb + <usize>(j >> 3) * wStrip, wRow, height);
      for (let k = 0; k < height; k++) copyBlockRow(block, k, dhNext + <usize>minRow(r + k, n) * row + c);
    }
    r += height;
  }
  for (; r < n; r++) dhNextRow(dz + <usize>r * row, Wb, wStrip, wRow, H, Hp, dhNext + <usize>r * row);
}
