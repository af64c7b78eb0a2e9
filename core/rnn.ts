// The vanilla RNN and its backpropagation through time, exactly as derived:
//
//   x_t = [onehot(token_t) ; onehot(category)]            (A+K)
//   h_t = tanh(U x_t + W h_{t−1} + b),  h_{−1} = 0         (H)
//   o_t = V h_t + c,  ŷ_t = softmax(o_t)                  (A)
//   L   = −Σ_t log ŷ_t[target_t]
//
//   dL/do_t = ŷ_t − y_t
//   dL/dh_t = Wᵀ((1 − h_{t+1}²) ⊙ dL/dh_{t+1}) + Vᵀ dL/do_t      (the first term is 0 at t = T−1)
//   dV = Σ_t dL/do_t h_tᵀ      dc = Σ_t dL/do_t
//   dz_t = (1 − h_t²) ⊙ dL/dh_t
//   dW = Σ_t dz_t h_{t−1}ᵀ     dU = Σ_t dz_t x_tᵀ     db = Σ_t dz_t
//
// Batched over B names (rows sorted longest first, see batch.ts); every loop below is over the
// rows still running at step t. The one-hot product U x_t is a gather of two columns of U, and
// (1 − h²) ⊙ … is an elementwise product: no diagonal matrix is ever built.
//
// Gradients are of the summed loss of the batch; the trainer divides by the token count.

import type { Batch } from './batch.ts';
import type { Floats, Params } from './params.ts';

/** Activations kept by the forward pass for the backward pass, sized once for the largest batch. */
export type Workspace = {
  maxB: number;
  maxT: number;
  /** (T+1, B, H): hs[0] is h_{−1} = 0, hs[t+1] is h_t. */
  hs: Floats;
  /** (T, B, A): ŷ_t after forward; overwritten with dL/do_t by backward. */
  ps: Floats;
  /** (B, H): Wᵀ dz_{t+1}, the part of dL/dh_t that flows back from step t+1. */
  dhNext: Floats;
  /** (H): dL/dh_t of one row, then dz_t. */
  dh: Floats;
  /** (T): mean over running rows of ‖dL/dh_t‖₂, written by backward. */
  dLdhNorms: Float64Array;
};

export function allocWorkspace(params: Params, maxB: number, maxT: number): Workspace {
  const { A, H } = params.dims;
  const make = (n: number): Floats => (params.data instanceof Float64Array ? new Float64Array(n) : new Float32Array(n));
  return {
    maxB,
    maxT,
    hs: make((maxT + 1) * maxB * H),
    ps: make(maxT * maxB * A),
    dhNext: make(maxB * H),
    dh: make(H),
    dLdhNorms: new Float64Array(maxT),
  };
}

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

/** ŷ (A) = softmax(V·h + c) into probs, computed stably by subtracting the largest logit. */
export function outputProbs(params: Params, h: Floats, probs: Floats): void {
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
    const e = Math.exp(probs[a]! - maxLogit);
    probs[a] = e;
    sum += e;
  }
  for (let a = 0; a < A; a++) probs[a] = probs[a]! / sum;
}

/**
 * Forward pass over a batch; returns the summed negative log-likelihood Σ_rows Σ_t −log ŷ_t[target].
 *   h[t] (B,H) = tanh(U[:, x_t] + U[:, A+k] + W·h[t−1] + b)      o[t] (B,A) = V·h[t] + c
 */
export function forward(params: Params, batch: Batch, ws: Workspace): number {
  const { A, H } = params.dims;
  const { hs, ps } = ws;
  const { B, T, inputs, targets, categories, active } = batch;
  checkFits(batch, ws);
  hs.fill(0, 0, B * H);
  let loss = 0;
  for (let t = 0; t < T; t++) {
    const running = active[t]!;
    for (let r = 0; r < running; r++) {
      const prev = (t * B + r) * H;
      const cur = ((t + 1) * B + r) * H;
      const p = (t * B + r) * A;
      hiddenStep(params, inputs[t * B + r]!, categories[r]!, hs.subarray(prev, prev + H), hs.subarray(cur, cur + H));
      outputProbs(params, hs.subarray(cur, cur + H), ps.subarray(p, p + A));
      loss -= Math.log(ps[p + targets[t * B + r]!]!);
    }
  }
  return loss;
}

