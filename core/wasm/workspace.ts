// Where a batch lives in the kernels' memory: each chunk's descriptor (core/wasm/abi.ts) and its
// per-token runs, each thread's scratch and weight layouts, and the work block the threads take
// chunks and units of the gradient's sums from (wasm/chunks.ts).

import type { KernelWorkspace } from '../kernels.ts';
import type { Dims } from '../params.ts';
import { CHUNK_ROWS, chunkRows, DESCRIPTOR_BYTES, Field, PROFILE_PHASES, UNIT_ROWS, Work, WORK_BYTES } from './abi.ts';
import type { WasmRuntime } from './runtime.ts';

/** H and A rounded up to 8: two f32x4 vectors per register block. */
export const padTo8 = (n: number): number => Math.ceil(n / 8) * 8;

/** Longest a helper's share of one batch may take before it is presumed dead. */
export const JOIN_SECONDS = 5;

/** One chunk of a batch: its descriptor and its ‖dL/dh_t‖ sums. */
export type Chunk = { desc: number; normSums: number; views: ChunkViews | null };

/** Views of a chunk's descriptor and arrays, kept between batches (re-made after an unshared memory grows). */
export type ChunkViews = { d: Int32Array; active: Int32Array; categories: Int32Array; normSums: Float64Array; loss: Float64Array };

type WorkspaceViews = { work: Int32Array; threads: Int32Array[]; inputs: Int32Array; targets: Int32Array };

export type WasmWorkspace = KernelWorkspace & {
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
  /** Chunks of the batch packBatch laid out last. */
  count: number;
  /** Units of [dW; dV] rows in the gradient's sums, and where each leaves its sums of squares. */
  units: number;
  squares: number;
  /** The gradient (byte offset) whose sums of squares the units of the last backward left in `squares`, if any. */
  squaresOf: number | null;
  views: WorkspaceViews | null;
  /** Where params/grads made elsewhere are copied; allocated on first need. */
  mirror: { params: number; grads: number } | null;
};

/** Lays out a workspace for batches of up to maxB rows and maxT steps, worked on by `threads` threads. */
export function allocWasmWorkspace(runtime: WasmRuntime, dims: Dims, maxB: number, maxT: number, threadCount: number): WasmWorkspace {
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
  // the layouts of the parameters the products read, made once per batch by both threads together
  // (wasm/prepare.ts), and each thread's scratch. pack: the 6 × 8 register block, then 6 rows
  // interleaved, 8 floats a step: a block's rows in forward and BPTT (wasm/block.ts), or six numbers
  // of each of a chunk's tokens in the sums (wasm/sums.ts)
  const layouts = { WT: f32(Hp * Hp), VT: f32(Hp * Ap), UT: f32((X + 1) * Hp), cp: f32(2 * Ap), WS: f32(H * Hp), Vp: f32(A * Hp) };
  const threadFields = () => ({
    ...layouts,
    pack: f32(6 * 8 + 8 * Math.max(Hp, Ap, CHUNK_ROWS * maxT)), dhNext: f32(CHUNK_ROWS * Hp), rowNorms: f32((CHUNK_ROWS + 1) * 4),
    dUT: f32((X + 1) * Hp), seen: f32(X + 1),
    profile: runtime.profiled ? runtime.alloc(PROFILE_PHASES * 8) : 0,
  });
  const threads = Array.from({ length: threadCount }, threadFields);
  const slots = maxB * maxT;
  // dz and ps end with 8 spare floats: the gradient's last 6-row block may read past a row (wasm/sums.ts)
  const runs = { inputs: f32(slots), targets: f32(slots), hs: f32(slots * Hp), hPrev: f32(slots * Hp), ps: f32(slots * Ap + 8), dz: f32(slots * Hp + 8) };
  // the chunks' descriptors side by side (wasm/chunks.ts finds chunk c at DESCRIPTOR_BYTES·c)
  const chunkCount = chunkRows(maxB).length;
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
  if (threadCount > 1) workView[Work.helper] = threadDescs[1]!;
  return {
    kind: 'wasm', dims, maxB, maxT, work, threads: threadDescs, chunks, runs, count: 0, units, squares, squaresOf: null, views: null, mirror: null,
    dLdhNorms: new Float64Array(maxT),
  };
}

export function workspaceViews(runtime: WasmRuntime, ws: WasmWorkspace): WorkspaceViews {
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

export function chunkViews(runtime: WasmRuntime, chunk: Chunk, maxT: number): ChunkViews {
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

/** The parameters' sums of squares the units of the last backward left: U W V b c, each in unit order. */
export function unitSquares(runtime: WasmRuntime, ws: WasmWorkspace, out: Float64Array): void {
  const unitSums = runtime.f64(ws.squares, 2 * ws.units + 3);
  out.fill(0);
  for (let u = 0; u < ws.units; u++) {
    out[1] += unitSums[2 * u]!;
    out[2] += unitSums[2 * u + 1]!;
  }
  [out[0], out[3], out[4]] = unitSums.subarray(2 * ws.units);
}
