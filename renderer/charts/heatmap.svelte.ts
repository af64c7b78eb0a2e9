// A heatmap canvas as an attachment: redrawn through the draw queue (at most once per 150 ms, in
// a task of its own) when its data changes or the canvas is resized.

import type { Attachment } from 'svelte/attachments';
import { drawer } from './draw-queue.ts';
import { drawHeatmap } from './heatmap.ts';
import { theme } from './theme.svelte.ts';

export type HeatmapData = { columns: ArrayLike<number>[]; kind: 'log' | 'diverging' };

export function heatmap(data: () => HeatmapData): Attachment<HTMLCanvasElement> {
  return (canvas) => {
    const { background } = theme.palette;
    if (!canvas.getContext('2d')) return;
    let latest: HeatmapData | null = null;
    const queue = drawer(canvas);
    const draw = () => {
      if (latest) drawHeatmap(canvas, latest.columns, latest.kind, background);
    };
    const resize = typeof ResizeObserver === 'function' ? new ResizeObserver(() => queue.request(draw)) : null;
    resize?.observe(canvas);
    $effect(() => {
      latest = data();
      queue.request(draw);
    });
    return () => {
      resize?.disconnect();
      queue.cancel();
    };
  };
}
