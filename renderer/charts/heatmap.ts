// Heatmaps drawn straight on a canvas: one cell per value, colour from a perceptual ramp. Used for
// the gradient profile over training (x: step, y: timestep) and hidden activations (y: unit,
// x: character).

/** Viridis, sampled at five stops. */
const SEQUENTIAL: [number, number, number][] = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
/** Blue – neutral – red, for values in −1 … 1. */
const DIVERGING: [number, number, number][] = [[33, 102, 172], [146, 197, 222], [247, 247, 247], [244, 165, 130], [178, 24, 43]];

export function ramp(stops: [number, number, number][], u: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, Number.isFinite(u) ? u : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

/** Resize the backing store to the element's size (device pixels); false when not laid out. */
export function fitCanvas(canvas: HTMLCanvasElement): boolean {
  const dpr = typeof devicePixelRatio === 'number' ? devicePixelRatio : 1;
  const w = Math.round(canvas.clientWidth * dpr);
  const h = Math.round(canvas.clientHeight * dpr);
  if (w === 0 || h === 0) return false;
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  return true;
}

/** One offscreen canvas for all heatmaps: each draw fills it, then scales it onto its own canvas. */
let scratch: HTMLCanvasElement | null = null;

/**
 * columns[x][y] drawn with y = 0 at the top; missing values are left blank. Sequential values use
 * a log scale between their smallest and largest positive value; diverging values span −1 … 1.
 */
export function drawHeatmap(canvas: HTMLCanvasElement, columns: ArrayLike<number>[], kind: 'log' | 'diverging', background: string): { min: number; max: number } {
  const ctx = canvas.getContext('2d');
  const range = { min: Infinity, max: -Infinity };
  if (!ctx || !fitCanvas(canvas)) return range;
  const X = columns.length;
  let Y = 0;
  for (const column of columns) {
    Y = Math.max(Y, column.length);
    for (let y = 0; y < column.length; y++) {
      const value = column[y]!;
      if (kind === 'log' ? value > 0 && Number.isFinite(value) : Number.isFinite(value)) {
        range.min = Math.min(range.min, value);
        range.max = Math.max(range.max, value);
      }
    }
  }
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  if (X === 0 || Y === 0) return range;
  const image = ctx.createImageData(X, Y);
  const lo = Math.log(range.min);
  const span = Math.log(range.max) - lo || 1;
  for (let x = 0; x < X; x++) {
    const column = columns[x]!;
    for (let y = 0; y < column.length; y++) {
      const value = column[y]!;
      const rgb = kind === 'log' ? ramp(SEQUENTIAL, value > 0 ? (Math.log(value) - lo) / span : 0) : ramp(DIVERGING, (value + 1) / 2);
      const pixel = (y * X + x) * 4;
      image.data[pixel] = rgb[0];
      image.data[pixel + 1] = rgb[1];
      image.data[pixel + 2] = rgb[2];
      image.data[pixel + 3] = 255;
    }
  }
  // Scale the X×Y image to the canvas without smoothing, so each value stays a crisp cell.
  scratch ??= document.createElement('canvas');
  scratch.width = X;
  scratch.height = Y;
  scratch.getContext('2d')!.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(scratch, 0, 0, canvas.width, canvas.height);
  return range;
}
