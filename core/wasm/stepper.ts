// The network one name at a time in the kernels' memory (wasm/infer.ts), for sampling: h and the
// next h in a workspace of one row and two steps, over thread 0's layouts of the weights.

import type { Stepper } from '../infer.ts';
import type { Params } from '../params.ts';
import { DESCRIPTOR_BYTES, Field } from './abi.ts';
import type { WasmRuntime } from './runtime.ts';
import type { WasmWorkspace } from './workspace.ts';

/** A stepper over params (whose pointer in memory is paramsPtr), in ws made for one row and two steps. */
export function createWasmStepper(runtime: WasmRuntime, ws: WasmWorkspace, params: Params, paramsPtr: number): Stepper {
  const wasm = runtime.exports;
  const { A } = params.dims;
  const thread = ws.threads[0]!;
  runtime.i32(thread, DESCRIPTOR_BYTES / 4)[Field.params] = paramsPtr;
  wasm.prepare(thread);
  // chunk 0 reads thread 0's layouts
  const desc = ws.chunks[0]!.desc;
  const psOffset = runtime.i32(desc, DESCRIPTOR_BYTES / 4)[Field.ps]!;
  let probs32 = runtime.f32(psOffset, A);
  return {
    reset: () => wasm.inferReset(desc),
    step(token, category, probs) {
      wasm.inferStep(desc, token, category);
      if (probs32.length === 0) probs32 = runtime.f32(psOffset, A); // detached by a growth
      for (let a = 0; a < A; a++) probs[a] = probs32[a]!;
    },
  };
}
