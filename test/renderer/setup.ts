// jsdom has no canvas: report "no 2D context" quietly (the chart and heatmap attachments then do
// nothing), and clean the DOM between tests.
import { cleanup } from '@testing-library/svelte';
import { afterEach } from 'vitest';

if (typeof HTMLCanvasElement !== 'undefined') {
  HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;
}

afterEach(() => cleanup());
