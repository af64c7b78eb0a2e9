// How likely the model finds a given name, character by character, and what one name's loss does
// to the weights: the gradients and ‖dL/dh_t‖ per timestep that the inspector and `grad` show.

import { batchOf } from './batch.ts';
import { typescriptKernels, type RnnKernels } from './kernels.ts';
import { allocParams, dtypeOf, type Params } from './params.ts';
import { allocWorkspace, backward, forward } from './rnn.ts';
import { createEncoder, resolveCategory, type Vocabulary } from './tokens.ts';

export type Alternative = { char: string; prob: number };

export type CharScore = {
  /** The character predicted at this step; '' is the end of the name. */
  char: string;
  prob: number;
  /** The likeliest characters at this step, most likely first. */
  top: Alternative[];
};

export type NameScore = {
  name: string;
  /** log P(name) = Σ_t log ŷ_t[target_t], the end of the name included. */
  logProb: number;
  steps: CharScore[];
  /** (T, H) hidden state h_t after reading each input character (the boundary first). */
  hidden: number[][];
  /** ‖dL/dh_t‖₂ for t = 0 … T−1 of this name's loss. */
  dLdhNorms: number[];
};

export type NameGradients = { name: string; loss: number; grads: Params; dLdhNorms: number[] };

/** Forward and backward over one name, unscaled: the loss is summed over its timesteps. */
export function nameGradients(
  params: Params,
  vocab: Vocabulary,
  name: string,
  category?: string | number,
  kernels: RnnKernels = typescriptKernels,
): NameGradients {
  const batch = batchOfName(vocab, name, category);
  const ws = kernels.allocWorkspace(params, 1, batch.T);
  const grads = kernels.allocParams(params.dims, dtypeOf(params.data));
  const loss = kernels.forward(params, batch, ws);
  kernels.backward(params, batch, ws, grads);
  return { name: name.normalize('NFC'), loss, grads, dLdhNorms: Array.from(ws.dLdhNorms.subarray(0, batch.T)) };
}

/** Reads the reference kernels' activations (ŷ_t, h_t), so it runs on them whatever trains. */
export function scoreName(params: Params, vocab: Vocabulary, name: string, category?: string | number, topCount = 5): NameScore {
  const encoder = createEncoder(vocab);
  const batch = batchOfName(vocab, name, category);
  const ws = allocWorkspace(params, 1, batch.T);
  forward(params, batch, ws);
  backward(params, batch, ws, allocParams(params.dims, dtypeOf(params.data)));
  const { A, H } = params.dims;
  const steps: CharScore[] = [];
  const hidden: number[][] = [];
  let logProb = 0;
  for (let t = 0; t < batch.T; t++) {
    const target = batch.targets[t]!;
    // backward turned ŷ_t into ŷ_t − y_t: add the one back at the target
    const probs = Array.from(ws.ps.subarray(t * A, (t + 1) * A), (p, a) => (a === target ? p + 1 : p));
    logProb += Math.log(probs[target]!);
    const top = probs
      .map((prob, a) => ({ char: encoder.charOf(a), prob }))
      .sort((x, y) => y.prob - x.prob)
      .slice(0, topCount);
    steps.push({ char: encoder.charOf(target), prob: probs[target]!, top });
    hidden.push(Array.from(ws.hs.subarray((t + 1) * H, (t + 2) * H)));
  }
  return { name: name.normalize('NFC'), logProb, steps, hidden, dLdhNorms: Array.from(ws.dLdhNorms.subarray(0, batch.T)) };
}

function batchOfName(vocab: Vocabulary, name: string, category: string | number | undefined) {
  const tokens = Int32Array.from(createEncoder(vocab).encode(name));
  return batchOf([{ tokens, category: resolveCategory(vocab, category) }]);
}
