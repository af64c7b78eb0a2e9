// The update in the kernels' memory (wasm/optim.ts): the gradient's sums of squares, taken from
// what the units of the last backward left or from a pass, then one optimizer pass that applies
// the gradient's whole scale and leaves it zeroed. Long vectors are split with the helper thread.

import { typescriptUpdate, type KernelUpdate, type KernelWorkspace } from '../kernels.ts';
import { adamCorrections, OPTIMIZER_CONSTANTS, type OptimizerName, type OptimizerState } from '../optim.ts';
import { PARAM_NAMES, paramShapes, type Params } from '../params.ts';
import { Op } from './abi.ts';
import type { WasmRuntime } from './runtime.ts';
import type { ThreadJobs } from './thread-jobs.ts';
import { unitSquares, type WasmWorkspace } from './workspace.ts';

/** What the update's calls share: the runtime, the thread jobs, where params live, the moments it holds, its scratch. */
type UpdateState = {
  runtime: WasmRuntime;
  jobs: ThreadJobs;
  pointerOf: (params: Params) => number | undefined;
  ownStates: WeakMap<OptimizerState, { m: number; v: number }>;
  /** Each parameter's first index and the total (i32 × 6), and two parts' sums (f64 × 8 each). */
  scratch: { starts: number; sums: number } | null;
};

/** `pointerOf(params)`: where params live in the kernels' memory, or undefined when they were made elsewhere. */
export function createWasmUpdate(runtime: WasmRuntime, jobs: ThreadJobs, pointerOf: (params: Params) => number | undefined): KernelUpdate {
  const state: UpdateState = { runtime, jobs, pointerOf, ownStates: new WeakMap(), scratch: null };
  return {
    createOptimizer: (name, size) => createOptimizerState(state, name, size),
    sumSquares: (grads, workspace, out) => sumSquares(state, grads, workspace, out),
    step: (optimizer, params, grads, lr, gradScale) => step(state, optimizer, params, grads, lr, gradScale),
  };
}

function createOptimizerState(state: UpdateState, name: OptimizerName, size: number): OptimizerState {
  const optimizer: OptimizerState = { name, t: 0, m: new Float32Array(0), v: new Float32Array(0) };
  placeMoments(state, optimizer, { m: name === 'adam' ? size : 0, v: name === 'sgd' ? 0 : size });
  return optimizer;
}

/**
 * Zeroed float32 moments of `sizes` in wasm memory for `optimizer`, its m and v made views of them
 * (re-made after an unshared memory grows); returns where they are.
 */
function placeMoments({ runtime, ownStates }: UpdateState, optimizer: OptimizerState, sizes: { m: number; v: number }): { m: number; v: number } {
  const offsets = { m: runtime.alloc(sizes.m * 4), v: runtime.alloc(sizes.v * 4) };
  const rebind = (): void => {
    optimizer.m = runtime.f32(offsets.m, sizes.m);
    optimizer.v = runtime.f32(offsets.v, sizes.v);
  };
  rebind();
  if (!runtime.shared) runtime.onGrow(rebind);
  ownStates.set(optimizer, offsets);
  return offsets;
}

/**
 * An optimizer state's moments inside wasm memory, moving them there on first use (a checkpoint's,
 * or the TypeScript kernels': float64 moments are rounded to float32 once, here).
 */
function adoptState(state: UpdateState, optimizer: OptimizerState): { m: number; v: number } {
  const own = state.ownStates.get(optimizer);
  if (own) return own;
  const { m, v } = optimizer;
  const offsets = placeMoments(state, optimizer, { m: m.length, v: v.length });
  optimizer.m.set(m);
  optimizer.v.set(v);
  return offsets;
}

/** Σ g² per parameter: from what the units of the last backward left, or a pass over grads. */
function sumSquares(state: UpdateState, grads: Params, workspace: KernelWorkspace, out: Float64Array): void {
  const g = state.pointerOf(grads);
  if (g === undefined) return typescriptUpdate.sumSquares(grads, workspace, out);
  const ws = workspace as WasmWorkspace;
  if (ws.kind === 'wasm' && ws.squaresOf === g) {
    ws.squaresOf = null; // the step will zero this gradient
    unitSquares(state.runtime, ws, out);
  } else {
    passSumSquares(state, g, grads, out);
  }
}

/** Σ g² per parameter in one pass over grads (two parts when the helper is awake). */
function passSumSquares(state: UpdateState, g: number, grads: Params, out: Float64Array): void {
  const { runtime, jobs } = state;
  const shapes = paramShapes(grads.dims);
  const { starts: startsAt, sums } = (state.scratch ??= { starts: runtime.alloc(8 * 4), sums: runtime.alloc(2 * 8 * 8) });
  const starts = runtime.i32(startsAt, 6);
  PARAM_NAMES.forEach((name, k) => (starts[k + 1] = starts[k]! + shapes[name][0] * shapes[name][1]));
  const helperTookPart = jobs.vectorPass(
    starts[5]!,
    (lo, hi) => runtime.exports.sumSquaresSplit(g, startsAt, lo, hi, sums),
    (lo, hi) => ({ op: Op.sumSquares, args: [g, startsAt, lo, hi, sums + 64] }),
  );
  const parts = runtime.f64(sums, 16);
  for (let k = 0; k < 5; k++) out[k] = parts[k]! + (helperTookPart ? parts[8 + k]! : 0);
}

/** θ ← optimizer(θ, g·gradScale), g ← 0, in one pass (two parts when the helper is awake). */
function step(state: UpdateState, optimizer: OptimizerState, params: Params, grads: Params, lr: number, gradScale: number): void {
  const theta = state.pointerOf(params);
  const g = state.pointerOf(grads);
  if (theta === undefined || g === undefined) return typescriptUpdate.step(optimizer, params, grads, lr, gradScale);
  const { m, v } = adoptState(state, optimizer);
  const { beta1, beta2, epsilon } = OPTIMIZER_CONSTANTS;
  optimizer.t++;
  const { c1, c2 } = adamCorrections(optimizer.t);
  const args = (lo: number, hi: number): number[] => {
    const f = lo * 4;
    return optimizer.name === 'sgd' ? [theta + f, g + f, hi - lo, lr, gradScale]
      : optimizer.name === 'adagrad' ? [theta + f, g + f, v + f, hi - lo, lr, gradScale, epsilon]
      : [theta + f, g + f, m + f, v + f, hi - lo, lr, gradScale, beta1, beta2, c1, c2, epsilon];
  };
  const wasm = state.runtime.exports;
  const here = { sgd: wasm.sgd, adagrad: wasm.adagrad, adam: wasm.adam }[optimizer.name] as (...a: number[]) => void;
  state.jobs.vectorPass(params.data.length, (lo, hi) => here(...args(lo, hi)), (lo, hi) => ({ op: Op[optimizer.name], args: args(lo, hi) }));
}