/**
 * BPTT over the batch forward() just ran. Accumulates (+=) into `grads` (same layout as params),
 * which must be zero: freshly allocated, or as each update step leaves it (KernelUpdate.step).
 * Writes ws.dLdhNorms[t] = mean_rows ‖dL/dh_t‖₂.
 */
export function backward(params: Params, batch: Batch, ws: Workspace, grads: Params): void {
  const { A, K, H } = params.dims;
  const X = A + K;
  const { W, V } = params;
  const { U: dU, W: dW, V: dV, b: db, c: dc } = grads;
  const { hs, ps, dhNext, dh, dLdhNorms } = ws;
  const { B, T, inputs, targets, categories, active } = batch;
  dhNext.fill(0, 0, B * H);
  dLdhNorms.fill(0);
  for (let t = T - 1; t >= 0; t--) {
    const running = active[t]!;
    let normSum = 0;
    for (let r = 0; r < running; r++) {
      const prev = (t * B + r) * H;
      const cur = ((t + 1) * B + r) * H;
      const p = (t * B + r) * A;
      const next = r * H;
      // dL/do_t = ŷ_t − y_t
      ps[p + targets[t * B + r]!] = ps[p + targets[t * B + r]!]! - 1;
      // dL/dh_t = (Wᵀ dz_{t+1}) + Vᵀ dL/do_t ;  dV += dL/do_t h_tᵀ ;  dc += dL/do_t
      for (let j = 0; j < H; j++) dh[j] = dhNext[next + j]!;
      for (let a = 0; a < A; a++) {
        const g = ps[p + a]!;
        dc[a] = dc[a]! + g;
        const v = a * H;
        for (let j = 0; j < H; j++) {
          dh[j] = dh[j]! + V[v + j]! * g;
          dV[v + j] = dV[v + j]! + g * hs[cur + j]!;
        }
      }
      // dz_t = (1 − h_t²) ⊙ dL/dh_t   (after taking the norm of dL/dh_t)
      let norm2 = 0;
      for (let j = 0; j < H; j++) {
        const g = dh[j]!;
        norm2 += g * g;
        const h = hs[cur + j]!;
        dh[j] = (1 - h * h) * g;
      }
      normSum += Math.sqrt(norm2);
      // db += dz ; dU[:, x_t] += dz ; dU[:, A+k] += dz ; dW += dz h_{t−1}ᵀ ; next: Wᵀ dz
      const token = inputs[t * B + r]!;
      const category = categories[r]!;
      for (let j = 0; j < H; j++) dhNext[next + j] = 0;
      for (let i = 0; i < H; i++) {
        const dz = dh[i]!;
        db[i] = db[i]! + dz;
        dU[i * X + token] = dU[i * X + token]! + dz;
        if (category >= 0) dU[i * X + A + category] = dU[i * X + A + category]! + dz;
        const w = i * H;
        for (let j = 0; j < H; j++) {
          dW[w + j] = dW[w + j]! + dz * hs[prev + j]!;
          dhNext[next + j] = dhNext[next + j]! + W[w + j]! * dz;
        }
      }
    }
    dLdhNorms[t] = running > 0 ? normSum / running : 0;
  }
}

function checkFits(batch: Batch, ws: Workspace): void {
  if (batch.B > ws.maxB || batch.T > ws.maxT) {
    throw new Error(`batch (B=${batch.B}, T=${batch.T}) exceeds the workspace (B≤${ws.maxB}, T≤${ws.maxT})`);
  }
}
