// The derivation written literally, one name at a time, with explicit loops and one array per
// timestep — no batching, no buffers shared between steps, no cleverness — in float64. The fast
// kernels are tested against this.

import type { Params } from '../../core/params.ts';

export type ReferenceResult = {
  loss: number;
  dU: number[][]; dW: number[][]; dV: number[][]; db: number[]; dc: number[];
  /** ‖dL/dh_t‖₂ per timestep. */
  dLdhNorms: number[];
};

const matrix = (rows: number, cols: number): number[][] => Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
const at = (m: ArrayLike<number>, cols: number, i: number, j: number): number => m[i * cols + j]!;

/** inputs [0, x1…xn], targets [x1…xn, 0]; category −1 when unconditioned. */
export function referenceLossAndGrads(params: Params, tokens: number[], category: number): ReferenceResult {
  const { A, K, H } = params.dims;
  const X = A + K;
  const inputs = [0, ...tokens];
  const targets = [...tokens, 0];
  const T = inputs.length;
  // x_t = [onehot(token_t) ; onehot(category)]
  const xs = inputs.map((token) => {
    const x = new Array<number>(X).fill(0);
    x[token] = 1;
    if (category >= 0) x[A + category] = 1;
    return x;
  });
  // Forward: h_t = tanh(U x_t + W h_{t−1} + b), o_t = V h_t + c, ŷ_t = softmax(o_t)
  const hs: number[][] = [];
  const yhats: number[][] = [];
  let loss = 0;
  for (let t = 0; t < T; t++) {
    const hPrev = t === 0 ? new Array<number>(H).fill(0) : hs[t - 1]!;
    const h = new Array<number>(H);
    for (let i = 0; i < H; i++) {
      let z = params.b[i]!;
      for (let j = 0; j < X; j++) z += at(params.U, X, i, j) * xs[t]![j]!;
      for (let j = 0; j < H; j++) z += at(params.W, H, i, j) * hPrev[j]!;
      h[i] = Math.tanh(z);
    }
    hs.push(h);
    const o = new Array<number>(A);
    for (let a = 0; a < A; a++) {
      o[a] = params.c[a]!;
      for (let j = 0; j < H; j++) o[a] += at(params.V, H, a, j) * h[j]!;
    }
    const denominator = o.reduce((sum, v) => sum + Math.exp(v), 0);
    const yhat = o.map((v) => Math.exp(v) / denominator);
    yhats.push(yhat);
    loss -= Math.log(yhat[targets[t]!]!);
  }
  // Backward: dL/do_t = ŷ_t − y_t
  const dLdo = yhats.map((yhat, t) => yhat.map((p, a) => p - (a === targets[t] ? 1 : 0)));
  // dL/dh_{T−1} = Vᵀ dL/do_{T−1};  dL/dh_t = Wᵀ((1 − h_{t+1}²) ⊙ dL/dh_{t+1}) + Vᵀ dL/do_t
  const dLdh: number[][] = new Array(T);
  for (let t = T - 1; t >= 0; t--) {
    const g = new Array<number>(H).fill(0);
    for (let j = 0; j < H; j++) for (let a = 0; a < A; a++) g[j] += at(params.V, H, a, j) * dLdo[t]![a]!;
    if (t < T - 1) {
      for (let j = 0; j < H; j++) {
        for (let i = 0; i < H; i++) g[j] += at(params.W, H, i, j) * (1 - hs[t + 1]![i]! ** 2) * dLdh[t + 1]![i]!;
      }
    }
    dLdh[t] = g;
  }
  // Parameter gradients summed over t
  const dU = matrix(H, X), dW = matrix(H, H), dV = matrix(A, H);
  const db = new Array<number>(H).fill(0), dc = new Array<number>(A).fill(0);
  for (let t = 0; t < T; t++) {
    const hPrev = t === 0 ? new Array<number>(H).fill(0) : hs[t - 1]!;
    for (let a = 0; a < A; a++) {
      dc[a] += dLdo[t]![a]!;
      for (let j = 0; j < H; j++) dV[a]![j] += dLdo[t]![a]! * hs[t]![j]!;
    }
    for (let i = 0; i < H; i++) {
      const dz = (1 - hs[t]![i]! ** 2) * dLdh[t]![i]!;
      db[i] += dz;
      for (let j = 0; j < X; j++) dU[i]![j] += dz * xs[t]![j]!;
      for (let j = 0; j < H; j++) dW[i]![j] += dz * hPrev[j]!;
    }
  }
  const dLdhNorms = dLdh.map((g) => Math.sqrt(g.reduce((sum, v) => sum + v * v, 0)));
  return { loss, dU, dW, dV, db, dc, dLdhNorms };
}
