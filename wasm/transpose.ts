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

/**
 * Mᵀ in column strips, for M (rows × cols, row stride cols): dst (⌈rows/8⌉, cols, 8) with
 * dst[s, c, l] = M[8s + l, c], 0 where 8s + l ≥ rows; the strips of rows from … to (multiples of 8).
 * A product of a row vector with Mᵀ reads strip s front to back for its 8 outputs, instead of 8
 * numbers every Mᵀ row apart.
 */
export function transposeToStrips(src: usize, rows: i32, cols: i32, dst: usize, from: i32, to: i32): void {
  const cols4 = cols & ~3;
  const stride = <usize>cols << 2;
  for (let s = from; s < min(to, rows); s += 8) {
    const strip = dst + (<usize>(s * cols) << 2);
    const first = src + <usize>s * stride;
    if (s + 8 <= rows) fullStrip(first, stride, cols4, strip);
    else lastStrip(first, stride, rows - s, cols4, strip);
    for (let c = cols4; c < cols; c++) {
      for (let l = 0; l < 8; l++) {
        store<f32>(strip + (<usize>(c * 8 + l) << 2), s + l < rows ? load<f32>(first + <usize>l * stride + (<usize>c << 2)) : 0);
      }
    }
  }
}

/** transposeToStrips' strip of 8 whole rows from `first`, its first cols4 columns (two 4×4 transposes per 4 columns). */
function fullStrip(first: usize, stride: usize, cols4: i32, strip: usize): void {
  for (let c = 0; c < cols4; c += 4) {
    const q = first + (<usize>c << 2);
    const o = strip + (<usize>c << 5);
    store4x4(o, v128.load(q), v128.load(q + stride), v128.load(q + 2 * stride), v128.load(q + 3 * stride));
    store4x4(o + 16, v128.load(q + 4 * stride), v128.load(q + 5 * stride), v128.load(q + 6 * stride), v128.load(q + 7 * stride));
  }
}

/** The same for the last strip, of `left` < 8 rows: zeros in place of the rows past them. */
function lastStrip(first: usize, stride: usize, left: i32, cols4: i32, strip: usize): void {
  const zero = f32x4.splat(0);
  for (let c = 0; c < cols4; c += 4) {
    const q = first + (<usize>c << 2);
    const x0 = v128.load(q), x1 = 1 < left ? v128.load(q + stride) : zero;
    const x2 = 2 < left ? v128.load(q + 2 * stride) : zero, x3 = 3 < left ? v128.load(q + 3 * stride) : zero;
    const x4 = 4 < left ? v128.load(q + 4 * stride) : zero, x5 = 5 < left ? v128.load(q + 5 * stride) : zero;
    const x6 = 6 < left ? v128.load(q + 6 * stride) : zero;
    const o = strip + (<usize>c << 5);
    store4x4(o, x0, x1, x2, x3);
    store4x4(o + 16, x4, x5, x6, zero);
  }
}

/** The 4×4 transpose of rows x0 … x3, its row q stored at out + 32·q (the second half of each 8 is left). */
@inline function store4x4(out: usize, x0: v128, x1: v128, x2: v128, x3: v128): void {
  const t0 = v128.shuffle<f32>(x0, x1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(x0, x1, 2, 6, 3, 7);
  const t2 = v128.shuffle<f32>(x2, x3, 0, 4, 1, 5), t3 = v128.shuffle<f32>(x2, x3, 2, 6, 3, 7);
  v128.store(out, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
  v128.store(out, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7), 32);
  v128.store(out, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5), 64);
  v128.store(out, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7), 96);
}

/**
 * M in column strips, for M (rows × cols, row stride cols): dst (⌈cols/8⌉, rows, 8) with
 * dst[s, r, l] = M[r, 8s + l], 0 where 8s + l ≥ cols; the strips of columns from … to (multiples
 * of 8). A product of a row vector with M reads strip s front to back for its 8 outputs, instead of
 * 8 numbers every M row apart.
 */
export function columnStrips(src: usize, rows: i32, cols: i32, dst: usize, from: i32, to: i32): void {
  const stride = <usize>cols << 2;
  const whole = min(to, cols & ~7);
  const stripBytes = <usize>rows << 5;
  // whole strips row by row: each row's numbers from … whole read front to back, one 32-byte run per strip
  for (let r = 0; r < rows; r++) {
    const row = src + <usize>r * stride, out = dst + (<usize>r << 5);
    for (let s = from; s < whole; s += 8) {
      const at = out + <usize>(s >> 3) * stripBytes;
      v128.store(at, v128.load(row + (<usize>s << 2)));
      v128.store(at, v128.load(row + (<usize>s << 2), 16), 16);
    }
  }
  // the last strip, cut by cols, padded with zeros
  for (let s = max(from, whole); s < min(to, cols); s += 8) {
    const strip = dst + <usize>(s >> 3) * stripBytes;
    for (let r = 0; r < rows; r++) {
      const row = src + <usize>r * stride + (<usize>s << 2), out = strip + (<usize>r << 5);
      for (let l = 0; l < 8; l++) store<f32>(out + (<usize>l << 2), s + l < cols ? load<f32>(row + (<usize>l << 2)) : 0);
    }
  }
}
