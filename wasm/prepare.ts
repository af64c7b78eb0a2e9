// The weight layouts the products of a batch read, made once per batch in units that both
// threads take (wasm/chunks.ts): the rest first (its one unit is the largest, and taken last it
// kept the other thread waiting), then 8-column strips of Wᵀ and of W.

import { Field, Param, field, paramAt, ptr } from './layout';
import { columnStrips, copyRows, transpose, transposeToStrips } from './transpose';

/** Strips of Wᵀ and of W (8 hidden units each) in one unit of the layouts. */
const STRIPS_PER_UNIT = 4;

/** Units of the layouts for descriptor d's sizes: one for the rest, then the strips of W. */
export function layoutUnits(d: usize): i32 {
  const strips = field(d, Field.Hp) >> 3;
  return (strips + STRIPS_PER_UNIT - 1) / STRIPS_PER_UNIT + 1;
}

/**
 * Unit u of the layouts the products read, from the current parameters:
 *   WT (Hp/8, H, 8), VT (Ap/8, H, 8): Wᵀ and Vᵀ in column strips (transposeToStrips), for forward
 *   WS (Hp/8, H, 8): W in column strips (columnStrips), for BPTT
 *   UT (X+1, Hp) = Uᵀ, b added to the A token rows
 *   cp (Ap) = c, −∞ beyond A;  mask (Ap) = 1 for real tokens, 0 beyond;  Vp = V, rows padded
 * Unit 0 makes the rest; the units after it make strips of WT and WS.
 */
export function prepareUnit(d: usize, u: i32): void {
  const A = field(d, Field.A), K = field(d, Field.K), H = field(d, Field.H), Hp = field(d, Field.Hp), Ap = field(d, Field.Ap);
  const X = A + K;
  const theta = ptr(d, Field.params);
  const U = paramAt(d, theta, Param.U), W = paramAt(d, theta, Param.W), V = paramAt(d, theta, Param.V);
  const b = paramAt(d, theta, Param.b), c = paramAt(d, theta, Param.c);
  if (u > 0) {
    const from = (u - 1) * STRIPS_PER_UNIT * 8, to = from + STRIPS_PER_UNIT * 8;
    transposeToStrips(W, H, H, ptr(d, Field.WT), from, to);
    columnStrips(W, H, H, ptr(d, Field.WS), from, to);
    return;
  }
  transposeToStrips(V, A, H, ptr(d, Field.VT), 0, Ap);
  const UT = ptr(d, Field.UT);
  transpose(U, H, X, X, UT, Hp);
  const H4 = H & ~3;
  for (let a = 0; a < A; a++) {
    const row = UT + (<usize>(a * Hp) << 2);
    for (let i = 0; i < H4; i += 4) {
      const at = row + (<usize>i << 2);
      v128.store(at, f32x4.add(v128.load(at), v128.load(b + (<usize>i << 2))));
    }
    // b's last numbers one by one: past H, UT's padding stays 0
    for (let i = H4; i < H; i++) {
      const at = row + (<usize>i << 2);
      store<f32>(at, load<f32>(at) + load<f32>(b + (<usize>i << 2)));
    }
  }
  const cp = ptr(d, Field.cp);
  for (let a = 0; a < Ap; a++) {
    store<f32>(cp + (<usize>a << 2), a < A ? load<f32>(c + (<usize>a << 2)) : -Infinity);
    store<f32>(cp + (<usize>(Ap + a) << 2), a < A ? 1 : 0);
  }
  if (H != Hp) copyRows(V, A, H, H, ptr(d, Field.Vp), Hp);
}

/** Every unit of the layouts, on this thread (sampling's stepper). */
export function prepare(d: usize): void {
  for (let u = 0; u < layoutUnits(d); u++) prepareUnit(d, u);
}
