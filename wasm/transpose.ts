// Copies with a change of layout, done once per batch so every product below reads contiguously.

/** dst[c·dstStride + r] = src[r·srcStride + c] for r < rows, c < cols; 4×4 blocks by shuffles. */
export function transpose(src: usize, rows: i32, cols: i32, srcStride: i32, dst: usize, dstStride: i32): void {
  const rows4 = rows & ~3;
  const cols4 = cols & ~3;
  const s = <usize>srcStride << 2;
  const d = <usize>dstStride << 2;
  for (let r = 0; r < rows4; r += 4) {
    const p = src + <usize>r * s;
    for (let c = 0; c < cols4; c += 4) {
      const q = p + (<usize>c << 2);
      const r0 = v128.load(q);
      const r1 = v128.load(q + s);
      const r2 = v128.load(q + 2 * s);
      const r3 = v128.load(q + 3 * s);
      const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
      const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
      const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
      const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
      const o = dst + <usize>c * d + (<usize>r << 2);
      v128.store(o, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
      v128.store(o + d, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
      v128.store(o + 2 * d, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
      v128.store(o + 3 * d, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
    }
  }
  for (let r = 0; r < rows; r++) {
    for (let c = r < rows4 ? cols4 : 0; c < cols; c++) {
      store<f32>(dst + <usize>c * d + (<usize>r << 2), load<f32>(src + <usize>r * s + (<usize>c << 2)));
    }
  }
}

/** dst[r·dstStride + c] = src[r·srcStride + c] for r < rows, c < cols (padding columns untouched). */
export function copyRows(src: usize, rows: i32, cols: i32, srcStride: i32, dst: usize, dstStride: i32): void {
  for (let r = 0; r < rows; r++) {
    memory.copy(dst + (<usize>(r * dstStride) << 2), src + (<usize>(r * srcStride) << 2), <usize>cols << 2);
  }
}
