// Optimizers over the one flat parameter buffer (params.ts): one loop each.
//   SGD      θ ← θ − lr·g
//   Adagrad  G ← G + g²;  θ ← θ − lr·g / (√G + ε)
//   Adam     m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  θ ← θ − lr·m̂ / (√v̂ + ε)
//            with m̂ = m / (1−β1ᵗ), v̂ = v / (1−β2ᵗ)

import type { Floats } from './params.ts';

export const OPTIMIZERS = ['adam', 'adagrad', 'sgd'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export type OptimizerState = {
  name: OptimizerName;
  /** Updates taken so far (Adam's bias correction needs it). */
  t: number;
  /** Adam's first moment; unused (empty) otherwise. float64 here, float32 in the WebAssembly kernels. */
  m: Floats;
  /** Adam's second moment, or Adagrad's running sum of squares; empty for SGD. */
  v: Floats;
};

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-8;
/** The constants above, for other implementations of the same updates (core/wasm/update.ts). */
export const OPTIMIZER_CONSTANTS = { beta1: BETA1, beta2: BETA2, epsilon: EPSILON } as const;

export function createOptimizer(name: OptimizerName, size: number): OptimizerState {
  return {
    name,
    t: 0,
    m: new Float64Array(name === 'adam' ? size : 0),
    v: new Float64Array(name === 'sgd' ? 0 : size),
  };
}

/** Adam's bias corrections after t updates: m̂ = m / c1, v̂ = v / c2. */
export function adamCorrections(t: number): { c1: number; c2: number } {
  return { c1: 1 - BETA1 ** t, c2: 1 - BETA2 ** t };
}

/** One update of θ from its gradient g, in place. */
export function optimizerStep(state: OptimizerState, theta: Floats, g: Floats, lr: number): void {
  state.t++;
  const n = theta.length;
  const { m, v } = state;
  switch (state.name) {
    case 'sgd':
      for (let i = 0; i < n; i++) theta[i] = theta[i]! - lr * g[i]!;
      return;
    case 'adagrad':
      for (let i = 0; i < n; i++) {
        const gi = g[i]!;
        v[i] = v[i]! + gi * gi;
        theta[i] = theta[i]! - (lr * gi) / (Math.sqrt(v[i]!) + EPSILON);
      }
      return;
    case 'adam': {
      const { c1, c2 } = adamCorrections(state.t);
      for (let i = 0; i < n; i++) {
        const gi = g[i]!;
        m[i] = BETA1 * m[i]! + (1 - BETA1) * gi;
        v[i] = BETA2 * v[i]! + (1 - BETA2) * gi * gi;
        theta[i] = theta[i]! - (lr * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + EPSILON);
      }
      return;
    }
  }
}

/** Global-norm clipping: the factor that scales a gradient of this norm down to maxNorm (> 0), or 1 when within. */
export function clipFactor(norm: number, maxNorm: number): number {
  return maxNorm > 0 && norm > maxNorm ? maxNorm / norm : 1;
}
