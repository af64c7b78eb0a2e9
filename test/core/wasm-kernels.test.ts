// The WebAssembly kernels held to the same tests as the TypeScript reference (rnn.test.ts), on
// every path: shared memory, unshared memory, and data-parallel with a helper thread (the paths
// in test/helpers/wasm-paths.ts; their update in wasm-update.test.ts).
//
// Tolerances (float32): against the float64 derivation, 1e-4 of each parameter's largest gradient
// entry (float32 keeps ~7 digits; a few dozen accumulated terms lose one or two); finite
// differences of the float32 loss itself, 1e-3 of the largest entry (the loss is only known to
// ~1e-7 relative, divided by a step of 3e-3; measured worst 2e-4); between two float32 kernels,
// 1e-4; the same kernels on 1 and 2 threads, bit for bit (every sum has one order). The fused
// multiply-add builds (relaxed SIMD, enabled here in Node) round once per product instead of twice
// and are held to the same tolerances.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchOf } from '../../core/batch.ts';
import { datasetFromFiles } from '../../core/dataset.ts';
import { createStepper } from '../../core/infer.ts';
import { kernelsFor, typescriptKernels, type KernelWorkspace } from '../../core/kernels.ts';
import { allocParams, initParams, PARAM_NAMES, paramShapes, viewParams, type Dims, type Params } from '../../core/params.ts';
import { createRng } from '../../core/rng.ts';
import { validateSettings } from '../../core/settings.ts';
import { createTrainer } from '../../core/trainer.ts';
import { createParallelWasmKernels, createWasmKernels, type WasmKernels } from '../../core/wasm-kernels.ts';
import { spawnNodeKernelThread } from '../../node/kernel-thread.ts';
import { randomParams, randomSequences } from '../helpers/fixtures.ts';
import { referenceLossAndGrads } from '../helpers/reference-rnn.ts';
import { bundledBatch, lossAndGrads, paramsIn, paths, worstRelative } from '../helpers/wasm-paths.ts';

const cases: { label: string; dims: Dims; lengths: number[] }[] = [
  { label: 'unconditioned, one name', dims: { A: 6, K: 0, H: 5 }, lengths: [4] },
  { label: 'unconditioned, a batch of mixed lengths', dims: { A: 6, K: 0, H: 5 }, lengths: [2, 5, 1, 3] },
  { label: 'conditioned on 3 categories, mixed lengths', dims: { A: 5, K: 3, H: 4 }, lengths: [3, 1, 6] },
  { label: '11 rows (chunks of 6 and 5), H and A multiples of 8', dims: { A: 8, K: 2, H: 16 }, lengths: [5, 1, 7, 3, 3, 2, 6, 4, 1, 2, 8] },
  // chunks of 6, 6 and 5 rows whose names end one after another, so the blocks run 6, 5, 4, 3 rows
  // high and the one-row kernels take 2 and 1; H=21 cuts the last 8-column strip and 6-row block
  { label: '17 rows (every block height), H=21 and A=7 not multiples of 8', dims: { A: 7, K: 2, H: 21 }, lengths: [9, 8, 8, 7, 7, 6, 6, 5, 5, 4, 3, 3, 2, 2, 1, 1, 1] },
  { label: '14 rows (chunks of 5, 5 and 4), unconditioned', dims: { A: 9, K: 0, H: 24 }, lengths: [2, 6, 3, 7, 1, 5, 4, 4, 2, 8, 3, 5, 6, 1] },
  // a batch of one name takes its own forward (no transposed layouts): H, A not multiples of 4 and 8
  { label: 'conditioned, one name (H and A with remainders)', dims: { A: 7, K: 3, H: 13 }, lengths: [6] },
  { label: 'conditioned, one name, H and A multiples of 8', dims: { A: 8, K: 2, H: 16 }, lengths: [7] },
];


