// RnnKernels in WebAssembly SIMD (wasm/rnn.ts), float32, optionally data-parallel over a helper
// thread. Parameters, gradients, optimizer moments and activations live in the module's memory;
// Params are Float32Array views of it. A batch is split by rows (a snake order, see split), so
// both halves stay sorted longest first; each thread prepares its own copy of the weight layouts
// the products read, and the trainer's forwardBackward runs the helper's forward and BPTT as one
// job. The helper sums its gradient into its own buffer and this thread adds it in, zeroing that
// buffer for the next batch. float64 parameters are left to the TypeScript kernels.
//
// Params (or an optimizer state) made elsewhere still work: they are copied into the module's
// memory for each call (params, grads) or moved there on first use (optimizer moments).

import type { Batch } from './batch.ts';
import { createStepper, type Stepper } from './infer.ts';
import type { KernelThread, SpawnKernelThread } from './kernel-threads.ts';
import { typescriptKernels, typescriptUpdate, type KernelUpdate, type KernelWorkspace, type RnnKernels } from './kernels.ts';
import { OPTIMIZER_CONSTANTS, type OptimizerName, type OptimizerState } from './optim.ts';
import { paramCount, PARAM_NAMES, paramShapes, viewParams, type Dims, type Params } from './params.ts';
import { DESCRIPTOR_BYTES, FIELD, padTo8 } from './wasm/layout.ts';
import { createWasmRuntime, OP, relaxedSimdSupported, type WasmRuntime } from './wasm/runtime.ts';

export type WasmKernels = RnnKernels & {
  update: KernelUpdate;
  forwardBackward: NonNullable<RnnKernels['forwardBackward']>;
  /** A stepper over a snapshot of params (taken now); one stepper at a time per kernels object. */
  stepper(params: Params): Stepper;
  readonly threads: 1 | 2;
  readonly sharedMemory: boolean;
  /** Running the relaxed-SIMD (fused multiply-add) build. */
  readonly fma: boolean;
  /** Bytes of WebAssembly memory allocated so far (parameters, gradients, moments, workspaces, helper's buffers). */
  allocatedBytes(): number;
  /** Stops the helper thread; the memory goes with the kernels object. */
  dispose(): void;
};

export type WasmOptions = {
  /** Shared WebAssembly memory (default false for one thread; always true with a helper thread). */
  sharedMemory?: boolean;
  /**
   * The relaxed-SIMD build, whose multiply-adds are fused where the CPU has FMA: faster, and
   * rounded once instead of twice. Default: wherever the platform compiles relaxed SIMD.
   */
  fma?: boolean;
  /**
   * The update exactly as optim.ts computes it (bit for bit): gradients scaled in one pass, then the
   * optimizer step in float64. Default false: the fused update, which sums the squares of the
   * unscaled gradient (the norms times scale²), applies scale·gradScale inside the optimizer pass
   * (SGD in float32) and zeroes the gradient there, so the trainer need not. It differs from
   * optim.ts only in rounding: parameters within a few float32 ulps per step.
   */
  exactUpdate?: boolean;
};

/** One thread's share of a batch: its descriptor and the capacity it was sized for. */
type Part = { desc: number; cap: number; maxT: number; grads: number; normSums: number; rows: Int32Array; views: PartViews | null };

/** Views of a part's descriptor and arrays, kept between batches (re-made after an unshared memory grows). */
type PartViews = { d: Int32Array; active: Int32Array; inputs: Int32Array; targets: Int32Array; categories: Int32Array; normSums: Float64Array; loss: Float64Array };

type WasmWorkspace = KernelWorkspace & {
  kind: 'wasm';
  dims: Dims;
  maxB: number;
  maxT: number;
  parts: Part[];
  /** Where params/grads made elsewhere are copied; allocated on first need. */
  mirror: { params: number; grads: number } | null;
};

type Helper = { control: number; thread: KernelThread };

/** Bytes of the control block (wasm/threads.ts): counters, op, descriptor, then f64 arguments from byte 32. */
const CONTROL_BYTES = 32 + 16 * 8;

