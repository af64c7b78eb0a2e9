// Time to generate names with a given stepper (the reference network or a kernel's).

import { performance } from 'node:perf_hooks';
import type { Stepper } from '../../core/infer.ts';
import type { Params } from '../../core/params.ts';
import { sampleNames } from '../../core/sample.ts';
import type { Vocabulary } from '../../core/tokens.ts';

/** Seconds to sample `count` names at temperature 1, and their mean length in characters. */
export function generationSeconds(params: Params, vocab: Vocabulary, stepper: Stepper, count: number): { seconds: number; meanLength: number } {
  const start = performance.now();
  const names = sampleNames(params, vocab, { count, seed: 7 }, new Set(), stepper);
  const seconds = (performance.now() - start) / 1000;
  return { seconds, meanLength: names.reduce((n, s) => n + s.name.length, 0) / Math.max(1, names.length) };
}