for (const [path, create] of Object.entries(paths)) {
  describe(`WebAssembly kernels (${path})`, () => {
    let kernels: WasmKernels;
    beforeAll(async () => {
      kernels = await create();
    });
    afterAll(() => kernels.dispose());

    it('runs the build it was asked for', () => expect(kernels.fma).toBe(path.includes('fused')));

    for (const { label, dims, lengths } of cases) {
      it(`BPTT matches centred finite differences of its own float32 loss (${label})`, () => {
        const params = paramsIn(kernels, randomParams(dims, 7));
        const sequences = randomSequences(lengths, dims.A, dims.K, 11);
        const { grads, batch, ws } = lossAndGrads(kernels, params, sequences);
        const eps = 3e-3;
        for (const name of PARAM_NAMES) {
          const numeric = new Float64Array(params[name].length);
          for (let i = 0; i < params[name].length; i++) {
            const saved = params[name][i]!;
            params[name][i] = saved + eps;
            const plus = kernels.forward(params, batch, ws);
            params[name][i] = saved - eps;
            const minus = kernels.forward(params, batch, ws);
            params[name][i] = saved;
            numeric[i] = (plus - minus) / (2 * eps);
          }
          expect(worstRelative(grads[name], numeric), `d${name}`).toBeLessThan(1e-3);
        }
      });

      it(`agrees with the derivation written literally on loss, gradients and ‖dL/dh_t‖ (${label})`, () => {
        const exact = randomParams(dims, 3);
        const params = paramsIn(kernels, exact);
        const sequences = randomSequences(lengths, dims.A, dims.K, 5);
        const fast = lossAndGrads(kernels, params, sequences);
        const shapes = paramShapes(dims);
        const summed = Object.fromEntries(PARAM_NAMES.map((name) => [name, new Float64Array(shapes[name][0] * shapes[name][1])]));
        let loss = 0;
        const normsByStep: number[][] = [];
        for (const seq of sequences) {
          const ref = referenceLossAndGrads(viewParams(dims, Float64Array.from(params.data)), Array.from(seq.tokens), seq.category);
          loss += ref.loss;
          const parts = { U: ref.dU.flat(), W: ref.dW.flat(), V: ref.dV.flat(), b: ref.db, c: ref.dc };
          for (const name of PARAM_NAMES) parts[name].forEach((v, i) => (summed[name]![i]! += v));
          ref.dLdhNorms.forEach((norm, t) => (normsByStep[t] ??= []).push(norm));
        }
        expect(Math.abs(fast.loss - loss) / loss).toBeLessThan(1e-5);
        for (const name of PARAM_NAMES) expect(worstRelative(fast.grads[name], summed[name]!), `d${name}`).toBeLessThan(1e-4);
        const meanNorms = normsByStep.map((norms) => norms.reduce((a, b) => a + b, 0) / norms.length);
        expect(worstRelative(fast.dLdhNorms, meanNorms)).toBeLessThan(1e-4);
      });
    }

    it('agrees with the TypeScript kernels on a real batch of 32 bundled names at H=128', () => {
      const { sequences, dims } = bundledBatch(32, 3);
      const reference = allocParams(dims, 'float32');
      initParams(reference, createRng(5));
      const expected = lossAndGrads(typescriptKernels, reference, sequences);
      const actual = lossAndGrads(kernels, paramsIn(kernels, reference), sequences);
      expect(Math.abs(actual.loss - expected.loss) / expected.loss).toBeLessThan(1e-5);
      for (const name of PARAM_NAMES) expect(worstRelative(actual.grads[name], expected.grads[name]), `d${name}`).toBeLessThan(1e-4);
      expect(worstRelative(actual.dLdhNorms, expected.dLdhNorms)).toBeLessThan(1e-4);
    });

    it('accepts parameters and gradients allocated elsewhere (copied in), and leaves float64 to TypeScript (kernelsFor)', () => {
      const dims = { A: 6, K: 0, H: 5 };
      const values = randomParams(dims, 4, 'float32');
      const sequences = randomSequences([3, 2, 4], dims.A, dims.K, 6);
      const own = lossAndGrads(kernels, paramsIn(kernels, values), sequences);
      const foreign = lossAndGrads({ ...kernels, allocParams: typescriptKernels.allocParams }, values, sequences);
      expect(foreign.loss).toBe(own.loss);
      expect(Array.from(foreign.grads.data)).toEqual(Array.from(own.grads.data));
      expect(() => kernels.allocParams(dims, 'float64')).toThrow(/float32 only/);
      expect(kernelsFor(kernels, 'float64')).toBe(typescriptKernels);
      expect(kernelsFor(kernels, 'float32')).toBe(kernels);
    });

    it('steps one name at a time like infer.ts (for sampling)', () => {
      const dims = { A: 9, K: 2, H: 12 };
      const params = paramsIn(kernels, randomParams(dims, 6, 'float32'));
      const fast = kernels.stepper(params);
      const slow = createStepper(params);
      const p1 = new Float64Array(dims.A);
      const p2 = new Float64Array(dims.A);
      for (const reset of [true, false]) {
        if (reset) { fast.reset(); slow.reset(); }
        for (const token of [0, 3, 8, 1]) {
          fast.step(token, 1, p1);
          slow.step(token, 1, p2);
          expect(worstRelative(p1, p2)).toBeLessThan(1e-5);
        }
      }
    });
  });
}

