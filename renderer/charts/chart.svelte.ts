// chart.js behind one attachment: the chart is created when its canvas mounts (and again when the
// theme changes), updated with update('none') — no animation — at most once per 150 ms, each
// update in a task of its own (draw-queue.ts), and destroyed with the canvas.

import {
  BarController, BarElement, CategoryScale, Chart, Decimation, Legend, LinearScale, LineController, LineElement,
  LogarithmicScale, PointElement, ScatterController, Tooltip, type ChartConfiguration,
} from 'chart.js';
import { untrack } from 'svelte';
import type { Attachment } from 'svelte/attachments';
import { drawer } from './draw-queue.ts';
import { theme, type Palette } from './theme.svelte.ts';

Chart.register(BarController, BarElement, CategoryScale, Decimation, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, ScatterController, Tooltip);

export function liveChart<D>(
  build: (palette: Palette) => ChartConfiguration,
  data: () => D,
  apply: (chart: Chart, data: D, palette: Palette) => void,
): Attachment<HTMLCanvasElement> {
  return (canvas) => {
    const palette = theme.palette; // tracked: a theme change re-creates the chart
    if (!canvas.getContext('2d')) return; // no canvas support (jsdom)
    const chart = untrack(() => new Chart(canvas, build(palette)));
    const queue = drawer(canvas);
    $effect(() => {
      const value = data();
      queue.request(() => {
        apply(chart, value, palette);
        chart.update('none');
      });
    });
    return () => {
      queue.cancel();
      chart.destroy();
    };
  };
}

/** Options every live chart shares: no animation, responsive, quiet axes in the theme's colours. */
export function baseOptions(palette: Palette) {
  return {
    animation: false as const,
    responsive: true,
    maintainAspectRatio: false,
    parsing: false as const,
    normalized: true,
    interaction: { mode: 'nearest' as const, intersect: false },
    color: palette.text,
    plugins: {
      legend: { labels: { color: palette.text, boxWidth: 12, boxHeight: 2, font: { size: 11 } } },
      tooltip: { enabled: true },
      decimation: { enabled: true, algorithm: 'lttb' as const, samples: 400 },
    },
  };
}

export function axis(palette: Palette, title: string, type: 'linear' | 'logarithmic' = 'linear') {
  return {
    type,
    title: { display: true, text: title, color: palette.muted, font: { size: 11 } },
    ticks: { color: palette.muted, font: { size: 11 }, maxTicksLimit: 6 },
    grid: { color: palette.grid },
    border: { color: palette.grid },
  };
}
