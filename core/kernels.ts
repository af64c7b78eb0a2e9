// The small interface behind which the RNN kernels live, so a faster implementation (WebAssembly
// SIMD, worker threads) can replace the plain TypeScript reference without touching the trainer.
// An implementation allocates the parameters and activations itself (e.g. inside WebAssembly
// memory); every implementation passes the same gradient and reference tests.

import type { Batch } from './batch.ts';
import { createStepper, type Stepper } from './infer.ts';
import { createOptimizer, optimizerStep, type OptimizerName, type OptimizerState } from './optim.ts';
import { allocParams, PARAM_NAMES, type Dims, type DType, type Params } from './params.ts';
import { allocWorkspace, backward, forward } from './rnn.ts';

/** What the trainer reads of a kernel's workspace; the rest is the kernel's own business. */
export type KernelWorkspace = {
  /** (T) mean over running rows of ‖dL/dh_t‖₂, written by backward. */
  readonly dLdhNorms: Float64Array;
};

/**
 * What the trainer does to the gradient after BPTT, as one or two passes in the kernel's memory.
 * Same results as the reference below (optim.ts), or to rounding for a fused update (e.g. the
 * WebAssembly kernels' default); a kernel without its own uses the reference.
 */
export type KernelUpdate = {
  createOptimizer(name: OptimizerName, size: number): OptimizerState;
  /**
   * sumSquares[k] ← Σ (g·scale)² of PARAM_NAMES[k]; grads ← grads·scale (rounded to the grads'
   * precision), or, in a fused update, the scale is remembered and applied by the next step.
   */
  scaleGrads(grads: Params, scale: number, sumSquares: Float64Array): void;
  /** One update θ ← optimizer(θ, g·gradScale); gradScale < 1 is global-norm clipping. */
  step(state: OptimizerState, params: Params, grads: Params, lr: number, gradScale: number): void;
  /** Whether step leaves these grads all zero, so the trainer need not clear them before the next backward. */
  zeroesGrads?(grads: Params): boolean;
};

export type RnnKernels = {
  name: string;
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
  /** Optional fused gradient scaling, norms, clipping and optimizer step (typescriptUpdate otherwise). */
  update?: KernelUpdate;
  /** Optional one-name-at-a-time network for sampling (infer.ts createStepper otherwise). */
  stepper?(params: Params): Stepper;
  /** Release what the kernels hold beyond memory (a helper thread). */
  dispose?(): void;
};

/** The plain TypeScript reference (rnn.ts): the fallback, and what the tests hold others to. */
export const typescriptKernels: RnnKernels = { name: 'typescript', allocParams, allocWorkspace, forward, backward };

/** The reference update: the loops of optim.ts and params.ts over the flat buffers. */
export const typescriptUpdate: KernelUpdate = {
  createOptimizer,
  scaleGrads(grads, scale, sumSquares) {
    const g = grads.data;
    for (let i = 0; i < g.length; i++) g[i] = g[i]! * scale;
    PARAM_NAMES.forEach((name, k) => {
      const view = grads[name];
      let sum = 0;
      for (let i = 0; i < view.length; i++) sum += view[i]! * view[i]!;
      sumSquares[k] = sum;
    });
  },
  step(state, params, grads, lr, gradScale) {
    const g = grads.data;
    if (gradScale !== 1) for (let i = 0; i < g.length; i++) g[i] = g[i]! * gradScale;
    optimizerStep(state, params.data, grads.data, lr);
  },
};

/** The stepper a kernel offers for sampling, or the reference one. */
export function stepperOf(kernels: RnnKernels | undefined, params: Params): Stepper {
  return kernels?.stepper ? kernels.stepper(params) : createStepper(params);
}
