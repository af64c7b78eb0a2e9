// The update in the kernels' memory (wasm/optim.ts): the gradient's sums of squares, taken from
// what the units of the last backward left or from a pass, then one optimizer pass that applies
// the gradient's whole scale and leaves it zeroed. Long vectors are split with the helper thread.

import { typescriptUpdate, type KernelUpdate } from '../kernels.ts';
import { adamCorrections, OPTIMIZER_CONSTANTS, type OptimizerName, type OptimizerState } from '../optim.ts';
import { PARAM_NAMES, paramShapes, type Params } from '../params.ts';
import { Op } from './abi.ts';
import type { WasmRuntime } from './runtime.ts';
import type { ThreadJobs } from './thread-jobs.ts';
import { unitSquares, type WasmWorkspace } from './workspace.ts';

/** `pointerOf(params)`: where params live in the kernels' memory, or undefined when they were made elsewhere. */
export function createWasmUpdate(runtime: WasmRuntime, jobs: ThreadJobs, pointerOf: (params: Params) => number | undefined): KernelUpdate {
  const wasm = runtime.exports;
  const ownStates = new WeakMap<OptimizerState, { m: number; v: number }>();
  /** Each parameter's first index and the total (i32 × 6), and two parts' sums (f64 × 8 each). */
  let scratch: { starts: number; sums: number } | null = null;

  /** Views of an optimizer state's moments, re-made after an unshared memory grows. */
  function bindMoments(state: OptimizerState, offsets: { m: number; v: number }, sizes: { m: number; v: number }): void {
    const rebind = (): void => {
      state.m = runtime.f64(offsets.m, sizes.m);
      state.v = runtime.f64(offsets.v, sizes.v);
    };
    rebind();
    if (!runtime.shared) runtime.onGrow(rebind);
    ownStates.set(state, offsets);
  }

  /** An optimizer state's moments inside wasm memory, moving them there on first use (a checkpoint's). */
  function adoptState(state: OptimizerState): { m: number; v: number } {
    const own = ownStates.get(state);
    if (own) return own;
    const sizes = { m: state.m.length, v: state.v.length };
    const offsets = { m: runtime.alloc(sizes.m * 8), v: runtime.alloc(sizes.v * 8) };
    runtime.f64(offsets.m, sizes.m).set(state.m);
    runtime.f64(offsets.v, sizes.v).set(state.v);
    bindMoments(state, offsets, sizes);
    return offsets;
  }

  /** Σ g² per parameter in one pass over grads (two parts when the helper is awake). */
  function passSumSquares(g: number, grads: Params, out: Float64Array): void {
    const shapes = paramShapes(grads.dims);
    scratch ??= { starts: runtime.alloc(8 * 4), sums: runtime.alloc(2 * 8 * 8) };
    const { starts: startsAt, sums } = scratch;
    const starts = runtime.i32(startsAt, 6);
    PARAM_NAMES.forEach((name, k) => (starts[k + 1] = starts[k]! + shapes[name][0] * shapes[name][1]));
    const split = jobs.vectorPass(
      starts[5]!,
      (lo, hi) => wasm.sumSquaresSplit(g, startsAt, lo, hi, sums),
      (lo, hi) => ({ op: Op.sumSquares, args: [g, startsAt, lo, hi, sums + 64] }),
    );
    const parts = runtime.f64(sums, 16);
    for (let k = 0; k < 5; k++) out[k] = parts[k]! + (split ? parts[8 + k]! : 0);
  }

  return {
    createOptimizer(name: OptimizerName, size: number): OptimizerState {
      const sizes = { m: name === 'adam' ? size : 0, v: name === 'sgd' ? 0 : size };
      const state: OptimizerState = { name, t: 0, m: new Float64Array(0), v: new Float64Array(0) };
      bindMoments(state, { m: runtime.alloc(sizes.m * 8), v: runtime.alloc(sizes.v * 8) }, sizes);
      return state;
    },

    sumSquares(grads, workspace, out) {
      const g = pointerOf(grads);
      if (g === undefined) return typescriptUpdate.sumSquares(grads, workspace, out);
      const ws = workspace as WasmWorkspace;
      if (ws.kind === 'wasm' && ws.squaresOf === g) {
        ws.squaresOf = null; // the step will zero this gradient
        unitSquares(runtime, ws, out);
      } else {
        passSumSquares(g, grads, out);
      }
    },

    step(state, params, grads, lr, gradScale) {
      const theta = pointerOf(params);
      const g = pointerOf(grads);
      if (theta === undefined || g === undefined) return typescriptUpdate.step(state, params, grads, lr, gradScale);
      const { m, v } = adoptState(state);
      const { beta1, beta2, epsilon } = OPTIMIZER_CONSTANTS;
      state.t++;
      const { c1, c2 } = adamCorrections(state.t);
      const args = (lo: number, hi: number): number[] => {
        const f = lo * 4;
        const d = lo * 8;
        return state.name === 'sgd' ? [theta + f, g + f, hi - lo, lr, gradScale]
          : state.name === 'adagrad' ? [theta + f, g + f, v + d, hi - lo, lr, gradScale, epsilon]
          : [theta + f, g + f, m + d, v + d, hi - lo, lr, gradScale, beta1, beta2, c1, c2, epsilon];
      };
      const here = { sgd: wasm.sgd, adagrad: wasm.adagrad, adam: wasm.adam }[state.name] as (...a: number[]) => void;
      jobs.vectorPass(params.data.length, (lo, hi) => here(...args(lo, hi)), (lo, hi) => ({ op: Op[state.name], args: args(lo, hi) }));
    },
  };
}
