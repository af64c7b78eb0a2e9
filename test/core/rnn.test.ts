import { describe, expect, it } from 'vitest';
import { batchOf } from '../../core/batch.ts';
import { allocParams, PARAM_NAMES, paramShapes, viewParams, type Dims, type Params } from '../../core/params.ts';
import { allocWorkspace, backward, forward } from '../../core/rnn.ts';
import { randomParams, randomSequences } from '../helpers/fixtures.ts';
import { referenceLossAndGrads } from '../helpers/reference-rnn.ts';

/** cs231n's relative error |a − n| / max(1e-8, |a| + |n|). */
const relativeError = (a: number, n: number): number => Math.abs(a - n) / Math.max(1e-8, Math.abs(a) + Math.abs(n));

function lossAndGrads(params: Params, sequences: ReturnType<typeof randomSequences>) {
  const batch = batchOf(sequences);
  const ws = allocWorkspace(params, batch.B, batch.T);
  const grads = allocParams(params.dims, params.data instanceof Float64Array ? 'float64' : 'float32');
  const loss = forward(params, batch, ws);
  backward(params, batch, ws, grads);
  return { loss, grads, dLdhNorms: Array.from(ws.dLdhNorms.subarray(0, batch.T)), batch };
}

const cases: { label: string; dims: Dims; lengths: number[] }[] = [
  { label: 'unconditioned, one name', dims: { A: 6, K: 0, H: 5 }, lengths: [4] },
  { label: 'unconditioned, a batch of mixed lengths', dims: { A: 6, K: 0, H: 5 }, lengths: [2, 5, 1, 3] },
  { label: 'conditioned on 3 categories, mixed lengths', dims: { A: 5, K: 3, H: 4 }, lengths: [3, 1, 6] },
];

describe('BPTT gradients', () => {
  for (const { label, dims, lengths } of cases) {
    it(`match centred finite differences in float64 for every entry of U, W, V, b, c (${label})`, () => {
      const params = randomParams(dims, 7);
      const sequences = randomSequences(lengths, dims.A, dims.K, 11);
      const { grads } = lossAndGrads(params, sequences);
      const batch = batchOf(sequences);
      const ws = allocWorkspace(params, batch.B, batch.T);
      const eps = 1e-5;
      let worst = 0;
      let checked = 0;
      for (const name of PARAM_NAMES) {
        for (let i = 0; i < params[name].length; i++) {
          const saved = params[name][i]!;
          params[name][i] = saved + eps;
          const plus = forward(params, batch, ws);
          params[name][i] = saved - eps;
          const minus = forward(params, batch, ws);
          params[name][i] = saved;
          const numeric = (plus - minus) / (2 * eps);
          const analytic = grads[name][i]!;
          // entries no input touches (a category no name has) have a zero gradient both ways
          worst = Math.max(worst, Math.abs(numeric) < 1e-10 && analytic === 0 ? 0 : relativeError(analytic, numeric));
          checked++;
        }
      }
      expect(checked).toBe(params.data.length);
      expect(worst).toBeLessThan(1e-6);
    });
  }
});

describe('the batched kernels against the derivation written literally', () => {
  for (const { label, dims, lengths } of cases) {
    for (const dtype of ['float64', 'float32'] as const) {
      // float64 agrees to rounding; float32 to its precision over a few dozen accumulated terms
      const tolerance = dtype === 'float64' ? 1e-12 : 2e-5;
      it(`agree on loss, every gradient and ‖dL/dh_t‖ in ${dtype} (${label}; padded positions masked)`, () => {
        const exact = randomParams(dims, 3);
        const params = dtype === 'float64' ? exact : viewParams(dims, Float32Array.from(exact.data));
        const sequences = randomSequences(lengths, dims.A, dims.K, 5);
        const fast = lossAndGrads(params, sequences);

        const shapes = paramShapes(dims);
        const summed = { U: zeros(shapes.U), W: zeros(shapes.W), V: zeros(shapes.V), b: zeros(shapes.b), c: zeros(shapes.c) };
        let loss = 0;
        const normsByStep: number[][] = [];
        for (const seq of sequences) {
          const ref = referenceLossAndGrads(exact, Array.from(seq.tokens), seq.category);
          loss += ref.loss;
          addInto(summed.U, ref.dU);
          addInto(summed.W, ref.dW);
          addInto(summed.V, ref.dV);
          addInto(summed.b, [ref.db]);
          addInto(summed.c, [ref.dc]);
          ref.dLdhNorms.forEach((norm, t) => (normsByStep[t] ??= []).push(norm));
        }
        expect(relativeError(fast.loss, loss)).toBeLessThan(tolerance);
        for (const name of PARAM_NAMES) {
          const expected = summed[name].flat();
          const scale = Math.max(...expected.map(Math.abs));
          const worst = Math.max(...expected.map((v, i) => Math.abs(v - fast.grads[name][i]!)));
          expect(worst / scale, `d${name}`).toBeLessThan(tolerance);
        }
        const meanNorms = normsByStep.map((norms) => norms.reduce((a, b) => a + b, 0) / norms.length);
        expect(fast.dLdhNorms).toHaveLength(Math.max(...lengths) + 1);
        meanNorms.forEach((norm, t) => expect(relativeError(fast.dLdhNorms[t]!, norm)).toBeLessThan(tolerance));
      });
    }
  }

  it('counts only real tokens: padding adds nothing to the loss of the short names', () => {
    const dims = { A: 6, K: 0, H: 5 };
    const params = randomParams(dims, 9);
    const sequences = randomSequences([1, 7], dims.A, dims.K, 13);
    const together = lossAndGrads(params, sequences);
    const apart = sequences.map((s) => lossAndGrads(params, [s]));
    expect(together.batch.tokens).toBe(2 + 8);
    expect(relativeError(together.loss, apart[0]!.loss + apart[1]!.loss)).toBeLessThan(1e-14);
    for (let i = 0; i < params.data.length; i++) {
      expect(together.grads.data[i]).toBeCloseTo(apart[0]!.grads.data[i]! + apart[1]!.grads.data[i]!, 12);
    }
  });
});

const zeros = ([rows, cols]: [number, number]): number[][] => Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
function addInto(total: number[][], part: number[][]): void {
  part.forEach((row, i) => row.forEach((v, j) => (total[i]![j]! += v)));
}
