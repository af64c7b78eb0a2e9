// The weight layouts the products of a batch read, made by each thread once per batch.

import { Field, Param, field, paramAt, ptr } from './layout';
import { columnStrips, copyRows, transpose, transposeToStrips } from './transpose';

/**
 * The layouts the products read, from the current parameters (once per batch):
 *   WT (Hp/8, H, 8), VT (Ap/8, H, 8): Wᵀ and Vᵀ in column strips (transposeToStrips)
 *   UT (X+1, Hp) = Uᵀ, b added to the A token rows
 *   WS (Hp/8, H, 8): W in column strips (columnStrips), for BPTT
 *   cp (Ap) = c, −∞ beyond A;  mask (Ap) = 1 for real tokens, 0 beyond;  Vp = V, rows padded
 */
export function prepare(d: usize): void {
  const A = field(d, Field.A), K = field(d, Field.K), H = field(d, Field.H), Hp = field(d, Field.Hp), Ap = field(d, Field.Ap);
  const X = A + K;
  const theta = ptr(d, Field.params);
  const U = paramAt(d, theta, Param.U), W = paramAt(d, theta, Param.W), V = paramAt(d, theta, Param.V);
  const b = paramAt(d, theta, Param.b), c = paramAt(d, theta, Param.c);
  transposeToStrips(W, H, H, ptr(d, Field.WT));
  transposeToStrips(V, A, H, ptr(d, Field.VT));
  columnStrips(W, H, H, ptr(d, Field.WS));
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
  if (H != Hp) copyRows(V, A, H, H, ptr(d, Field.Vp), Hp);
}
