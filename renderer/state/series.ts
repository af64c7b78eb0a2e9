// Bounded series for the live charts: appending keeps at most `max` points by merging neighbours
// (mean of each pair), so an hour of training costs the same to draw as a minute.

import { LOSS_SMOOTHING, smoothLoss } from '../../core/smoothing.ts';

export type Point = { x: number; y: number };

export function appendBounded(series: Point[], added: Point[], max: number): Point[] {
  let next = series.concat(added);
  while (next.length > max) next = halve(next);
  return next;
}

function halve(series: Point[]): Point[] {
  const out: Point[] = [];
  for (let i = 0; i + 1 < series.length; i += 2) {
    const a = series[i]!;
    const b = series[i + 1]!;
    out.push({ x: b.x, y: (a.y + b.y) / 2 });
  }
  if (series.length % 2 === 1) out.push(series[series.length - 1]!);
  return out;
}

/** Keep every other column once there are more than `max` (the heatmap's time axis). */
export function appendColumn<T>(columns: T[], column: T, max: number): T[] {
  const next = [...columns, column];
  return next.length > max ? next.filter((_, i) => i % 2 === 1 || i === next.length - 1) : next;
}

/** The loss's moving average (core/smoothing.ts, as the trainer computes it) continuing from `last` (null at the start). */
export function smooth(points: Point[], last: number | null, alpha = LOSS_SMOOTHING): { points: Point[]; last: number | null } {
  let value = last;
  const out = points.map((point) => {
    value = value === null ? point.y : smoothLoss(value, point.y, alpha);
    return { x: point.x, y: value };
  });
  return { points: out, last: value };
}
