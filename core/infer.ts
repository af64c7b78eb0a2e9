// One step of the network for one name at a time, for sampling and scoring. The batched kernels
// (rnn.ts) are for training; these keep nothing but the current hidden state.

import type { Floats, Params } from './params.ts';

/** h (H) = tanh(U[:, token] + U[:, A+category] + W·hPrev + b); hPrev and h may not alias. */
export function hiddenStep(params: Params, token: number, category: number, hPrev: Floats, h: Floats): void {
  const { A, K, H } = params.dims;
  const X = A + K;
  const { U, W, b } = params;
  for (let i = 0; i < H; i++) {
    let z = b[i]! + U[i * X + token]!;
    if (category >= 0) z += U[i * X + A + category]!;
    const w = i * H;
    for (let j = 0; j < H; j++) z += W[w + j]! * hPrev[j]!;
    h[i] = Math.tanh(z);
  }
}

/** ŷ (A) = softmax(V·h + c), written into probs; returns nothing, allocates nothing. */
export function outputProbs(params: Params, h: Floats, probs: Float64Array): void {
  const { A, H } = params.dims;
  const { V, c } = params;
  let maxLogit = -Infinity;
  for (let a = 0; a < A; a++) {
    let o = c[a]!;
    const v = a * H;
    for (let j = 0; j < H; j++) o += V[v + j]! * h[j]!;
    probs[a] = o;
    if (o > maxLogit) maxLogit = o;
  }
  let sum = 0;
  for (let a = 0; a < A; a++) {
    probs[a] = Math.exp(probs[a]! - maxLogit);
    sum += probs[a]!;
  }
  for (let a = 0; a < A; a++) probs[a] = probs[a]! / sum;
}

/** A fresh zero hidden state of the params' precision. */
export function zeroHidden(params: Params): Floats {
  const { H } = params.dims;
  return params.data instanceof Float64Array ? new Float64Array(H) : new Float32Array(H);
}

/** One name at a time, the hidden state kept inside: what sampling needs of the network. */
export type Stepper = {
  /** h ← 0, before a name's first input. */
  reset(): void;
  /** h ← tanh(U x + W h + b) for this input token and category; probs (A) ← softmax(V h + c). */
  step(token: number, category: number, probs: Float64Array): void;
};

/** The reference stepper: hiddenStep and outputProbs above. */
export function createStepper(params: Params): Stepper {
  let h = zeroHidden(params);
  let hNext = zeroHidden(params);
  return {
    reset: () => void h.fill(0),
    step(token, category, probs) {
      hiddenStep(params, token, category, h, hNext);
      [h, hNext] = [hNext, h];
      outputProbs(params, h, probs);
    },
  };
}
