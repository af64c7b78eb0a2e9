// BPTT over one chunk that forward() (or forwardOne()) just ran, from the last step to the first:
//   dL/do_t = ŷ_t − y_t       dL/dh_t = Wᵀ dz_{t+1} + Vᵀ dL/do_t       dz_t = (1 − h_t²) ⊙ dL/dh_t
// The loop over t carries only dL/dh; the parameter gradients are summed afterwards from dz and
// dL/do of every slot (sums.ts). The elementwise (1 − h²) stands in for the Jacobian's diagonal.

import { BLOCK_BYTES, blockedRows, copyBlockRow, interleave4, minRow, product4x8, setBlockRow } from './block';
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
