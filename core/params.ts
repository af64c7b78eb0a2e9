// All parameters in one flat typed buffer, each matrix a named row-major view into it, so that the
// optimizer, the global gradient norm, clipping and serialization are one loop each.
//
//   U (H, X)  input → hidden, X = A + K (one-hot token ; one-hot category)
//   W (H, H)  hidden → hidden
//   V (A, H)  hidden → output logits
//   b (H)     hidden bias
//   c (A)     output bias

import type { Rng } from './rng.ts';

export type Floats = Float32Array | Float64Array;
export type DType = 'float32' | 'float64';

/** A tokens, K categories (0 = unconditioned), H hidden units. */
export type Dims = { A: number; K: number; H: number };

export const PARAM_NAMES = ['U', 'W', 'V', 'b', 'c'] as const;
export type ParamName = (typeof PARAM_NAMES)[number];

/** The buffer and a view per PARAM_NAMES entry (U, W, V, b, c), laid out in that order. */
export type Params = { dims: Dims; data: Floats } & Record<ParamName, Floats>;

/** [rows, cols] of every parameter; vectors are one row. */
export function paramShapes({ A, K, H }: Dims): Record<ParamName, [number, number]> {
  return { U: [H, A + K], W: [H, H], V: [A, H], b: [1, H], c: [1, A] };
}

export function paramCount(dims: Dims): number {
  const shapes = paramShapes(dims);
  return PARAM_NAMES.reduce((n, name) => n + shapes[name][0] * shapes[name][1], 0);
}

/** Named views over an existing buffer laid out U, W, V, b, c. */
export function viewParams(dims: Dims, data: Floats): Params {
  const shapes = paramShapes(dims);
  if (data.length !== paramCount(dims)) {
    throw new Error(`parameter buffer has ${data.length} numbers, expected ${paramCount(dims)} for A=${dims.A} K=${dims.K} H=${dims.H}`);
  }
  const views = {} as Record<ParamName, Floats>;
  let offset = 0;
  for (const name of PARAM_NAMES) {
    const size = shapes[name][0] * shapes[name][1];
    views[name] = data.subarray(offset, offset + size);
    offset += size;
  }
  return { dims, data, ...views };
}

export function allocParams(dims: Dims, dtype: DType = 'float32'): Params {
  const n = paramCount(dims);
  return viewParams(dims, dtype === 'float64' ? new Float64Array(n) : new Float32Array(n));
}

export function dtypeOf(data: Floats): DType {
  return data instanceof Float64Array ? 'float64' : 'float32';
}

export function cloneParams(params: Params): Params {
  return viewParams(params.dims, params.data.slice());
}

/**
 * Initial weights, chosen by experiment on the bundled names (see README, "Defaults"):
 *   U ~ N(0, 0.5²)      a token's column is its embedding; large enough to move tanh off zero
 *   W ~ N(0, 1/H)       spectral radius ≈ 1: gradients neither vanish nor explode at the start
 *   V ~ N(0, 0.01²/H)   near-zero logits, so the initial loss is ≈ ln A per token
 *   b = 0, c = 0
 */
export function initParams(params: Params, rng: Rng): void {
  const { H } = params.dims;
  params.data.fill(0);
  fillNormal(params.U, 0.5, rng);
  fillNormal(params.W, 1 / Math.sqrt(H), rng);
  fillNormal(params.V, 0.01 / Math.sqrt(H), rng);
}

function fillNormal(out: Floats, std: number, rng: Rng): void {
  for (let i = 0; i < out.length; i++) out[i] = rng.normal() * std;
}

/** ‖g‖₂ of a whole buffer or one view. */
export function l2Norm(values: Floats): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]! * values[i]!;
  return Math.sqrt(sum);
}

