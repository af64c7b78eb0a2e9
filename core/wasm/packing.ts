// A batch into and out of the chunks of a workspace: tokens packed by slot on the way in, the
// chunks' losses and ‖dL/dh_t‖ sums added in chunk order on the way out (so the result does not
// depend on which thread ran which chunk).

import type { Batch } from '../batch.ts';
import { chunkRows, Field, Work } from './abi.ts';
import type { WasmRuntime } from './runtime.ts';
import { chunkViews, padTo8, workspaceViews, type WasmWorkspace } from './workspace.ts';

/**
 * Lays the batch out as chunks of up to CHUNK_ROWS rows (chunkRows; wasm/chunks.ts): each chunk's descriptor, and
 * its tokens packed into the batch's run of slots, step t's running rows after step t−1's.
 */
export function packBatch(runtime: WasmRuntime, batch: Batch, ws: WasmWorkspace, paramsPtr: number): void {
  const { B, T, inputs, targets, categories, active, lengths } = batch;
  if (B > ws.maxB || T > ws.maxT) {
    throw new Error(`batch (B=${B}, T=${T}) exceeds the workspace (B≤${ws.maxB}, T≤${ws.maxT})`);
  }
  const v = workspaceViews(runtime, ws);
  const Hp = padTo8(ws.dims.H);
  const Ap = padTo8(ws.dims.A);
  const sizes = chunkRows(B);
  const count = sizes.length;
  let slot = 0;
  for (let c = 0, first = 0; c < count; first += sizes[c]!, c++) {
    const rows = sizes[c]!;
    const Tc = lengths[first]!;
    const { d, active: act, categories: cat } = chunkViews(runtime, ws.chunks[c]!, ws.maxT);
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

/** Σ of the chunks' losses, in chunk order. */
export function chunkLoss(runtime: WasmRuntime, ws: WasmWorkspace): number {
  let loss = 0;
  for (let c = 0; c < ws.count; c++) loss += chunkViews(runtime, ws.chunks[c]!, ws.maxT).loss[0]!;
  return loss;
}

/** ws.dLdhNorms[t] ← mean over the running rows of ‖dL/dh_t‖₂, from the chunks' sums in chunk order. */
export function meanNormsPerStep(runtime: WasmRuntime, batch: Batch, ws: WasmWorkspace): void {
  ws.dLdhNorms.fill(0);
  for (let c = 0; c < ws.count; c++) {
    const { d, normSums } = chunkViews(runtime, ws.chunks[c]!, ws.maxT);
    for (let t = 0; t < d[Field.T]!; t++) ws.dLdhNorms[t] += normSums[t]!;
  }
  for (let t = 0; t < batch.T; t++) ws.dLdhNorms[t] = batch.active[t]! > 0 ? ws.dLdhNorms[t]! / batch.active[t]! : 0;
}
