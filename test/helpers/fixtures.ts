// Small models and datasets for the tests, all from seeded generators.

import type { Sequence } from '../../core/batch.ts';
import type { Dataset } from '../../core/dataset.ts';
import { allocParams, type DType, type Dims, type Params } from '../../core/params.ts';
import { createRng } from '../../core/rng.ts';
import { buildAlphabet } from '../../core/tokens.ts';

/** Parameters with every entry ~ N(0, scale²): large enough that tanh is far from linear. */
export function randomParams(dims: Dims, seed: number, dtype: DType = 'float64', scale = 0.5): Params {
  const params = allocParams(dims, dtype);
  const rng = createRng(seed);
  for (let i = 0; i < params.data.length; i++) params.data[i] = rng.normal() * scale;
  return params;
}

/** Names of the given lengths with random tokens 1 … A−1 and random categories (or −1). */
export function randomSequences(lengths: number[], A: number, K: number, seed: number): Sequence[] {
  const rng = createRng(seed);
  return lengths.map((n) => ({
    tokens: Int32Array.from({ length: n }, () => 1 + rng.int(A - 1)),
    category: K > 0 ? rng.int(K) : -1,
  }));
}

/** A dataset straight from names (the importer has its own tests). */
export function datasetOf(names: string[], categories: string[] = [], categoryOf?: number[]): Dataset {
  return {
    vocab: { alphabet: buildAlphabet(names), categories },
    names,
    categoryOf: Int32Array.from(categoryOf ?? names.map(() => -1)),
    reports: [],
  };
}
