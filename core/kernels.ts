// The small interface behind which the RNN kernels live, so a faster implementation (WebAssembly
// SIMD, worker threads) can replace the plain TypeScript reference without touching the trainer.
// An implementation allocates the parameters and activations itself (e.g. inside WebAssembly
// memory); every implementation passes the same gradient and reference tests.

import type { Batch } from './batch.ts';
import { allocParams, type Dims, type DType, type Params } from './params.ts';
import { allocWorkspace, backward, forward } from './rnn.ts';

/** What the trainer reads of a kernel's workspace; the rest is the kernel's own business. */
export type KernelWorkspace = {
  /** (T) mean over running rows of ‖dL/dh_t‖₂, written by backward. */
  readonly dLdhNorms: Float64Array;
};

export type RnnKernels = {
  name: string;
  allocParams(dims: Dims, dtype: DType): Params;
  allocWorkspace(params: Params, maxB: number, maxT: number): KernelWorkspace;
  /** Summed NLL of the batch; keeps the activations backward needs in the workspace. */
  forward(params: Params, batch: Batch, ws: KernelWorkspace): number;
  /** BPTT for the batch forward just ran: grads += ∂L/∂θ, ws.dLdhNorms per timestep. */
  backward(params: Params, batch: Batch, ws: KernelWorkspace, grads: Params): void;
};

/** The plain TypeScript reference (rnn.ts): the fallback, and what the tests hold others to. */
export const typescriptKernels: RnnKernels = { name: 'typescript', allocParams, allocWorkspace, forward, backward };
