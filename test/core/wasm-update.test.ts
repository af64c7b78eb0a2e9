// The WebAssembly kernels' update (core/wasm/update.ts) against optim.ts, on every path: the
// gradient's sums of squares, SGD, Adagrad and Adam steps, and an optimizer state made elsewhere.
// Tolerances as stated above each test (float32 weights, gradients and moments; optim.ts in float64).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchOf } from '../../core/batch.ts';
import { typescriptUpdate } from '../../core/kernels.ts';
import { createOptimizer, optimizerStep, OPTIMIZERS } from '../../core/optim.ts';
import { allocParams, initParams, PARAM_NAMES, viewParams } from '../../core/params.ts';
import { createRng } from '../../core/rng.ts';
import type { WasmKernels } from '../../core/wasm-kernels.ts';
import { randomParams, randomSequences } from '../helpers/fixtures.ts';
import { bundledBatch, lossAndGrads, paramsIn, paths, worstRelative } from '../helpers/wasm-paths.ts';

for (const [path, create] of Object.entries(paths)) {
  describe(`WebAssembly update (${path})`, () => {
    let kernels: WasmKernels;
    beforeAll(async () => {
      kernels = await create();
    });
    afterAll(() => kernels.dispose());

    // The larger size is split between the two threads of the threaded path (≥ 8192 numbers, right
    // after a batch both threads worked on: the BPTT of 3 names first). Against optim.ts in float64:
    // sums of squares within 1e-6 relative (squares summed in float32 over runs of 64: ≤ ~5e-7),
    // parameters within 1e-6 of their largest magnitude after 4 steps and moments within 1e-6
    // relative (float32 gradients, weights and moments: an ulp or two per step),
    // and the gradient left zeroed.
    it('sums the squares of gradients and takes SGD, Adagrad and Adam steps as optim.ts does, leaving the gradient zeroed', () => {
      for (const dims of [{ A: 7, K: 2, H: 6 }, { A: 27, K: 3, H: 96 }]) for (const name of OPTIMIZERS) {
        const warm = lossAndGrads(kernels, paramsIn(kernels, randomParams(dims, 9)), randomSequences([4, 2, 3], dims.A, dims.K, 12));
        const start = randomParams(dims, 8, 'float32');
        const params = paramsIn(kernels, start);
        const reference = viewParams(dims, Float64Array.from(start.data));
        const state = kernels.update.createOptimizer(name, params.data.length);
        const referenceState = createOptimizer(name, params.data.length);
        for (let step = 1; step <= 4; step++) {
          const g = randomParams(dims, 100 + step, 'float32', 2);
          const grads = paramsIn(kernels, g);
          const referenceGrads = viewParams(dims, Float64Array.from(g.data));
          const sums = new Float64Array(5);
          const referenceSums = new Float64Array(5);
          kernels.update.sumSquares(grads, warm.ws, sums);
          typescriptUpdate.sumSquares(referenceGrads, warm.ws, referenceSums);
          sums.forEach((sum, k) => expect(Math.abs(sum - referenceSums[k]!) / referenceSums[k]!).toBeLessThan(1e-6));
          const gradScale = step % 2 === 0 ? 0.37 / 37 : 1 / 37;
          kernels.update.step(state, params, grads, 0.01, gradScale);
          typescriptUpdate.step(referenceState, reference, referenceGrads, 0.01, gradScale);
          expect(grads.data.every((x) => x === 0), `${name}: gradient zeroed`).toBe(true);
          expect(referenceGrads.data.every((x) => x === 0), `${name}: reference gradient zeroed`).toBe(true);
        }
        expect(worstRelative(params.data, reference.data), name).toBeLessThan(1e-6);
        let worstV = 0;
        state.v.forEach((x, i) => (worstV = Math.max(worstV, Math.abs(x - referenceState.v[i]!) / referenceState.v[i]!)));
        expect(worstV, name).toBeLessThan(1e-6);
      }
    });

    it('sums the squares of a gradient as its BPTT writes it, the same as a pass over it', () => {
      const { sequences, dims } = bundledBatch(19, 8);
      const values = allocParams(dims, 'float32');
      initParams(values, createRng(6));
      const params = paramsIn(kernels, values);
      const batch = batchOf(sequences);
      const ws = kernels.allocWorkspace(params, batch.B, batch.T);
      const grads = kernels.allocParams(dims, 'float32');
      kernels.forwardBackward(params, batch, ws, grads);
      const fromBackward = new Float64Array(5);
      const fromPass = new Float64Array(5);
      const reference = new Float64Array(5);
      typescriptUpdate.sumSquares(viewParams(dims, Float32Array.from(grads.data)), ws, reference);
      kernels.update.sumSquares(grads, ws, fromBackward);
      kernels.update.sumSquares(grads, ws, fromPass); // the units' sums are read once: a pass over grads
      reference.forEach((sum, k) => {
        expect(sum, PARAM_NAMES[k]).toBeGreaterThan(0);
        expect(Math.abs(fromBackward[k]! - sum) / sum, PARAM_NAMES[k]).toBeLessThan(1e-6);
        expect(Math.abs(fromPass[k]! - sum) / sum, PARAM_NAMES[k]).toBeLessThan(1e-6);
      });
    });

    it('continues an optimizer state made elsewhere (a checkpoint), moving its moments into its memory', () => {
      const dims = { A: 5, K: 0, H: 4 };
      const params = paramsIn(kernels, randomParams(dims, 1, 'float32'));
      const reference = viewParams(dims, Float32Array.from(params.data));
      const grads = paramsIn(kernels, randomParams(dims, 2, 'float32'));
      const g = Float32Array.from(grads.data); // the fused update zeroes grads
      const state = createOptimizer('adam', params.data.length);
      const referenceState = createOptimizer('adam', params.data.length);
      optimizerStep(state, params.data, grads.data, 0.1);
      optimizerStep(referenceState, reference.data, Float32Array.from(g), 0.1);
      kernels.update.step(state, params, grads, 0.1, 1);
      optimizerStep(referenceState, reference.data, Float32Array.from(g), 0.1);
      // the fused update's Adam step is the same to rounding (tolerances as in the test above); the
      // float64 moments were moved into its memory as float32
      expect(worstRelative(params.data, reference.data)).toBeLessThan(1e-6);
      expect(state.m).toBeInstanceOf(Float32Array);
      expect(worstRelative(state.m, referenceState.m)).toBeLessThan(1e-6);
      expect(worstRelative(state.v, referenceState.v)).toBeLessThan(1e-6);
    });
  });
}
