// Where the kernels find parameters and gradients: in the module's memory when they were allocated
// there (allocWasmParams), or elsewhere, then copied into the workspace's mirror for each call.

import type { Batch } from '../batch.ts';
import { paramCount, viewParams, type Dims, type DType, type Params } from '../params.ts';
import { Field } from './abi.ts';
import { meanNormsPerStep } from './packing.ts';
import type { WasmRuntime } from './runtime.ts';
import { chunkViews, type WasmWorkspace } from './workspace.ts';

/** The runtime and the byte offset of every Params it allocated. */
export type Placement = { runtime: WasmRuntime; own: WeakMap<Params, number> };

export function createPlacement(runtime: WasmRuntime): Placement {
  return { runtime, own: new WeakMap() };
}

/** float32 Params in the module's memory (rebound after an unshared memory grows). */
export function allocWasmParams({ runtime, own }: Placement, dims: Dims, dtype: DType): Params {
  if (dtype !== 'float32') throw new Error(`the WebAssembly kernels are float32 only, not ${dtype} (kernelsFor picks the TypeScript kernels)`);
  const n = paramCount(dims);
  const offset = runtime.alloc(n * 4);
  const params = viewParams(dims, runtime.f32(offset, n));
  own.set(params, offset);
  if (!runtime.shared) runtime.onGrow(() => Object.assign(params, viewParams(dims, runtime.f32(offset, n))));
  return params;
}

/** The mirror where params or grads made elsewhere are copied, allocated on first need. */
function mirrorOf({ runtime }: Placement, ws: WasmWorkspace, n: number): { params: number; grads: number } {
  return (ws.mirror ??= { params: runtime.alloc(n * 4), grads: runtime.alloc(n * 4) });
}

/** Pointer to the parameters inside wasm memory, copying them in when they live elsewhere. */
export function paramsPointer(place: Placement, params: Params, ws: WasmWorkspace): number {
  const own = place.own.get(params);
  if (own !== undefined) return own;
  const mirror = mirrorOf(place, ws, params.data.length);
  place.runtime.f32(mirror.params, params.data.length).set(params.data);
  return mirror.params;
}

/** Where backward sums the gradient (chunk 0's grads): grads itself when it lives in wasm memory, else a zeroed mirror. */
export function gradsPointer(place: Placement, grads: Params, ws: WasmWorkspace): number {
  const own = place.own.get(grads);
  const n = grads.data.length;
  const g = own ?? mirrorOf(place, ws, n).grads;
  if (own === undefined) place.runtime.f32(g, n).fill(0);
  chunkViews(place.runtime, ws.chunks[0]!, ws.maxT).d[Field.grads] = g;
  return g;
}

/** grads += a mirror's sums (grads made elsewhere); ‖dL/dh_t‖ per step; whose sums of squares the units left. */
export function finishBackward(place: Placement, batch: Batch, ws: WasmWorkspace, grads: Params, g: number): void {
  ws.squaresOf = batch.B > 0 ? g : null;
  if (!place.own.has(grads)) {
    const n = grads.data.length;
    const sum = place.runtime.f32(g, n);
    for (let i = 0; i < n; i++) grads.data[i] = grads.data[i]! + sum[i]!;
  }
  meanNormsPerStep(place.runtime, batch, ws);
}
