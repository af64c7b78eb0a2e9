// The interface between the TypeScript driver (core/wasm-kernels.ts) and the compiled kernels
// (wasm/*.ts), written once: this file is plain TypeScript that AssemblyScript also compiles, so
// both sides import the same descriptor fields, work-block slots, job codes and sizes.

/**
 * The descriptor through which JavaScript hands the kernels one chunk of a batch (or a thread its
 * scratch buffers): DESCRIPTOR_FIELDS i32 fields, byte offsets into linear memory or sizes.
 * Per-token arrays are packed by slot: step t's active[t] rows follow step t−1's (wasm/chunks.ts).
 */
export enum Field {
  A = 0, //          tokens
  K = 1, //          categories
  H = 2, //          hidden units
  Hp = 3, //         H rounded up to 8: the row stride of every padded hidden buffer
  Ap = 4, //         A rounded up to 8: the row stride of ps, VT, cp
  B = 5, //          rows of this chunk (1 … CHUNK_ROWS)
  T = 6, //          steps of its longest row
  params = 7, //     U, W, V, b, c (params.ts layout)
  grads = 8, //      dU, dW, dV, db, dc (same layout)
  inputs = 9, //     (slots) i32
  targets = 10, //   (slots) i32
  categories = 11, // (B) i32, −1 when unconditioned
  active = 12, //    (T) i32 rows running at t
  hs = 13, //        (slots, Hp) f32: h_t
  ps = 14, //        (slots, Ap) f32: dL/do_t = ŷ_t − y_t after forward
  dz = 15, //        (slots, Hp) f32: dz_t
  dhNext = 16, //    (B, Hp) f32: Wᵀ dz_{t+1}
  rowNorms = 17, //  (B+1, 4) f32: ‖dL/dh‖² partial sums per row (+1 spare)
  normSums = 18, //  (T) f64: Σ_rows ‖dL/dh_t‖₂
  WT = 19, //        (Hp/8, H, 8) f32: Wᵀ in column strips, zero padded (room for Hp·Hp)
  VT = 20, //        (Ap/8, H, 8) f32: Vᵀ in column strips, zero padded (room for Hp·Ap)
  UT = 21, //        (X+1, Hp) f32: Uᵀ with b added to the token rows; row X is 0
  cp = 22, //        (2·Ap) f32: c padded with −∞, then the 1/0 mask of real tokens
  WS = 23, //        (Hp/8, H, 8) f32: W in column strips (BPTT's products)
  Vp = 24, //        (A, Hp) f32: V with rows padded (used when H ≠ Hp)
  dUT = 25, //       (X+1, Hp) f32: Σ dz per input column, transposed
  loss = 26, //      f64 slot (fields 26–27): the forward's loss, for threads
  seen = 28, //      (X+1) i32: 1 where a row of dUT was used by this backward
  pack = 29, //      (48 + 8·max(Hp, Ap, CHUNK_ROWS·T)) f32: one 6×8 register block, then 6 rows interleaved
  hPrev = 30, //     (slots, Hp) f32: h_{t−1} (0 at t = 0)
  slots = 31, //     the chunk's tokens: Σ_t active[t]
  done = 32, //      the job (wasm/chunks.ts) whose BPTT of this chunk is done
  profile = 33, //   (PROFILE_PHASES) f64: a thread's phase times in the bench's profiled build (wasm/profile.ts); 0 otherwise
}

/**
 * What a thread's profile accumulators (Field.profile) time in the bench's profiled build
 * (wasm/profile.ts, cli/bench/breakdown.ts): the layouts, the chunks' forward and BPTT, the
 * gradient's sums, spinning for the other thread's chunk, and all of its share of the batch.
 */
export enum Phase { prepare = 0, forward = 1, backward = 2, sums = 3, waiting = 4, total = 5 }
export const PROFILE_PHASES = 6;

export const DESCRIPTOR_FIELDS = 36;
export const DESCRIPTOR_BYTES = DESCRIPTOR_FIELDS * 4;

/**
 * The work block of wasm/chunks.ts (i32 slots): the counters by which threads take units of the
 * weight layouts, chunks and units of the gradient's sums, and where the chunks, the helper's
 * descriptor and the sums of squares are.
 */
export enum Work {
  next = 0, //    next chunk to take
  job = 1, //     this job's number (a chunk's Field.done is set to it when its BPTT is done)
  unit = 2, //    next unit of the sums to take
  count = 3, //   chunks in the batch
  chunks = 4, //  first chunk's descriptor (the rest DESCRIPTOR_BYTES apart; its Field.grads is the gradient's)
  helper = 5, //  the helper thread's descriptor
  seconds = 6, // seconds to wait for the other thread's chunk
  squares = 7, // f64 sums of squares of what the units summed: (rows of dW, rows of dV) per unit, then dU, db, dc
  layout = 8, //  next unit of the weight layouts to make (wasm/prepare.ts)
  laidOut = 9, // units of the layouts made
}

export const WORK_BYTES = 10 * 4;

/** Rows of [dW; dV] in one unit of the gradient's sums (wasm/chunks.ts): four 6-row blocks. */
export const UNIT_ROWS = 24;

/** Most rows in a chunk: the height of the products' register block (wasm/block.ts). */
export const CHUNK_ROWS = 6;

/**
 * The rows of each chunk of a batch of B rows: ⌈B/CHUNK_ROWS⌉ chunks as even as they can be, the
 * larger first (the batch's longest names). A batch of 32 is 6, 6, 5, 5, 5, 5: the 6- and 5-row
 * blocks run at ~95–100% of the machine's multiply-add rate where 6, 6, 6, 6, 4, 4 ran a third of
 * the rows at ~78%; and no chunk has the 1–2 rows of the one-row kernels when B > 2.
 */
export function chunkRows(B: number): number[] {
  const count = Math.ceil(B / CHUNK_ROWS);
  const small = Math.floor(B / count);
  const larger = B - small * count;
  return Array.from({ length: count }, (_, c) => (c < larger ? small + 1 : small));
}

/**
 * Jobs the main thread posts to the helper (wasm/threads.ts). forward and backward are also
 * runChunks' flags, and forwardBackward their union.
 */
export enum Op {
  forward = 1,
  backward = 2,
  forwardBackward = 3,
  sumSquares = 4,
  sgd = 5,
  adagrad = 6,
  adam = 7,
  quit = 8,
}

/**
 * The helper's control block (i32): [0] jobs posted, [1] jobs done, [2] op, [3] descriptor; at
 * byte CONTROL_JOIN_WAIT an f64, the milliseconds the main thread waited in join (profiled build
 * only); the jobs' f64 arguments (CONTROL_ARG_COUNT of them) from byte CONTROL_ARGS.
 */
export const CONTROL_JOIN_WAIT = 16;
export const CONTROL_ARGS = 32;
export const CONTROL_ARG_COUNT = 16;
export const CONTROL_BYTES = CONTROL_ARGS + CONTROL_ARG_COUNT * 8;