describe('WebAssembly kernels across paths', () => {
  it('give bit-identical results on 1 and 2 threads, whichever thread runs which chunk', async () => {
    const single = createWasmKernels();
    const parallel = await createParallelWasmKernels(spawnNodeKernelThread);
    try {
      for (const rows of [32, 7, 1]) {
        const { sequences, dims } = bundledBatch(rows, rows);
        const values = allocParams(dims, 'float32');
        initParams(values, createRng(9));
        const one = lossAndGrads(single, paramsIn(single, values), sequences);
        const two = lossAndGrads(parallel, paramsIn(parallel, values), sequences);
        expect(two.loss).toBe(one.loss);
        expect(Array.from(two.grads.data)).toEqual(Array.from(one.grads.data));
        expect(two.dLdhNorms).toEqual(one.dLdhNorms);
        // the workspace is reused: a second backward on it sums the same gradient
        const again = parallel.allocParams(dims, 'float32');
        const same = paramsIn(parallel, values);
        parallel.forward(same, two.batch, two.ws);
        parallel.backward(same, two.batch, two.ws, again);
        expect(Array.from(again.data)).toEqual(Array.from(two.grads.data));
        // forwardBackward (each chunk's BPTT right after its forward) is forward then backward, bit for bit
        const fused = parallel.allocParams(dims, 'float32');
        const fusedLoss = parallel.forwardBackward(same, two.batch, two.ws, fused);
        expect(fusedLoss).toBe(two.loss);
        expect(Array.from(fused.data)).toEqual(Array.from(two.grads.data));
        expect(Array.from(two.ws.dLdhNorms.subarray(0, two.batch.T))).toEqual(two.dLdhNorms);
      }
      // batches of every size in turn on one workspace, each with new weights, through forward,
      // backward and forwardBackward: a helper that takes a chunk's BPTT must have prepared its
      // layouts (W padded, H=20) from these weights in that batch's forward
      const dims = { A: 27, K: 0, H: 20 };
      const values = allocParams(dims, 'float32');
      const [p1, p2] = [paramsIn(single, values), paramsIn(parallel, values)];
      const [g1, g2] = [single.allocParams(dims, 'float32'), parallel.allocParams(dims, 'float32')];
      const ws1 = single.allocWorkspace(p1, 40, 20);
      const ws2 = parallel.allocWorkspace(p2, 40, 20);
      const rng = createRng(12);
      for (let i = 0; i < 120; i++) {
        const { sequences } = bundledBatch(1 + rng.int(40), 100 + i);
        const batch = batchOf(sequences);
        initParams(values, createRng(1000 + i));
        p1.data.set(values.data);
        p2.data.set(values.data);
        g1.data.fill(0);
        g2.data.fill(0);
        const run = (k: WasmKernels, p: Params, ws: KernelWorkspace, g: Params): number => {
          if (i % 3 === 0) return k.forwardBackward(p, batch, ws, g);
          const loss = k.forward(p, batch, ws);
          if (i % 3 === 1) k.backward(p, batch, ws, g);
          return loss;
        };
        expect(run(parallel, p2, ws2, g2), `batch ${i} of ${batch.B} rows`).toBe(run(single, p1, ws1, g1));
        expect(Array.from(g2.data), `batch ${i} of ${batch.B} rows`).toEqual(Array.from(g1.data));
      }
    } finally {
      parallel.dispose();
    }
  });

  it('train through the trainer: the loss falls, and the same seed gives bit-identical weights', async () => {
    const dataset = datasetFromFiles([{ fileName: 'names.txt', bytes: new TextEncoder().encode(['emma', 'olivia', 'ava', 'isabella', 'sophia', 'mia', 'charlotte', 'amelia', 'harper', 'evelyn'].join('\n')) }]);
    const settings = validateSettings({ hiddenSize: 16, batchSize: 4, evalEvery: 1000, stop: { steps: 1000 }, validationFraction: 0 });
    const run = async (kernels: WasmKernels) => {
      const trainer = createTrainer(dataset, settings, { kernels });
      const first = trainer.step()!.loss;
      let last = first;
      for (let i = 0; i < 150; i++) last = trainer.step()!.loss;
      kernels.dispose();
      return { first, last, weights: Array.from(trainer.params.data) };
    };
    const a = await run(createWasmKernels());
    const b = await run(createWasmKernels());
    expect(a.last).toBeLessThan(a.first * 0.7);
    expect(a.weights).toEqual(b.weights);
    const c = await run(await createParallelWasmKernels(spawnNodeKernelThread));
    expect(c.last).toBeLessThan(c.first * 0.7);
  });

  it('keep earlier parameter views valid when an unshared memory grows', () => {
    const kernels = createWasmKernels({ sharedMemory: false });
    const dims = { A: 6, K: 0, H: 5 };
    const params = paramsIn(kernels, randomParams(dims, 2, 'float32'));
    const before = Array.from(params.data);
    kernels.allocWorkspace(params, 256, 300); // several MiB: the memory grows
    expect(params.data.length).toBe(before.length);
    expect(Array.from(params.data)).toEqual(before);
  });
});
