// RnnKernels in WebAssembly SIMD (wasm/*.ts), float32, optionally data-parallel over a helper
// thread. Parameters, gradients, optimizer moments and activations live in the module's memory;
// Params are Float32Array views of it. A batch is cut into chunks of 4 rows that either thread
// takes when free, then the gradient's sums into units taken the same way (wasm/chunks.ts), so the
// result is the same bit for bit with one thread or two. The parts, one file each in core/wasm/:
// the interface both sides share (abi.ts), the workspace layout (workspace.ts), packing a batch
// (packing.ts), the thread jobs (thread-jobs.ts), the update (update.ts) and sampling (stepper.ts).
//
// float32 only: kernelsFor() in kernels.ts gives float64 parameters to the TypeScript kernels.
// float32 Params made elsewhere still work: they are copied into the module's memory for each call.

import type { Batch } from './batch.ts';
import type { Stepper } from './infer.ts';
import type { SpawnKernelThread } from './kernel-threads.ts';
import type { KernelUpdate, KernelWorkspace, RnnKernels } from './kernels.ts';
import { paramCount, viewParams, type Dims, type DType, type Params } from './params.ts';
import { CONTROL_BYTES, Field, Op } from './wasm/abi.ts';
import { chunkLoss, meanNormsPerStep, packBatch } from './wasm/packing.ts';
import { createWasmRuntime, relaxedSimdSupported, type ProfiledBuild, type WasmRuntime } from './wasm/runtime.ts';
import { createWasmStepper } from './wasm/stepper.ts';
import { createThreadJobs, type Helper } from './wasm/thread-jobs.ts';
import { createWasmUpdate } from './wasm/update.ts';
import { allocWasmWorkspace, chunkViews, type WasmWorkspace } from './wasm/workspace.ts';

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
  /** The bench's profiled build of the same source, for this choice of memory and fma (cli/bench/breakdown.ts). */
  profiled?: ProfiledBuild;
};

/**
 * Single-threaded kernels. Unshared memory by default: V8's TypedArray fill/set on a
 * SharedArrayBuffer take a slower path.
 */
export function createWasmKernels(options: WasmOptions = {}): WasmKernels {
  return makeKernels(createWasmRuntime(options.sharedMemory ?? false, options.fma ?? relaxedSimdSupported(), options.profiled), null);
}

/** Kernels that split every batch with one helper thread (needs SharedArrayBuffer). */
export async function createParallelWasmKernels(spawn: SpawnKernelThread, options: Omit<WasmOptions, 'sharedMemory'> = {}): Promise<WasmKernels> {
  const runtime = createWasmRuntime(true, options.fma ?? relaxedSimdSupported(), options.profiled);
  const control = runtime.alloc(CONTROL_BYTES);
  const thread = spawn({ module: runtime.module, memory: runtime.memory, control });
  await thread.ready;
  return makeKernels(runtime, { control, thread });
}

