// Inventing names: sample one character at a time from ŷ_t until the boundary comes back.
// Temperature divides the log-probabilities (→ 0 is the argmax), top-k keeps the k likeliest
// characters, a prefix is fed in before sampling starts. Each name's log-probability is that of the
// untempered model, so it equals score(name).logProb.

import { createStepper, type Stepper } from './infer.ts';
import type { Params } from './params.ts';
import { createRng, type Rng } from './rng.ts';
import { BOUNDARY, createEncoder, resolveCategory, type Encoder, type Vocabulary } from './tokens.ts';

export type SampleOptions = {
  count?: number;
  /** 0 samples the likeliest character every time. */
  temperature?: number;
  /** Keep only the k likeliest characters (0 = all). */
  topK?: number;
  /** Every name starts with this. */
  prefix?: string;
  category?: string | number;
  /** Characters at most, prefix included. */
  maxLength?: number;
  seed?: number;
  /** Skip names that occur in the training names (up to 50 tries per name). */
  onlyNew?: boolean;
};

export type SampledName = { name: string; logProb: number; inTraining: boolean };

export const SAMPLE_LIMITS = { maxCount: 100_000, maxLength: 256, maxTemperature: 10 } as const;

export function sampleNames(
  params: Params,
  vocab: Vocabulary,
  options: SampleOptions = {},
  trainingNames: ReadonlySet<string> = new Set(),
  /** The network one step at a time: the reference by default, or a kernel's (RnnKernels.stepper). */
  stepper: Stepper = createStepper(params),
): SampledName[] {
  const sampler = createSampler(vocab, options, stepper);
  const names: SampledName[] = [];
  for (let n = 0; n < sampler.count; n++) {
    let sampled = sampleOne(sampler, trainingNames);
    for (let tries = 1; options.onlyNew && sampled.inTraining && tries < 50; tries++) sampled = sampleOne(sampler, trainingNames);
    if (options.onlyNew && sampled.inTraining) continue;
    names.push(sampled);
  }
  return names;
}

/** One call's checked options, its generator and the buffers every name reuses. */
type Sampler = {
  readonly count: number;
  readonly temperature: number;
  readonly topK: number;
  readonly maxLength: number;
  readonly category: number;
  readonly prefix: number[];
  readonly encoder: Encoder;
  readonly rng: Rng;
  readonly stepper: Stepper;
  /** Tokens, boundary included. */
  readonly A: number;
  /** (A) ŷ of the current step, and the tempered weights drawn from. */
  readonly probs: Float64Array;
  readonly weights: Float64Array;
  /** (A) tokens, re-sorted most likely first at each draw when topK > 0. */
  readonly ranked: number[];
};

/** Checks the options (each refusal names the option) and allocates the buffers. */
function createSampler(vocab: Vocabulary, options: SampleOptions, stepper: Stepper): Sampler {
  const count = checkInt('count', options.count ?? 10, 0, SAMPLE_LIMITS.maxCount);
  const temperature = options.temperature ?? 1;
  if (!(temperature >= 0 && temperature <= SAMPLE_LIMITS.maxTemperature)) {
    throw new Error(`temperature: expected a number from 0 to ${SAMPLE_LIMITS.maxTemperature}, got ${temperature}`);
  }
  const A = vocab.alphabet.length + 1;
  const topK = checkInt('top-k', options.topK ?? 0, 0, A);
  const maxLength = checkInt('maxLength', options.maxLength ?? 32, 1, SAMPLE_LIMITS.maxLength);
  const category = resolveCategory(vocab, options.category);
  const encoder = createEncoder(vocab);
  const prefix = encoder.encode(options.prefix ?? '');
  if (prefix.length > maxLength) throw new Error(`prefix: ${prefix.length} characters is longer than the maximum length ${maxLength}`);
  const rng = createRng(options.seed ?? 1);
  return {
    count, temperature, topK, maxLength, category, prefix, encoder, rng, stepper, A,
    probs: new Float64Array(A),
    weights: new Float64Array(A),
    ranked: Array.from({ length: A }, (_, a) => a),
  };
}

/** One name: the prefix fed in, then drawn characters until the boundary or the maximum length. */
function sampleOne(sampler: Sampler, trainingNames: ReadonlySet<string>): SampledName {
  const { stepper, prefix, maxLength, probs } = sampler;
  stepper.reset();
  const tokens: number[] = [];
  let logProb = 0;
  let input = BOUNDARY;
  for (;;) {
    stepper.step(input, sampler.category, probs);
    let next: number;
    if (tokens.length < prefix.length) next = prefix[tokens.length]!;
    else if (tokens.length >= maxLength) next = BOUNDARY;
    else next = draw(sampler, tokens.length === 0);
    logProb += Math.log(probs[next]!);
    if (next === BOUNDARY) break;
    tokens.push(next);
    input = next;
  }
  const name = sampler.encoder.decode(tokens);
  return { name, logProb, inTraining: trainingNames.has(name) };
}

/** Draw from ŷ^(1/T) restricted to the top k; the boundary is not allowed as the first character. */
function draw(sampler: Sampler, first: boolean): number {
  const { topK, temperature, probs, weights, ranked, A } = sampler;
  if (topK > 0) ranked.sort((x, y) => probs[y]! - probs[x]!);
  const allowed = topK > 0 ? topK : A;
  let best = -1;
  for (let i = 0; i < allowed; i++) {
    const a = topK > 0 ? ranked[i]! : i;
    if (first && a === BOUNDARY) continue;
    if (best < 0 || probs[a]! > probs[best]!) best = a;
  }
  if (temperature === 0) return best;
  // (p / p_max)^(1/T): relative to the likeliest, so a small T cannot underflow every weight
  const logMax = Math.log(probs[best]!);
  weights.fill(0);
  for (let i = 0; i < allowed; i++) {
    const a = topK > 0 ? ranked[i]! : i;
    if (first && a === BOUNDARY) continue;
    weights[a] = Math.exp((Math.log(probs[a]!) - logMax) / temperature);
  }
  let total = 0;
  for (let a = 0; a < A; a++) total += weights[a]!;
  if (!(total > 0) || !Number.isFinite(total)) return best;
  let u = sampler.rng.next() * total;
  for (let a = 0; a < A; a++) {
    u -= weights[a]!;
    if (u < 0 && weights[a]! > 0) return a;
  }
  return best;
}

function checkInt(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${field}: expected a whole number from ${min} to ${max}, got ${value}`);
  }
  return value;
}
