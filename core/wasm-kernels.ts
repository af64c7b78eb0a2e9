// RnnKernels in WebAssembly SIMD (wasm/rnn.ts), float32, optionally data-parallel over a helper
// thread. Parameters, gradients, optimizer moments and activations live in the module's memory;
// Params are Float32Array views of it. A batch is cut into chunks of 4 rows that either thread
// takes when free, then the gradient's sums into units taken the same way (wasm/chunks.ts), so the
// result is the same bit for bit with one thread or two; each thread prepares its own copy of the
// weight layouts the products read, and the trainer's forwardBackward runs forward and BPTT as
// one job. float64 parameters are left to the TypeScript kernels.
//
// Params (or an optimizer state) made elsewhere still work: they are copied into the module's
// memory for each call (params, grads) or moved there on first use (optimizer moments).

import type { Batch } from './batch.ts';
import { createStepper, type Stepper } from './infer.ts';
import type { KernelThread, SpawnKernelThread } from './kernel-threads.ts';
import { typescriptKernels, typescriptUpdate, type KernelUpdate, type KernelWorkspace, type RnnKernels } from './kernels.ts';
import { OPTIMIZER_CONSTANTS, type OptimizerName, type OptimizerState } from './optim.ts';
import { paramCount, PARAM_NAMES, paramShapes, viewParams, type Dims, type Params } from './params.ts';
import { CHUNK_ROWS, CONTROL_ARGS, CONTROL_BYTES, DESCRIPTOR_BYTES, Field, Op, UNIT_ROWS, Work, WORK_BYTES } from './wasm/abi.ts';
import { padTo8 } from './wasm/layout.ts';
import { createWasmRuntime, relaxedSimdSupported, type WasmRuntime } from './wasm/runtime.ts';

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

/** One chunk of a batch: its descriptor and its ‖dL/dh_t‖ sums. */
type Chunk = { desc: number; normSums: number; views: ChunkViews | null };

/** Views of a chunk's descriptor and arrays, kept between batches (re-made after an unshared memory grows). */
type ChunkViews = { d: Int32Array; active: Int32Array; categories: Int32Array; normSums: Float64Array; loss: Float64Array };

type WorkspaceViews = { work: Int32Array; threads: Int32Array[]; inputs: Int32Array; targets: Int32Array };

type WasmWorkspace = KernelWorkspace & {
  kind: 'wasm';
  dims: Dims;
  maxB: number;
  maxT: number;
  /** The work block of wasm/chunks.ts. */
  work: number;
  /** Each thread's descriptor: its scratch buffers and weight layouts. */
  threads: number[];
  chunks: Chunk[];
  /** The batch's per-slot arrays (byte offsets); chunk c's slots follow chunk c−1's. */
  runs: { inputs: number; targets: number; hs: number; hPrev: number; ps: number; dz: number };
  /** Chunks of the batch split() laid out last. */
  count: number;
  /** Units of [dW; dV] rows in the gradient's sums, and where each leaves its sums of squares (wasm/chunks.ts). */
  units: number;
  squares: number;
  views: WorkspaceViews | null;
  /** Where params/grads made elsewhere are copied; allocated on first need. */
  mirror: { params: number; grads: number } | null;
};

