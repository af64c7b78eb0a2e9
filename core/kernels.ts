// The small interface behind which the RNN kernels live, so a faster implementation (WebAssembly
// SIMD, worker threads) can replace the plain TypeScript reference without touching the trainer.
// An implementation allocates the parameters and activations itself (e.g. inside WebAssembly
// memory); every implementation passes the same gradient and reference tests.

import type { Batch } from './batch.ts';
import type { Stepper } from './infer.ts';
import { createOptimizer, optimizerStep, type OptimizerName, type OptimizerState } from './optim.ts';
import { allocParams, PARAM_NAMES, type Dims, type DType, type Params } from './params.ts';
import { allocWorkspace, backward, forward } from './rnn.ts';

/** What the trainer reads of a kernel's workspace; the rest is the kernel's own business. */
export type KernelWorkspace = {
  /** (T) mean over running rows of ‖dL/dh_t‖₂, written by backward. */
  readonly dLdhNorms: Float64Array;
};

/**
 * What the trainer does to the gradient after BPTT, in the kernel's memory: its sums of squares
 * (for the global norm), then one optimizer step that applies the gradient's whole scale and leaves
 * the gradient zeroed for the next backward. Same results as the reference below (optim.ts), to
 * rounding; a kernel without its own uses the reference.
 */
export type KernelUpdate = {
  createOptimizer(name: OptimizerName, size: number): OptimizerState;
  /** sumSquares[k] ← Σ g² of PARAM_NAMES[k], for the gradient the last backward in ws summed into grads. */
  sumSquares(grads: Params, ws: KernelWorkspace, sumSquares: Float64Array): void;
  /** θ ← optimizer(θ, g·gradScale), then g ← 0. gradScale is 1/tokens times the global-norm clip. */
  step(state: OptimizerState, params: Params, grads: Params, lr: number, gradScale: number): void;
};

export type RnnKernels = {
  name: string;
  /** The precisions these kernels run; all when absent (kernelsFor picks the reference for the others). */
  precisions?: readonly DType[];
  allocParams(dims: Dims, dtype: DType): Params;
  allocWorkspace(params: Params, maxB: number, maxT: number): KernelWorkspace;
  /** Summed NLL of the batch; keeps the activations backward needs in the workspace. */
  forward(params: Params, batch: Batch, ws: KernelWorkspace): number;
  /** BPTT for the batch forward just ran: grads += ∂L/∂θ, ws.dLdhNorms per timestep. */
  backward(params: Params, batch: Batch, ws: KernelWorkspace, grads: Params): void;
  /**
   * Optional forward then backward in one call, returning forward's loss: a threaded kernel then
   * runs each thread's share of both without waiting for the other thread in between. `meanwhile`
   * runs once on this thread during the call, while the helper works alone (the trainer fills its
   * next batch there); it must not touch this batch, ws or grads.
   */
  forwardBackward?(params: Params, batch: Batch, ws: KernelWorkspace, grads: Params, meanwhile?: () => void): number;
  /** Optional update in the kernel's own memory (typescriptUpdate otherwise). */
  update?: KernelUpdate;
  /** Optional one-name-at-a-time network for sampling (infer.ts createStepper otherwise). */
  stepper?(params: Params): Stepper;
  /** Release what the kernels hold beyond memory (a helper thread). */
  dispose?(): void;
};

/** The plain TypeScript reference (rnn.ts): the fallback, and what the tests hold others to. */
export const typescriptKernels: RnnKernels = { name: 'typescript', allocParams, allocWorkspace, forward, backward };

/** The kernels that run parameters of this precision: these, or the TypeScript reference. */
export function kernelsFor(kernels: RnnKernels, dtype: DType): RnnKernels {
  return !kernels.precisions || kernels.precisions.includes(dtype) ? kernels : typescriptKernels;
}

/** The reference update: Σ g² of each view, then optim.ts's loop over the flat buffers, then g ← 0. */
export const typescriptUpdate: KernelUpdate = {
  createOptimizer,
  sumSquares(grads, _ws, sumSquares) {
    PARAM_NAMES.forEach((name, k) => {
      const view = grads[name];
      let sum = 0;
      for (let i = 0; i < view.length; i++) sum += view[i]! * view[i]!;
      sumSquares[k] = sum;
    });
  },
  step(state, params, grads, lr, gradScale) {
    const g = grads.data;
    for (let i = 0; i < g.length; i++) g[i] = g[i]! * gradScale;
    optimizerStep(state, params.data, g, lr);
    g.fill(0);
  },
};