/** Smallest parameter vector whose update passes are split with the helper (below, a wait costs more). */
const SPLIT_UPDATE_MIN = 8192;

/** Longest a helper's half of one batch may take before it is presumed dead. */
const JOIN_SECONDS = 5;

/**
 * Single-threaded kernels. Unshared memory by default: V8's TypedArray fill/set on a
 * SharedArrayBuffer take a slower path (the trainer zeroes the gradient every step).
 */
export function createWasmKernels(options: WasmOptions = {}): WasmKernels {
  return makeKernels(createWasmRuntime(options.sharedMemory ?? false, options.fma ?? relaxedSimdSupported()), null, options.exactUpdate ?? false);
}

/** Kernels that split every batch with one helper thread (needs SharedArrayBuffer). */
export async function createParallelWasmKernels(spawn: SpawnKernelThread, options: Omit<WasmOptions, 'sharedMemory'> = {}): Promise<WasmKernels> {
  const runtime = createWasmRuntime(true, options.fma ?? relaxedSimdSupported());
  const control = runtime.alloc(CONTROL_BYTES);
  const thread = spawn({ module: runtime.module, memory: runtime.memory, control });
  await thread.ready;
  return makeKernels(runtime, { control, thread }, options.exactUpdate ?? false);
}

function makeKernels(runtime: WasmRuntime, helper: Helper | null, exact: boolean): WasmKernels {
  const E = runtime.exports;
  const ownParams = new WeakMap<Params, number>();
  const ownStates = new WeakMap<OptimizerState, { m: number; v: number }>();
  const P = helper ? 2 : 1;
  const steppers = new Map<string, WasmWorkspace>();

  // A view of wasm memory handed to callers; re-created after an unshared memory grows.
  function keepBound(rebind: () => void): void {
    if (!runtime.shared) runtime.onGrow(rebind);
  }

  function allocParams(dims: Dims, dtype: 'float32' | 'float64'): Params {
    if (dtype === 'float64') return typescriptKernels.allocParams(dims, dtype);
    const n = paramCount(dims);
    const offset = runtime.alloc(n * 4);
    const params = viewParams(dims, runtime.f32(offset, n));
    ownParams.set(params, offset);
    keepBound(() => Object.assign(params, viewParams(dims, runtime.f32(offset, n))));
    return params;
  }

  function allocWorkspace(params: Params, maxB: number, maxT: number): KernelWorkspace {
    if (params.data instanceof Float64Array) return typescriptKernels.allocWorkspace(params, maxB, maxT);
    const dims = params.dims;
    const { A, K, H } = dims;
    const X = A + K;
    const Hp = padTo8(H);
    const Ap = padTo8(A);
    const f32 = (n: number): number => runtime.alloc(n * 4);
    const parts: Part[] = [];
    for (let p = 0; p < P; p++) {
      const cap = Math.ceil(maxB / P);
      const desc = runtime.alloc(DESCRIPTOR_BYTES);
      const fields: Record<keyof typeof FIELD, number> = {
        A, K, H, Hp, Ap, B: 0, T: 0, params: 0, grads: p > 0 ? f32(paramCount(dims)) : 0,
        inputs: f32(maxT * cap), targets: f32(maxT * cap), categories: f32(cap), active: f32(maxT),
        hs: f32((maxT + 1) * cap * Hp), ps: f32(maxT * cap * Ap), dz: f32(maxT * cap * Hp), dhNext: f32(cap * Hp),
        rowNorms: f32((cap + 1) * 4), normSums: runtime.alloc(maxT * 8), dUT: f32((X + 1) * Hp), loss: 0, seen: f32(X + 1), pack: f32(32 + 4 * Math.max(Hp, Ap)),
        // the layouts of the parameters the products read, made by each thread for itself once
        // per batch: no thread waits for another's, nor reads them from another core's cache
        WT: f32(Hp * Hp), VT: f32(Hp * Ap), UT: f32((X + 1) * Hp), cp: f32(2 * Ap), Wp: f32(H * Hp), Vp: f32(A * Hp),
      };
      const view = runtime.i32(desc, DESCRIPTOR_BYTES / 4);
      for (const [name, index] of Object.entries(FIELD)) if (name !== 'loss') view[index] = fields[name as keyof typeof FIELD];
      parts.push({ desc, cap, maxT, grads: fields.grads, normSums: fields.normSums, rows: new Int32Array(maxB), views: null });
    }
    const ws: WasmWorkspace = { kind: 'wasm', dims, maxB, maxT, parts, mirror: null, dLdhNorms: new Float64Array(maxT) };
    return ws;
  }

  /** Pointer to the parameters inside wasm memory, copying them in when they live elsewhere. */
  function paramsPointer(params: Params, ws: WasmWorkspace): number {
    const own = ownParams.get(params);
    if (own !== undefined) return own;
    const n = params.data.length;
    ws.mirror ??= { params: runtime.alloc(n * 4), grads: runtime.alloc(n * 4) };
    runtime.f32(ws.mirror.params, n).set(params.data);
    return ws.mirror.params;
  }

  /**
   * Writes each part's rows of the batch into its descriptor and arrays. Two parts take the rows
   * in a snake order (0 3 4 7 8 … and 1 2 5 6 …): rows are sorted longest first, so alternating
   * rows would give the first part the longer of every pair; the snake evens out the tokens.
   */
  function split(batch: Batch, ws: WasmWorkspace, paramsPtr: number): void {
    const { B, T, inputs, targets, categories, active } = batch;
    if (B > ws.maxB || T > ws.maxT) {
      throw new Error(`batch (B=${B}, T=${T}) exceeds the workspace (B≤${ws.maxB}, T≤${ws.maxT})`);
    }
    for (let p = 0; p < P; p++) {
      const part = ws.parts[p]!;
      const { d, active: act, inputs: inp, targets: tgt, categories: cat } = viewsOf(part);
      const rows = part.rows;
      let Bp = 0;
      for (let r = 0; r < B; r++) if (partOf(r) === p) rows[Bp++] = r;
      let Tp = 0;
      let n = Bp;
      for (let t = 0; t < T; t++) {
        while (n > 0 && rows[n - 1]! >= active[t]!) n--;
        act[t] = n;
        if (n > 0) Tp = t + 1;
        const from = t * B;
        const to = t * Bp;
        for (let i = 0; i < n; i++) {
          inp[to + i] = inputs[from + rows[i]!]!;
          tgt[to + i] = targets[from + rows[i]!]!;
        }
      }
      for (let i = 0; i < Bp; i++) cat[i] = categories[rows[i]!]!;
      d[FIELD.B] = Bp;
      d[FIELD.T] = Tp;
      d[FIELD.params] = paramsPtr;
    }
  }

  function viewsOf(part: Part): PartViews {
    if (part.views && part.views.d.length > 0) return part.views;
    const d = runtime.i32(part.desc, DESCRIPTOR_BYTES / 4);
    part.views = {
      d,
      active: runtime.i32(d[FIELD.active]!, part.maxT),
      inputs: runtime.i32(d[FIELD.inputs]!, part.maxT * part.cap),
      targets: runtime.i32(d[FIELD.targets]!, part.maxT * part.cap),
      categories: runtime.i32(d[FIELD.categories]!, part.cap),
      normSums: runtime.f64(part.normSums, part.maxT),
      loss: runtime.f64(part.desc + FIELD.loss * 4, 1),
    };
    return part.views;
  }

  /** Which part (thread) runs row r of a batch. */
  function partOf(r: number): number {
    return P === 1 ? 0 : (r ^ (r >> 1)) & 1;
  }

  /** Waits for the helper's job; a helper that died would otherwise leave this thread waiting forever. */
  function join(seq: number): void {
    if (E.join!(helper!.control, seq, JOIN_SECONDS)) return;
    const [posted, done, op] = runtime.i32(helper!.control, 3);
    throw new Error(`the kernel thread did not finish its job within ${JOIN_SECONDS} s (job ${seq}; posted ${posted}, done ${done}, op ${op})`);
  }

  function forward(params: Params, batch: Batch, workspace: KernelWorkspace): number {
    if (params.data instanceof Float64Array) return typescriptKernels.forward(params, batch, workspace);
    const ws = workspace as WasmWorkspace;
    split(batch, ws, paramsPointer(params, ws));
    if (batch.B === 0) return 0;
    const [first, second] = ws.parts;
    // one name: products straight from W and V, no transposed layouts rebuilt (wasm/rnn.ts forwardOne)
    if (batch.B === 1) return E.forwardOne(first!.desc);
    const seq = second ? E.post!(helper!.control, OP.prepareForward, second.desc) : 0;
    E.prepare(first!.desc);
    let loss = E.forward(first!.desc);
    if (seq) {
      join(seq);
      loss += viewsOf(second!).loss[0]!;
    }
    return loss;
  }

  function backward(params: Params, batch: Batch, workspace: KernelWorkspace, grads: Params): void {
    if (params.data instanceof Float64Array) return typescriptKernels.backward(params, batch, workspace, grads);
    const ws = workspace as WasmWorkspace;
    const g = gradsPointer(grads, ws);
    const second = ws.parts[1];
    const seq = second && batch.B > 1 ? E.post!(helper!.control, OP.backward, second.desc) : 0;
    backwardHere(batch, ws, g);
    finishBackward(batch, ws, grads, g, seq);
  }

  /** forward then backward, the helper running both on its rows as one job: one wait instead of two. */
  function forwardBackward(params: Params, batch: Batch, workspace: KernelWorkspace, grads: Params): number {
    const ws = workspace as WasmWorkspace;
    const second = ws.parts[1];
    if (params.data instanceof Float64Array || !second || batch.B < 2) {
      const loss = forward(params, batch, workspace);
      backward(params, batch, workspace, grads);
      return loss;
    }
    split(batch, ws, paramsPointer(params, ws));
    const g = gradsPointer(grads, ws);
    const first = ws.parts[0]!;
    const seq = E.post!(helper!.control, OP.prepareForwardBackward, second.desc);
    E.prepare(first.desc);
    const loss = E.forward(first.desc);
    backwardHere(batch, ws, g);
    finishBackward(batch, ws, grads, g, seq);
    return loss + viewsOf(second).loss[0]!;
  }

  /** Where backward sums the gradient: grads itself when it lives in wasm memory, else a zeroed mirror. */
  function gradsPointer(grads: Params, ws: WasmWorkspace): number {
    const own = ownParams.get(grads);
    if (own !== undefined) return own;
    const n = grads.data.length;
    const g = (ws.mirror ??= { params: runtime.alloc(n * 4), grads: runtime.alloc(n * 4) }).grads;
    runtime.f32(g, n).fill(0);
    return g;
  }

  /** This thread's share of BPTT, summed into g. */
  function backwardHere(batch: Batch, ws: WasmWorkspace, g: number): void {
    const first = ws.parts[0]!;
    viewsOf(first).d[FIELD.grads] = g;
    if (batch.B > 0) E.backward(first.desc);
  }

  /**
   * After this thread's BPTT: waits for the helper's job seq (0: none), adds its gradient in
   * (zeroing its buffer), copies a mirror out to grads, and averages ‖dL/dh_t‖ over both parts.
   */
  function finishBackward(batch: Batch, ws: WasmWorkspace, grads: Params, g: number, seq: number): void {
    const n = grads.data.length;
    helperBusy = seq !== 0;
    if (seq) {
      join(seq);
      const helperGrads = ws.parts[1]!.grads;
      halves(n, (lo, hi, helps) => helps
        ? postVector(OP.add, [g + lo * 4, helperGrads + lo * 4, hi - lo])
        : E.addInto(g + lo * 4, helperGrads + lo * 4, hi - lo));
    }
    if (!ownParams.has(grads)) {
      const sum = runtime.f32(g, n);
      for (let i = 0; i < n; i++) grads.data[i] = grads.data[i]! + sum[i]!;
    }
    // ‖dL/dh_t‖ averaged over all running rows of both parts
    ws.dLdhNorms.fill(0);
    const [a, b] = ws.parts.map(viewsOf);
    const Ta = a!.d[FIELD.T]!;
    const Tb = b ? b.d[FIELD.T]! : 0;
    for (let t = 0; t < batch.T; t++) {
      const sum = (t < Ta ? a!.normSums[t]! : 0) + (t < Tb ? b!.normSums[t]! : 0);
      ws.dLdhNorms[t] = batch.active[t]! > 0 ? sum / batch.active[t]! : 0;
    }
  }

  /**
   * Runs a pass over a flat vector of n numbers as pass(lo, hi, helps): [0, n) on this thread, or,
   * with a helper and a long vector, [s, n) posted to the helper (helps) and [0, s) here, then waits.
   */
  function halves(n: number, pass: (lo: number, hi: number, helps: boolean) => number | void): void {
    if (!splitsUpdate(n)) {
      pass(0, n, false);
      return;
    }
    const s = Math.floor(n / 8) * 4;
    const seq = pass(s, n, true) as number;
    pass(0, s, false);
    join(seq);
  }

  /** Posts a vector job (threads.ts runVectorJob) with its f64 arguments; returns its sequence number. */
  function postVector(op: number, args: number[]): number {
    runtime.f64(helper!.control + 32, args.length).set(args);
    return E.post!(helper!.control, op, 0);
  }

  let scratch: { starts: number; sums: number } | null = null;
  /** Each optimizer's update: the helper's op code and this thread's export, fused or exact. */
  const updateOps = exact
    ? { sgd: [OP.sgd, E.sgd], adagrad: [OP.adagrad, E.adagrad], adam: [OP.adam, E.adam] } as const
    : { sgd: [OP.sgdFused, E.sgdFused], adagrad: [OP.adagradFused, E.adagradFused], adam: [OP.adamFused, E.adamFused] } as const;
  /** Fused update: the scale scaleGrads left for the next step to apply, and to which gradient. */
  let pending: { grads: number; scale: number } | null = null;
  /** Whether the last backward ran on both threads: the helper is then awake (spinning) for the update. */
  let helperBusy = false;

  /** Split an update pass with the helper: only a long vector, right after a batch it shared. */
  function splitsUpdate(n: number): boolean {
    return !!helper && helperBusy && n >= SPLIT_UPDATE_MIN;
  }

  const update: KernelUpdate = {
    createOptimizer(name: OptimizerName, size: number): OptimizerState {
      const sizes = { m: name === 'adam' ? size : 0, v: name === 'sgd' ? 0 : size };
      const offsets = { m: runtime.alloc(sizes.m * 8), v: runtime.alloc(sizes.v * 8) };
      const state: OptimizerState = { name, t: 0, m: runtime.f64(offsets.m, sizes.m), v: runtime.f64(offsets.v, sizes.v) };
      ownStates.set(state, offsets);
      keepBound(() => {
        state.m = runtime.f64(offsets.m, sizes.m);
        state.v = runtime.f64(offsets.v, sizes.v);
      });
      return state;
    },

    scaleGrads(grads, scale, sumSquares) {
      const own = ownParams.get(grads);
      if (own === undefined) return typescriptUpdate.scaleGrads(grads, scale, sumSquares);
      const shapes = paramShapes(grads.dims);
      scratch ??= { starts: runtime.alloc(8 * 4), sums: runtime.alloc(2 * 8 * 8) };
      const starts = runtime.i32(scratch.starts, 6);
      PARAM_NAMES.forEach((name, k) => (starts[k + 1] = starts[k]! + shapes[name][0] * shapes[name][1]));
      const { sums } = scratch;
      if (exact) {
        halves(starts[5]!, (lo, hi, helps) => helps
          ? postVector(OP.scale, [own, scratch!.starts, lo, hi, scale, sums + 64])
          : E.scaleSumSquaresSplit(own, scratch!.starts, lo, hi, scale, sums));
      } else {
        halves(starts[5]!, (lo, hi, helps) => helps
          ? postVector(OP.sumSquares, [own, scratch!.starts, lo, hi, sums + 64])
          : E.sumSquaresSplit(own, scratch!.starts, lo, hi, sums));
        pending = { grads: own, scale };
      }
      const parts = runtime.f64(sums, 16);
      const split = splitsUpdate(starts[5]!);
      const factor = exact ? 1 : scale * scale;
      for (let k = 0; k < 5; k++) sumSquares[k] = (parts[k]! + (split ? parts[8 + k]! : 0)) * factor;
    },

    zeroesGrads: (grads) => !exact && ownParams.has(grads),

    step(state, params, grads, lr, gradScale) {
      const theta = ownParams.get(params);
      const g = ownParams.get(grads);
      if (theta === undefined || g === undefined) return typescriptUpdate.step(state, params, grads, lr, gradScale);
      const { m, v } = adoptState(state);
      const n = params.data.length;
      const { beta1, beta2, epsilon } = OPTIMIZER_CONSTANTS;
      state.t++;
      const c1 = 1 - beta1 ** state.t;
      const c2 = 1 - beta2 ** state.t;
      // The fused update applies the scale scaleGrads left pending and zeroes the gradient; the
      // exact one matches optim.ts bit for bit. Both take the same arguments.
      const scale = exact ? gradScale : (pending?.grads === g ? pending.scale : 1) * gradScale;
      pending = null;
      const [op, run] = updateOps[state.name];
      halves(n, (lo, hi, helps) => {
        const f = lo * 4;
        const d = lo * 8;
        const args = state.name === 'sgd' ? [theta + f, g + f, hi - lo, lr, scale]
          : state.name === 'adagrad' ? [theta + f, g + f, v + d, hi - lo, lr, scale, epsilon]
          : [theta + f, g + f, m + d, v + d, hi - lo, lr, scale, beta1, beta2, c1, c2, epsilon];
        return helps ? postVector(op, args) : (run as (...a: number[]) => void)(...args);
      });
    },
  };

  /** An optimizer state's moments inside wasm memory, moving them there on first use. */
  function adoptState(state: OptimizerState): { m: number; v: number } {
    const own = ownStates.get(state);
    if (own) return own;
    const offsets = { m: runtime.alloc(state.m.length * 8), v: runtime.alloc(state.v.length * 8) };
    const sizes = { m: state.m.length, v: state.v.length };
    runtime.f64(offsets.m, sizes.m).set(state.m);
    runtime.f64(offsets.v, sizes.v).set(state.v);
    const rebind = (): void => {
      state.m = runtime.f64(offsets.m, sizes.m);
      state.v = runtime.f64(offsets.v, sizes.v);
    };
    rebind();
    keepBound(rebind);
    ownStates.set(state, offsets);
    return offsets;
  }

  function stepper(params: Params): Stepper {
    if (params.data instanceof Float64Array) return createStepper(params); // wasm is float32 only
    const { A, K, H } = params.dims;
    const key = `${A},${K},${H}`;
    const ws = steppers.get(key) ?? (allocWorkspace(params, 1, 1) as WasmWorkspace);
    steppers.set(key, ws);
    const desc = ws.parts[0]!.desc;
    const d = runtime.i32(desc, DESCRIPTOR_BYTES / 4);
    d[FIELD.params] = paramsPointer(params, ws);
    E.prepare(desc);
    const psOffset = d[FIELD.ps]!;
    let probs32 = runtime.f32(psOffset, A);
    return {
      reset: () => E.inferReset(desc),
      step(token, category, probs) {
        E.inferStep(desc, token, category);
        if (probs32.length === 0) probs32 = runtime.f32(psOffset, A); // detached by a growth
        for (let a = 0; a < A; a++) probs[a] = probs32[a]!;
      },
    };
  }

  return {
    name: helper ? 'wasm-simd ×2 threads' : 'wasm-simd',
    threads: helper ? 2 : 1,
    sharedMemory: runtime.shared,
    fma: runtime.fma,
    allocatedBytes: () => runtime.allocated(),
    allocParams,
    allocWorkspace,
    forward,
    backward,
    forwardBackward,
    update,
    stepper,
    dispose() {
      if (!helper) return;
      E.post!(helper.control, OP.quit, 0);
      helper.thread.terminate();
    },
  };
}
