// The small interface behind which the RNN kernels live, so a faster implementation (WebAssembly
// SIMD, worker threads) can replace the plain TypeScript reference without touching the trainer.
// Every implementation is checked by the same gradient and reference tests.

import type { Batch } from './batch.ts';
import type { Params } from './params.ts';
import { allocWorkspace, backward, forward, type Workspace } from './rnn.ts';

export type { Workspace };

export type RnnKernels = {
  name: string;
  allocWorkspace(params: Params, maxB: number, maxT: number): Workspace;
  /** Summed NLL of the batch; keeps the activations backward needs in the workspace. */
  forward(params: Params, batch: Batch, ws: Workspace): number;
  /** BPTT for the batch forward just ran: grads += ∂L/∂θ, ws.dLdhNorms per timestep. */
  backward(params: Params, batch: Batch, ws: Workspace, grads: Params): void;
};

export const typescriptKernels: RnnKernels = { name: 'typescript', allocWorkspace, forward, backward };
