// The descriptor through which JavaScript hands the kernels one chunk of a batch (or a thread its
// scratch buffers): 36 i32 fields, byte offsets into linear memory or sizes. core/wasm/layout.ts
// mirrors these indices. Per-token arrays are packed by slot: step t's active[t] rows follow step
// t−1's, so a chunk of N tokens has N slots (chunks.ts).

export const F_A = 0;          // tokens
export const F_K = 1;          // categories
export const F_H = 2;          // hidden units
export const F_HP = 3;         // H rounded up to 8: the row stride of every padded hidden buffer
export const F_AP = 4;         // A rounded up to 8: the row stride of ps, VT, cp
export const F_B = 5;          // rows of this chunk (1 … 4)
export const F_T = 6;          // steps of its longest row
export const F_PARAMS = 7;     // U, W, V, b, c (params.ts layout)
export const F_GRADS = 8;      // dU, dW, dV, db, dc (same layout)
export const F_INPUTS = 9;     // (slots) i32
export const F_TARGETS = 10;   // (slots) i32
export const F_CATEGORIES = 11;// (B) i32, −1 when unconditioned
export const F_ACTIVE = 12;    // (T) i32 rows running at t
export const F_HS = 13;        // (slots, Hp) f32: h_t
export const F_PS = 14;        // (slots, Ap) f32: dL/do_t = ŷ_t − y_t after forward
export const F_DZ = 15;        // (slots, Hp) f32: dz_t
export const F_DHNEXT = 16;    // (B, Hp) f32: Wᵀ dz_{t+1}
export const F_ROWNORMS = 17;  // (B+1, 4) f32: ‖dL/dh‖² partial sums per row (+1 dummy)
export const F_NORMSUMS = 18;  // (T) f64: Σ_rows ‖dL/dh_t‖₂
export const F_WT = 19;        // (Hp/8, H, 8) f32: Wᵀ in column strips, zero padded (room for Hp·Hp)
export const F_VT = 20;        // (Ap/8, H, 8) f32: Vᵀ in column strips, zero padded (room for Hp·Ap)
export const F_UT = 21;        // (X+1, Hp) f32: Uᵀ with b added to the token rows; row X is 0
export const F_CP = 22;        // (2·Ap) f32: c padded with −∞, then the 1/0 mask of real tokens
export const F_WP = 23;        // (H, Hp) f32: W with rows padded (used when H ≠ Hp)
export const F_VP = 24;        // (A, Hp) f32: V with rows padded (used when H ≠ Hp)
export const F_DUT = 25;       // (X+1, Hp) f32: Σ dz per input column, transposed
export const F_LOSS = 26;      // f64 slot (fields 26–27): the forward's loss, for threads
export const F_SEEN = 28;      // (X+1) i32: 1 where a row of dUT was used by this backward
export const F_PACK = 29;      // (32 + 4·max(Hp, Ap)) f32: one 4×8 register block, then 4 rows interleaved
export const F_HPREV = 30;     // (slots, Hp) f32: h_{t−1} (0 at t = 0)
export const F_SLOTS = 31;     // the chunk's tokens: Σ_t active[t]
export const F_DONE = 32;      // the job (wasm/chunks.ts) whose BPTT of this chunk is done

export const DESCRIPTOR_BYTES: usize = 36 * 4;

@inline export function field(d: usize, f: i32): i32 {
  return load<i32>(d + (<usize>f << 2));
}

@inline export function ptr(d: usize, f: i32): usize {
  return <usize>load<i32>(d + (<usize>f << 2));
}
