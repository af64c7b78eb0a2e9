// Who runs what: a batch's chunks and sums on this thread, with the helper thread (if any) taking
// chunks and units too; a pass over a long flat vector in two parts, the helper's posted first.
// The helper is told through its control block (core/wasm/abi.ts, wasm/threads.ts).

import type { KernelThread } from '../kernel-threads.ts';
import { CONTROL_ARGS, Op, Work } from './abi.ts';
import type { WasmRuntime } from './runtime.ts';
import { JOIN_SECONDS, workspaceViews, type WasmWorkspace } from './workspace.ts';

export type Helper = { control: number; thread: KernelThread };

/** A vector job for the helper: its op and f64 arguments (wasm/threads.ts runVectorJob). */
export type VectorJob = { op: Op; args: number[] };

export type ThreadJobs = {
  readonly threads: 1 | 2;
  /**
   * Runs op (Op.forward, Op.backward or both) over the `rows` rows packBatch laid out in ws, the
   * helper taking units of the weight layouts, chunks and sums too when there is more than one row.
   * `meanwhile` runs after the helper is told, before this thread takes its share.
   */
  runBatch(ws: WasmWorkspace, rows: number, op: Op, meanwhile?: () => void): void;
  /**
   * A pass over n numbers: here(0, n) alone, or, right after a batch the helper shared (it is then
   * awake) and for a long vector, helper(s, n) posted to the helper and here(0, s) on this thread.
   * Returns whether the helper took a part.
   */
  vectorPass(n: number, here: (lo: number, hi: number) => void, helper: (lo: number, hi: number) => VectorJob): boolean;
  dispose(): void;
};

/** Smallest vector whose passes are split with the helper (below, the wait costs more than it saves). */
const SPLIT_MIN = 8192;

export function createThreadJobs(runtime: WasmRuntime, helper: Helper | null): ThreadJobs {
  const wasm = runtime.exports;
  /** Whether the last batch ran on both threads: the helper is then spinning, ready for a vector job. */
  let helperAwake = false;

  /** Waits for the helper's job; a helper that died would otherwise leave this thread waiting forever. */
  function join(seq: number): void {
    if (wasm.join!(helper!.control, seq, JOIN_SECONDS)) return;
    const [posted, done, op] = runtime.i32(helper!.control, 3);
    throw new Error(`the kernel thread did not finish its job within ${JOIN_SECONDS} s (job ${seq}; posted ${posted}, done ${done}, op ${op})`);
  }

  return {
    threads: helper ? 2 : 1,

    runBatch(ws, rows, op, meanwhile) {
      const work = workspaceViews(runtime, ws).work;
      work[Work.next] = 0;
      work[Work.job] = (work[Work.job]! + 1) | 0;
      work[Work.unit] = 0;
      work[Work.layout] = 0;
      work[Work.laidOut] = 0;
      helperAwake = !!helper && rows > 1;
      const seq = helperAwake ? wasm.post!(helper!.control, op, ws.work) : 0;
      meanwhile?.();
      const finished = wasm.runChunks(ws.work, ws.threads[0]!, op);
      if (seq) join(seq);
      if (!finished) throw new Error(`the kernel thread did not finish its part of the batch within ${JOIN_SECONDS} s`);
    },

    vectorPass(n, here, helperPart) {
      if (!helper || !helperAwake || n < SPLIT_MIN) {
        here(0, n);
        return false;
      }
      const s = Math.floor(n / 8) * 4;
      const { op, args } = helperPart(s, n);
      runtime.f64(helper.control + CONTROL_ARGS, args.length).set(args);
      const seq = wasm.post!(helper.control, op, 0);
      here(0, s);
      join(seq);
      return true;
    },

    dispose() {
      if (!helper) return;
      wasm.post!(helper.control, Op.quit, 0);
      helper.thread.terminate();
    },
  };
}
