// One step of the network for one name, for sampling (core/infer.ts is the reference), on the
// layouts prepare() made once for the whole sampling run:
//   h ← tanh(UT[token] + UT[A+k] + h·Wᵀ)        ŷ (Ap) = softmax(cp + h·Vᵀ)      (Wᵀ, Vᵀ in strips WT, VT)
// h is hs row 0 and hs row 1 is scratch; ŷ is ps row 0 (padding lanes 0).

import { F_A, F_K, F_H, F_HP, F_AP, F_HS, F_PS, F_WT, F_VT, F_UT, F_CP, field, ptr } from './layout';
import { softmaxInPlace } from './math';
import { hiddenRow, logitRow } from './rows';

/** h ← 0, the state before a name's first character. */
export function inferReset(d: usize): void {
  memory.fill(ptr(d, F_HS), 0, <usize>field(d, F_HP) << 2);
}

export function inferStep(d: usize, token: i32, category: i32): void {
  const A = field(d, F_A), K = field(d, F_K), H = field(d, F_H), Hp = field(d, F_HP), Ap = field(d, F_AP);
  const rowH = <usize>Hp << 2;
  const rowP = <usize>Ap << 2;
  const h = ptr(d, F_HS);
  const next = h + rowH;
  const WT = ptr(d, F_WT), VT = ptr(d, F_VT), UT = ptr(d, F_UT), cp = ptr(d, F_CP);
  const e = UT + <usize>token * rowH;
  const k = UT + <usize>(category >= 0 ? A + category : A + K) * rowH;
  hiddenRow(h, next, H, Hp, WT, e, k);
  memory.copy(h, next, rowH);
  const o = ptr(d, F_PS);
  logitRow(h, H, VT, Ap, cp, o);
  softmaxInPlace(o, Ap, cp + rowP);
}
