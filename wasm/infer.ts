// One step of the network for one name, for sampling (core/infer.ts is the reference), on the
// layouts prepare() made once for the whole sampling run:
//   h ← tanh(UT[token] + UT[A+k] + h·Wᵀ)        ŷ (Ap) = softmax(cp + h·Vᵀ)      (Wᵀ, Vᵀ in strips WT, VT)
// h is hs row 0 and hs row 1 is scratch; ŷ is ps row 0 (padding lanes 0).

import { Field, field, ptr } from './layout';
import { softmaxInPlace } from './math';
import { hiddenRow, logitRow } from './rows';

/** h ← 0, the state before a name's first character. */
export function inferReset(d: usize): void {
  memory.fill(ptr(d, Field.hs), 0, <usize>field(d, Field.Hp) << 2);
}

export function inferStep(d: usize, token: i32, category: i32): void {
  const A = field(d, Field.A), K = field(d, Field.K), H = field(d, Field.H), Hp = field(d, Field.Hp), Ap = field(d, Field.Ap);
  const rowH = <usize>Hp << 2;
  const rowP = <usize>Ap << 2;
  const h = ptr(d, Field.hs);
  const next = h + rowH;
  const WT = ptr(d, Field.WT), VT = ptr(d, Field.VT), UT = ptr(d, Field.UT), cp = ptr(d, Field.cp);
  const e = UT + <usize>token * rowH;
  const k = UT + <usize>(category >= 0 ? A + category : A + K) * rowH;
  hiddenRow(h, next, H, Hp, WT, e, k);
  memory.copy(h, next, rowH);
  const o = ptr(d, Field.ps);
  logitRow(h, H, VT, Ap, cp, o);
  softmaxInPlace(o, Ap, cp + rowP);
}
