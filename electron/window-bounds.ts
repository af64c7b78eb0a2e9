// Where the window opens: where it was left, when that place is still on a screen. A monitor that
// is gone (or smaller now) must not leave the window off-screen, so the saved bounds are fitted
// into the work area they overlap most; bounds on no screen at all give the default size,
// centred on the primary screen. Plain data in and out: main passes screen.getAllDisplays().

export type Rect = { x: number; y: number; width: number; height: number };

/** What main saves when the window closes: its normal (unmaximised) bounds and whether it was maximised. */
export type SavedWindow = { bounds: Rect; maximized: boolean };

/** Bounds with a position, or only a size (Electron then centres the window on the primary screen). */
export type WindowPlacement = { bounds: Rect | { width: number; height: number }; maximized: boolean };

export const DEFAULT_SIZE = { width: 1280, height: 840 } as const;

export function placeWindow(saved: SavedWindow | null, workAreas: Rect[], primary: Rect): WindowPlacement {
  const fallback = { bounds: fitSize(DEFAULT_SIZE, primary), maximized: saved?.maximized === true };
  if (!saved || !isRect(saved.bounds)) return fallback;
  const bounds = roundRect(saved.bounds);
  let best: { area: Rect; overlap: number } | null = null;
  for (const area of workAreas) {
    const overlap = overlapArea(bounds, area);
    if (overlap > 0 && (!best || overlap > best.overlap)) best = { area, overlap };
  }
  if (!best) return fallback;
  return { bounds: fitInto(bounds, best.area), maximized: saved.maximized === true };
}

/** The rectangle moved (and shrunk only if it must) to lie wholly inside area. */
function fitInto(rect: Rect, area: Rect): Rect {
  const { width, height } = fitSize(rect, area);
  return {
    x: clamp(rect.x, area.x, area.x + area.width - width),
    y: clamp(rect.y, area.y, area.y + area.height - height),
    width,
    height,
  };
}

function fitSize(size: { width: number; height: number }, area: Rect): { width: number; height: number } {
  return { width: Math.min(size.width, area.width), height: Math.min(size.height, area.height) };
}

function overlapArea(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function isRect(value: unknown): value is Rect {
  if (typeof value !== 'object' || value === null) return false;
  const { x, y, width, height } = value as Record<string, unknown>;
  return [x, y, width, height].every((n) => typeof n === 'number' && Number.isFinite(n)) && (width as number) > 0 && (height as number) > 0;
}

function roundRect({ x, y, width, height }: Rect): Rect {
  return { x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height) };
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(value, max));
}
