// What the tests of the WebAssembly kernels share (wasm-kernels.test.ts, wasm-update.test.ts): every
// path the kernels run on, with the fused multiply-add builds where Node compiles them, and the
// small helpers that put values into a kernel's memory and compare results.

import { readFileSync } from 'node:fs';
import { batchOf, type Sequence } from '../../core/batch.ts';
import { datasetFromFiles } from '../../core/dataset.ts';
import type { RnnKernels } from '../../core/kernels.ts';
import type { Dims, Params } from '../../core/params.ts';
import { createRng } from '../../core/rng.ts';
import { createEncoder, vocabSizes } from '../../core/tokens.ts';
import { createParallelWasmKernels, createWasmKernels, type WasmKernels } from '../../core/wasm-kernels.ts';
import { enableRelaxedSimd, spawnNodeKernelThread } from '../../node/kernel-thread.ts';

const fma = enableRelaxedSimd();
export const paths: Record<string, () => Promise<WasmKernels>> = {
  'wasm, shared memory': async () => createWasmKernels({ sharedMemory: true, fma: false }),
  'wasm, unshared memory': async () => createWasmKernels({ sharedMemory: false, fma: false }),
  'wasm, 2 threads': () => createParallelWasmKernels(spawnNodeKernelThread, { fma: false }),
  ...(fma ? {
    'wasm with fused multiply-add, unshared memory': async () => createWasmKernels({ fma: true }),
    'wasm with fused multiply-add, 2 threads': () => createParallelWasmKernels(spawnNodeKernelThread, { fma: true }),
  } : {}),
};

/** Largest |a − b| over a parameter, relative to its largest |b|. */
export function worstRelative(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return scale === 0 ? worst : worst / scale;
}

/** Params in the kernel's own memory holding the given values. */
export function paramsIn(kernels: RnnKernels, values: Params): Params {
  const params = kernels.allocParams(values.dims, 'float32');
  params.data.set(values.data);
  return params;
}

export function lossAndGrads(kernels: RnnKernels, params: Params, sequences: Sequence[]) {
  const batch = batchOf(sequences);
  const ws = kernels.allocWorkspace(params, batch.B, batch.T);
  const grads = kernels.allocParams(params.dims, 'float32');
  const loss = kernels.forward(params, batch, ws);
  kernels.backward(params, batch, ws, grads);
  return { loss, grads, dLdhNorms: Array.from(ws.dLdhNorms.subarray(0, batch.T)), batch, ws };
}

let bundled: { sequences: Sequence[]; dims: Dims } | null = null;
/** `rows` names of the bundled list, from a seeded position. */
export function bundledBatch(rows: number, seed: number): { sequences: Sequence[]; dims: Dims } {
  if (!bundled) {
    const dataset = datasetFromFiles([{ fileName: 'names.txt', bytes: readFileSync(new URL('../../data/names.txt', import.meta.url)) }]);
    const encoder = createEncoder(dataset.vocab);
    const { A, K } = vocabSizes(dataset.vocab);
    bundled = { sequences: dataset.names.map((name) => ({ tokens: Int32Array.from(encoder.encode(name)), category: -1 })), dims: { A, K, H: 128 } };
  }
  const rng = createRng(seed);
  return { sequences: Array.from({ length: rows }, () => bundled!.sequences[rng.int(bundled!.sequences.length)]!), dims: bundled.dims };
}
