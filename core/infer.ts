// The network one name at a time, for sampling and scoring: rnn.ts's hidden step and softmax,
// keeping nothing but the current hidden state.

import type { Floats, Params } from './params.ts';
import { hiddenStep, outputProbs } from './rnn.ts';

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