type Helper = { control: number; thread: KernelThread };

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
    /** Writes a descriptor (new unless `at` is given) with the sizes and these fields. */
    const describe = (fields: Partial<Record<keyof typeof Field, number>>, at = runtime.alloc(DESCRIPTOR_BYTES)): number => {
      const view = runtime.i32(at, DESCRIPTOR_BYTES / 4);
      for (const [name, value] of Object.entries({ A, K, H, Hp, Ap, ...fields })) view[Field[name as keyof typeof Field]] = value;
      return at;
    };
    // each thread's scratch and the layouts of the parameters the products read, made by each
    // thread for itself once per batch: no thread waits for another's, nor reads them from another
    // core's cache
    const threadFields = () => ({
      pack: f32(32 + 4 * Math.max(Hp, Ap)), dhNext: f32(CHUNK_ROWS * Hp), rowNorms: f32((CHUNK_ROWS + 1) * 4),
      dUT: f32((X + 1) * Hp), seen: f32(X + 1),
      WT: f32(Hp * Hp), VT: f32(Hp * Ap), UT: f32((X + 1) * Hp), cp: f32(2 * Ap), Wp: f32(H * Hp), Vp: f32(A * Hp),
    });
    const threads = Array.from({ length: P }, threadFields);
    const slots = maxB * maxT;
    const runs = { inputs: f32(slots), targets: f32(slots), hs: f32(slots * Hp), hPrev: f32(slots * Hp), ps: f32(slots * Ap), dz: f32(slots * Hp) };
    // the chunks' descriptors side by side (wasm/chunks.ts finds chunk c at DESCRIPTOR_BYTES·c)
    const chunkCount = Math.ceil(maxB / CHUNK_ROWS);
    const descs = runtime.alloc(chunkCount * DESCRIPTOR_BYTES);
    const chunks: Chunk[] = Array.from({ length: chunkCount }, (_, c) => {
      const normSums = runtime.alloc(maxT * 8);
      // thread 0's scratch until a thread adopts the chunk; forwardOne runs on it
      const desc = describe({ ...threads[0], ...runs, categories: f32(CHUNK_ROWS), active: f32(maxT), normSums }, descs + c * DESCRIPTOR_BYTES);
      return { desc, normSums, views: null };
    });
    const work = runtime.alloc(WORK_BYTES);
    const workView = runtime.i32(work, WORK_BYTES / 4);
    const units = Math.ceil((H + A) / UNIT_ROWS);
    const squares = runtime.alloc((2 * units + 3) * 8);
    workView[Work.chunks] = chunks[0]!.desc;
    workView[Work.seconds] = JOIN_SECONDS;
    workView[Work.squares] = squares;
    const threadDescs = threads.map((fields) => describe(fields));
    if (P > 1) workView[Work.helper] = threadDescs[1]!;
    const ws: WasmWorkspace = {
      kind: 'wasm', dims, maxB, maxT, work, threads: threadDescs, chunks, runs, count: 0, units, squares, views: null, mirror: null,
      dLdhNorms: new Float64Array(maxT),
    };
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
   * Lays the batch out as chunks of CHUNK_ROWS rows (wasm/chunks.ts): each chunk's descriptor, and
   * its tokens packed into the batch's run of slots, step t's running rows after step t−1's.
   */
  function split(batch: Batch, ws: WasmWorkspace, paramsPtr: number): void {
    const { B, T, inputs, targets, categories, active, lengths } = batch;
    if (B > ws.maxB || T > ws.maxT) {
      throw new Error(`batch (B=${B}, T=${T}) exceeds the workspace (B≤${ws.maxB}, T≤${ws.maxT})`);
    }
    const v = viewsOf(ws);
    const Hp = padTo8(ws.dims.H);
    const Ap = padTo8(ws.dims.A);
    const count = Math.ceil(B / CHUNK_ROWS);
    let slot = 0;
    for (let c = 0; c < count; c++) {
      const first = c * CHUNK_ROWS;
      const rows = Math.min(CHUNK_ROWS, B - first);
      const Tc = lengths[first]!;
      const { d, active: act, categories: cat } = chunkViews(ws.chunks[c]!, ws.maxT);
      d[Field.B] = rows;
      d[Field.T] = Tc;
      d[Field.params] = paramsPtr;
      d[Field.inputs] = ws.runs.inputs + slot * 4;
      d[Field.targets] = ws.runs.targets + slot * 4;
      d[Field.hs] = ws.runs.hs + slot * Hp * 4;
      d[Field.hPrev] = ws.runs.hPrev + slot * Hp * 4;
      d[Field.dz] = ws.runs.dz + slot * Hp * 4;
      d[Field.ps] = ws.runs.ps + slot * Ap * 4;
      for (let r = 0; r < rows; r++) cat[r] = categories[first + r]!;
      const start = slot;
      for (let t = 0; t < Tc; t++) {
        const n = Math.min(rows, active[t]! - first);
        act[t] = n;
        for (let r = 0; r < n; r++, slot++) {
          v.inputs[slot] = inputs[t * B + first + r]!;
          v.targets[slot] = targets[t * B + first + r]!;
        }
      }
      d[Field.slots] = slot - start;
    }
    for (const thread of v.threads) thread[Field.params] = paramsPtr;
    ws.count = count;
    v.work[Work.count] = count;
  }

  function viewsOf(ws: WasmWorkspace): WorkspaceViews {
    if (ws.views && ws.views.work.length > 0) return ws.views;
    const slots = ws.maxB * ws.maxT;
    ws.views = {
      work: runtime.i32(ws.work, WORK_BYTES / 4),
      threads: ws.threads.map((desc) => runtime.i32(desc, DESCRIPTOR_BYTES / 4)),
      inputs: runtime.i32(ws.runs.inputs, slots),
      targets: runtime.i32(ws.runs.targets, slots),
    };
    return ws.views;
  }

  function chunkViews(chunk: Chunk, maxT: number): ChunkViews {
    if (chunk.views && chunk.views.d.length > 0) return chunk.views;
    const d = runtime.i32(chunk.desc, DESCRIPTOR_BYTES / 4);
    chunk.views = {
      d,
      active: runtime.i32(d[Field.active]!, maxT),
      categories: runtime.i32(d[Field.categories]!, CHUNK_ROWS),
      normSums: runtime.f64(chunk.normSums, maxT),
      loss: runtime.f64(chunk.desc + Field.loss * 4, 1),
    };
    return chunk.views;
  }

  /**
   * Runs `what` (Op.forward, Op.backward or both) over the batch split() laid out: on this thread,
   * with the helper taking chunks and sums too when there is more than one row. (Always then, so a
   * helper that may take a chunk's BPTT has prepared its layouts in that batch's forward.)
   * `meanwhile` runs after the helper is told, before this thread takes its share.
   */
  function run(ws: WasmWorkspace, batch: Batch, what: number, meanwhile?: () => void): void {
    const work = viewsOf(ws).work;
    work[Work.next] = 0;
    work[Work.job] = (work[Work.job]! + 1) | 0;
    work[Work.unit] = 0;
    const shares = !!helper && batch.B > 1;
    const seq = shares ? E.post!(helper!.control, what, ws.work) : 0;
    helperBusy = shares;
    meanwhile?.();
    const finished = E.runChunks(ws.work, ws.threads[0]!, what);
    if (seq) join(seq);
    if (!finished) throw new Error(`the kernel thread did not finish its part of the batch within ${JOIN_SECONDS} s`);
  }

  /** Waits for the helper's job; a helper that died would otherwise leave this thread waiting forever. */
  function join(seq: number): void {
    if (E.join!(helper!.control, seq, JOIN_SECONDS)) return;
    const [posted, done, op] = runtime.i32(helper!.control, 3);
    throw new Error(`the kernel thread did not finish its job within ${JOIN_SECONDS} s (job ${seq}; posted ${posted}, done ${done}, op ${op})`);
  }

  /** Σ of the chunks' losses, in chunk order. */
  function chunkLoss(ws: WasmWorkspace): number {
    let loss = 0;
    for (let c = 0; c < ws.count; c++) loss += chunkViews(ws.chunks[c]!, ws.maxT).loss[0]!;
    return loss;
  }

  function forward(params: Params, batch: Batch, workspace: KernelWorkspace): number {
    if (params.data instanceof Float64Array) return typescriptKernels.forward(params, batch, workspace);
    const ws = workspace as WasmWorkspace;
    split(batch, ws, paramsPointer(params, ws));
    if (batch.B === 0) return 0;
    // one name: products straight from W and V, no transposed layouts rebuilt (wasm/rnn.ts forwardOne)
    if (batch.B === 1) return E.forwardOne(ws.chunks[0]!.desc);
    run(ws, batch, Op.forward);
    return chunkLoss(ws);
  }

  function backward(params: Params, batch: Batch, workspace: KernelWorkspace, grads: Params): void {
    if (params.data instanceof Float64Array) return typescriptKernels.backward(params, batch, workspace, grads);
    const ws = workspace as WasmWorkspace;
    const g = gradsPointer(grads, ws);
    if (batch.B > 0) run(ws, batch, Op.backward);
    finishBackward(batch, ws, grads, g);
  }

  /**
   * forward then backward as one job for both threads: each chunk's BPTT right after its forward;
   * `meanwhile` while the helper starts on it.
   */
  function forwardBackward(params: Params, batch: Batch, workspace: KernelWorkspace, grads: Params, meanwhile?: () => void): number {
    const ws = workspace as WasmWorkspace;
    if (params.data instanceof Float64Array || batch.B < 2) {
      const loss = forward(params, batch, workspace);
      backward(params, batch, workspace, grads);
      meanwhile?.();
      return loss;
    }
    split(batch, ws, paramsPointer(params, ws));
    const g = gradsPointer(grads, ws);
    run(ws, batch, Op.forward | Op.backward, meanwhile);
    finishBackward(batch, ws, grads, g);
    return chunkLoss(ws);
  }

  /** Where backward sums the gradient (chunk 0's grads): grads itself when it lives in wasm memory, else a zeroed mirror. */
  function gradsPointer(grads: Params, ws: WasmWorkspace): number {
    const own = ownParams.get(grads);
    const n = grads.data.length;
    const g = own ?? (ws.mirror ??= { params: runtime.alloc(n * 4), grads: runtime.alloc(n * 4) }).grads;
    if (own === undefined) runtime.f32(g, n).fill(0);
    chunkViews(ws.chunks[0]!, ws.maxT).d[Field.grads] = g;
    return g;
  }

  /**
   * Copies a mirror out to grads, averages ‖dL/dh_t‖ over the running rows of every chunk, and
   * notes whose sums of squares the units left (scaleGrads takes them instead of a pass of its own).
   */
  function finishBackward(batch: Batch, ws: WasmWorkspace, grads: Params, g: number): void {
    squared = batch.B > 0 ? { grads: g, ws } : null;
    if (!ownParams.has(grads)) {
      const n = grads.data.length;
      const sum = runtime.f32(g, n);
      for (let i = 0; i < n; i++) grads.data[i] = grads.data[i]! + sum[i]!;
    }
    ws.dLdhNorms.fill(0);
    for (let c = 0; c < ws.count; c++) {
      const { d, normSums } = chunkViews(ws.chunks[c]!, ws.maxT);
      for (let t = 0; t < d[Field.T]!; t++) ws.dLdhNorms[t] += normSums[t]!;
    }
    for (let t = 0; t < batch.T; t++) ws.dLdhNorms[t] = batch.active[t]! > 0 ? ws.dLdhNorms[t]! / batch.active[t]! : 0;
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
    runtime.f64(helper!.control + CONTROL_ARGS, args.length).set(args);
    return E.post!(helper!.control, op, 0);
  }

  let scratch: { starts: number; sums: number } | null = null;
  /** Each optimizer's update: the helper's op code and this thread's export, fused or exact. */
  const updateOps = exact
    ? { sgd: [Op.sgd, E.sgd], adagrad: [Op.adagrad, E.adagrad], adam: [Op.adam, E.adam] } as const
    : { sgd: [Op.sgdFused, E.sgdFused], adagrad: [Op.adagradFused, E.adagradFused], adam: [Op.adamFused, E.adamFused] } as const;
  /** Fused update: the scale scaleGrads left for the next step to apply, and to which gradient. */
  let pending: { grads: number; scale: number } | null = null;
  /** The gradient the last backward summed, whose units left the sums of squares of all of it in ws. */
  let squared: { grads: number; ws: WasmWorkspace } | null = null;
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
      const fresh = squared?.grads === own ? squared.ws : null;
      squared = null;
      if (fresh && !exact) {
        // U W V b c from the units' sums, in unit order: the norm needs no pass, nor the helper
        const unitSums = runtime.f64(fresh.squares, 2 * fresh.units + 3);
        sumSquares.fill(0);
        for (let u = 0; u < fresh.units; u++) {
          sumSquares[1] += unitSums[2 * u]!;
          sumSquares[2] += unitSums[2 * u + 1]!;
        }
        [sumSquares[0], sumSquares[3], sumSquares[4]] = unitSums.subarray(2 * fresh.units);
        for (let k = 0; k < 5; k++) sumSquares[k] = sumSquares[k]! * scale * scale;
        pending = { grads: own, scale };
        return;
      }
      const shapes = paramShapes(grads.dims);
      scratch ??= { starts: runtime.alloc(8 * 4), sums: runtime.alloc(2 * 8 * 8) };
      const starts = runtime.i32(scratch.starts, 6);
      PARAM_NAMES.forEach((name, k) => (starts[k + 1] = starts[k]! + shapes[name][0] * shapes[name][1]));
      const { sums } = scratch;
      if (exact) {
        halves(starts[5]!, (lo, hi, helps) => helps
          ? postVector(Op.scale, [own, scratch!.starts, lo, hi, scale, sums + 64])
          : E.scaleSumSquaresSplit(own, scratch!.starts, lo, hi, scale, sums));
      } else {
        halves(starts[5]!, (lo, hi, helps) => helps
          ? postVector(Op.sumSquares, [own, scratch!.starts, lo, hi, sums + 64])
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
      squared = null;
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
    // two slots: h and the next h (wasm/infer.ts)
    const ws = steppers.get(key) ?? (allocWorkspace(params, 1, 2) as WasmWorkspace);
    steppers.set(key, ws);
    const thread = ws.threads[0]!;
    runtime.i32(thread, DESCRIPTOR_BYTES / 4)[Field.params] = paramsPointer(params, ws);
    E.prepare(thread);
    // chunk 0 reads thread 0's layouts
    const desc = ws.chunks[0]!.desc;
    const psOffset = runtime.i32(desc, DESCRIPTOR_BYTES / 4)[Field.ps]!;
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
      E.post!(helper.control, Op.quit, 0);
      helper.thread.terminate();
    },
  };
}
