// chart.js as the browser test's build sees it: each chart registers itself by the aria-label of
// its figure (window.__namesakeCharts), so the test can read the data a chart draws.

import { Chart, type ChartConfiguration, type ChartItem } from 'chart.js';

export * from 'chart.js';

const registry = new Map<string, Chart>();
(globalThis as { __namesakeCharts?: Map<string, Chart> }).__namesakeCharts = registry;

class RegisteredChart extends Chart {
  readonly #label: string;

  constructor(item: ChartItem, config: ChartConfiguration) {
    super(item, config);
    this.#label = this.canvas.closest('[aria-label]')?.getAttribute('aria-label') ?? '';
    registry.set(this.#label, this);
  }

  override destroy(): void {
    if (registry.get(this.#label) === this) registry.delete(this.#label);
    super.destroy();
  }
}

export { RegisteredChart as Chart };
