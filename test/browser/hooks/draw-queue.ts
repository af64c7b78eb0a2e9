// The draw queue as the browser test's build sees it: the same queue, with [drawer, start,
// duration] (ms) of every draw kept in window.__namesakeDrawTimes for the test's log; a drawer is
// named by the aria-label of its figure.

import { drawer as queuedDrawer, type DrawHandle } from '../../../renderer/charts/draw-queue.ts';

export type { DrawHandle };

const timings: [string, number, number][] = [];
(globalThis as { __namesakeDrawTimes?: [string, number, number][] }).__namesakeDrawTimes = timings;

export function drawer(element?: Element): DrawHandle {
  const name = element?.closest('[aria-label]')?.getAttribute('aria-label') ?? 'unnamed';
  const handle = queuedDrawer(element);
  return {
    request(draw) {
      handle.request(() => {
        const start = performance.now();
        draw();
        timings.push([name, start, performance.now() - start]);
      });
    },
    cancel: () => handle.cancel(),
  };
}
