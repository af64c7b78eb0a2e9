// RnnKernels in WebAssembly SIMD (wasm/*.ts), float32, optionally data-parallel over a helper
// thread. Parameters, gradients, optimizer moments and activations live in the module's memory;
// Params are Float32Array views of it. A batch is cut into chunks of up to 6 rows that either thread
// takes when free, then the gradient's sums into units taken the same way (wasm/chunks.ts), so the
// result is the same bit for bit with one thread or two. The parts, one file each in core/wasm/:
// the interface both sides share (abi.ts), the workspace layout (workspace.ts), packing a batch
// (packing.ts), where params live (placement.ts), the thread jobs (thread-jobs.ts), the update
// (update.ts) and sampling (stepper.ts).
//
// float32 only: kernelsFor() in kernels.ts gives float64 parameters to the TypeScript kernels.
// float32 Params made elsewhere still work: they are copied into the module's memory for each call.

import type { Batch } from './batch.ts';
import type { Stepper } from './infer.ts';
import type { SpawnKernelThread } from './kernel-threads.ts';
import type { KernelUpdate, RnnKernels } from './kernels.ts';
import type { Params } from './params.ts';
import { CONTROL_BYTES, Op } from './wasm/abi.ts';
import { chunkLoss, packBatch } from './wasm/packing.ts';
import { allocWasmParams, createPlacement, finishBackward, gradsPointer, paramsPointer, type Placement } from './wasm/placement.ts';
import { createWasmRuntime, relaxedSimdSupported, type ProfiledBuild, type WasmRuntime } from './wasm/runtime.ts';
import { createWasmStepper } from './wasm/stepper.ts';
import { createThreadJobs, type Helper, type ThreadJobs } from './wasm/thread-jobs.ts';
import { createWasmUpdate } from './wasm/update.ts';
import { allocWasmWorkspace, type WasmWorkspace } from './wasm/workspace.ts';

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

/** What the kernels' calls share: where params live, who runs the jobs, the steppers' workspaces. */
type KernelState = { place: Placement; jobs: ThreadJobs; steppers: Map<string, WasmWorkspace> };

function makeKernels(runtime: WasmRuntime, helper: Helper | null): WasmKernels {
  const jobs = createThreadJobs(runtime, helper);
  const state: KernelState = { place: createPlacement(runtime), jobs, steppers: new Map() };
  return {
    name: helper ? 'wasm-simd ×2 threads' : 'wasm-simd',
    precisions: ['float32'],
    threads: jobs.threads,
    sharedMemory: runtime.shared,
    fma: runtime.fma,
    allocatedBytes: () => runtime.allocated(),
    allocParams: (dims, dtype) => allocWasmParams(state.place, dims, dtype),
    allocWorkspace: (params, maxB, maxT) => allocWasmWorkspace(runtime, params.dims, maxB, maxT, jobs.threads),
    forward: (params, batch, ws) => forward(state, params, batch, ws as WasmWorkspace),
    backward: (_params, batch, ws, grads) => backward(state, batch, ws as WasmWorkspace, grads),
    forwardBackward: (params, batch, ws, grads, meanwhile) => forwardBackward(state, params, batch, ws as WasmWorkspace, grads, meanwhile),
    update: createWasmUpdate(runtime, jobs, (params) => state.place.own.get(params)),
    stepper: (params) => stepper(state, params),
    dispose: jobs.dispose,
  };
}

function forward({ place, jobs }: KernelState, params: Params, batch: Batch, ws: WasmWorkspace): number {
  const { runtime } = place;
  packBatch(runtime, batch, ws, paramsPointer(place, params, ws));
  if (batch.B === 0) return 0;
  // one name: products straight from W and V, no transposed layouts rebuilt (wasm/forward-one.ts)
  if (batch.B === 1) return runtime.exports.forwardOne(ws.chunks[0]!.desc);
  jobs.runBatch(ws, batch.B, Op.forward);
  return chunkLoss(runtime, ws);
}

function backward({ place, jobs }: KernelState, batch: Batch, ws: WasmWorkspace, grads: Params): void {
  const g = gradsPointer(place, grads, ws);
  if (batch.B > 0) jobs.runBatch(ws, batch.B, Op.backward);
  finishBackward(place, batch, ws, grads, g);
}

/** forward then backward as one job for both threads: each chunk's BPTT right after its forward. */
function forwardBackward(state: KernelState, params: Params, batch: Batch, ws: WasmWorkspace, grads: Params, meanwhile?: () => void): number {
  if (batch.B < 2) {
    const loss = forward(state, params, batch, ws);
    backward(state, batch, ws, grads);
    meanwhile?.();
    return loss;
  }
  const { place, jobs } = state;
  packBatch(place.runtime, batch, ws, paramsPointer(place, params, ws));
  const g = gradsPointer(place, grads, ws);
  jobs.runBatch(ws, batch.B, Op.forwardBackward, meanwhile);
  finishBackward(place, batch, ws, grads, g);
  return chunkLoss(place.runtime, ws);
}

/** A stepper over a snapshot of params, on one workspace per model size. */
function stepper({ place, jobs, steppers }: KernelState, params: Params): Stepper {
  const { A, K, H } = params.dims;
  const key = `${A},${K},${H}`;
  const ws = steppers.get(key) ?? allocWasmWorkspace(place.runtime, params.dims, 1, 2, jobs.threads);
  steppers.set(key, ws);
  return createWasmStepper(place.runtime, ws, params, paramsPointer(place, params, ws));
}
