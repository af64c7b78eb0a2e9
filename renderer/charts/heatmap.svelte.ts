// A heatmap canvas as an attachment: redrawn (at most ten times a second) when its data changes or
// the canvas is resized.

import type { Attachment } from 'svelte/attachments';
import { drawHeatmap } from './heatmap.ts';
import { theme } from './theme.svelte.ts';

export type HeatmapData = { columns: ArrayLike<number>[]; kind: 'log' | 'diverging' };

export function heatmap(data: () => HeatmapData): Attachment<HTMLCanvasElement> {
  return (canvas) => {
    const { background } = theme.palette;
    if (!canvas.getContext('2d')) return;
    let latest: HeatmapData | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = 0;
    const draw = () => {
      timer = undefined;
      last = performance.now();
      if (latest) drawHeatmap(canvas, latest.columns, latest.kind, background);
    };
    const resize = typeof ResizeObserver === 'function' ? new ResizeObserver(() => draw()) : null;
    resize?.observe(canvas);
    $effect(() => {
      latest = data();
      clearTimeout(timer);
      const wait = 100 - (performance.now() - last);
      if (wait <= 0) draw();
      else timer = setTimeout(draw, wait);
    });
    return () => {
      resize?.disconnect();
      clearTimeout(timer);
    };
  };
}