function makeKernels(runtime: WasmRuntime, helper: Helper | null): WasmKernels {
  const wasm = runtime.exports;
  const ownParams = new WeakMap<Params, number>();
  const jobs = createThreadJobs(runtime, helper);
  const steppers = new Map<string, WasmWorkspace>();

  function allocParams(dims: Dims, dtype: DType): Params {
    if (dtype !== 'float32') throw new Error(`the WebAssembly kernels are float32 only, not ${dtype} (kernelsFor picks the TypeScript kernels)`);
    const n = paramCount(dims);
    const offset = runtime.alloc(n * 4);
    const params = viewParams(dims, runtime.f32(offset, n));
    ownParams.set(params, offset);
    if (!runtime.shared) runtime.onGrow(() => Object.assign(params, viewParams(dims, runtime.f32(offset, n))));
    return params;
  }

  /** The mirror where params or grads made elsewhere are copied, allocated on first need. */
  function mirrorOf(ws: WasmWorkspace, n: number): { params: number; grads: number } {
    return (ws.mirror ??= { params: runtime.alloc(n * 4), grads: runtime.alloc(n * 4) });
  }

  /** Pointer to the parameters inside wasm memory, copying them in when they live elsewhere. */
  function paramsPointer(params: Params, ws: WasmWorkspace): number {
    const own = ownParams.get(params);
    if (own !== undefined) return own;
    const mirror = mirrorOf(ws, params.data.length);
    runtime.f32(mirror.params, params.data.length).set(params.data);
    return mirror.params;
  }

  /** Where backward sums the gradient (chunk 0's grads): grads itself when it lives in wasm memory, else a zeroed mirror. */
  function gradsPointer(grads: Params, ws: WasmWorkspace): number {
    const own = ownParams.get(grads);
    const n = grads.data.length;
    const g = own ?? mirrorOf(ws, n).grads;
    if (own === undefined) runtime.f32(g, n).fill(0);
    chunkViews(runtime, ws.chunks[0]!, ws.maxT).d[Field.grads] = g;
    return g;
  }

  /** grads += a mirror's sums (grads made elsewhere); ‖dL/dh_t‖ per step; whose sums of squares the units left. */
  function finishBackward(batch: Batch, ws: WasmWorkspace, grads: Params, g: number): void {
    ws.squaresOf = batch.B > 0 ? g : null;
    if (!ownParams.has(grads)) {
      const n = grads.data.length;
      const sum = runtime.f32(g, n);
      for (let i = 0; i < n; i++) grads.data[i] = grads.data[i]! + sum[i]!;
    }
    meanNormsPerStep(runtime, batch, ws);
  }

  function forward(params: Params, batch: Batch, workspace: KernelWorkspace): number {
    const ws = workspace as WasmWorkspace;
    packBatch(runtime, batch, ws, paramsPointer(params, ws));
    if (batch.B === 0) return 0;
    // one name: products straight from W and V, no transposed layouts rebuilt (wasm/forward-one.ts)
    if (batch.B === 1) return wasm.forwardOne(ws.chunks[0]!.desc);
    jobs.runBatch(ws, batch.B, Op.forward);
    return chunkLoss(runtime, ws);
  }

  function backward(_params: Params, batch: Batch, workspace: KernelWorkspace, grads: Params): void {
    const ws = workspace as WasmWorkspace;
    const g = gradsPointer(grads, ws);
    if (batch.B > 0) jobs.runBatch(ws, batch.B, Op.backward);
    finishBackward(batch, ws, grads, g);
  }

  /** forward then backward as one job for both threads: each chunk's BPTT right after its forward. */
  function forwardBackward(params: Params, batch: Batch, workspace: KernelWorkspace, grads: Params, meanwhile?: () => void): number {
    if (batch.B < 2) {
      const loss = forward(params, batch, workspace);
      backward(params, batch, workspace, grads);
      meanwhile?.();
      return loss;
    }
    const ws = workspace as WasmWorkspace;
    packBatch(runtime, batch, ws, paramsPointer(params, ws));
    const g = gradsPointer(grads, ws);
    jobs.runBatch(ws, batch.B, Op.forwardBackward, meanwhile);
    finishBackward(batch, ws, grads, g);
    return chunkLoss(runtime, ws);
  }

  function stepper(params: Params): Stepper {
    const { A, K, H } = params.dims;
    const key = `${A},${K},${H}`;
    const ws = steppers.get(key) ?? allocWasmWorkspace(runtime, params.dims, 1, 2, jobs.threads);
    steppers.set(key, ws);
    return createWasmStepper(runtime, ws, params, paramsPointer(params, ws));
  }

  return {
    name: helper ? 'wasm-simd ×2 threads' : 'wasm-simd',
    precisions: ['float32'],
    threads: jobs.threads,
    sharedMemory: runtime.shared,
    fma: runtime.fma,
    allocatedBytes: () => runtime.allocated(),
    allocParams,
    allocWorkspace: (params, maxB, maxT) => allocWasmWorkspace(runtime, params.dims, maxB, maxT, jobs.threads),
    forward,
    backward,
    forwardBackward,
    update: createWasmUpdate(runtime, jobs, (params) => ownParams.get(params)),
    stepper,
    dispose: jobs.dispose,
  };
}
