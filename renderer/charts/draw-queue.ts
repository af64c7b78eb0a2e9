// Every chart and heatmap draws through this queue: one drawing per task, so a tick that changes
// five charts becomes five short tasks the browser can interleave with input, instead of one
// long one. Each drawer is also held to at most ten draws a second; a newer request for the same
// drawer replaces the one waiting; and a drawer whose element is scrolled out of view waits until
// it is visible again.

const MIN_INTERVAL_MS = 150;

type Drawer = { name: string; draw: () => void; last: number; queued: boolean; timer: ReturnType<typeof setTimeout> | undefined; visible: boolean; waiting: boolean };

const queue: Drawer[] = [];
/** [drawer, start, duration] of every draw (ms), kept for the browser tests when the page is opened with ?testhooks. */
const timings: [string, number, number][] | null = typeof location !== 'undefined' && location.search.includes('testhooks') ? [] : null;
if (timings) (globalThis as { __namesakeDrawTimes?: [string, number, number][] }).__namesakeDrawTimes = timings;
let pumping = false;
const channel = typeof MessageChannel === 'function' ? new MessageChannel() : null;
if (channel) channel.port1.onmessage = () => pump();

function nextTask(): void {
  if (channel) channel.port2.postMessage(null);
  else setTimeout(pump, 0);
}

function pump(): void {
  const drawer = queue.shift();
  if (drawer) {
    drawer.queued = false;
    drawer.last = performance.now();
    drawer.draw();
    timings?.push([drawer.name, drawer.last, performance.now() - drawer.last]);
  }
  if (queue.length > 0) nextTask();
  else pumping = false;
}

function enqueue(drawer: Drawer): void {
  drawer.timer = undefined;
  if (!drawer.visible) {
    drawer.waiting = true;
    return;
  }
  if (drawer.queued) return;
  drawer.queued = true;
  queue.push(drawer);
  if (!pumping) {
    pumping = true;
    nextTask();
  }
}

export type DrawHandle = { request(draw: () => void): void; cancel(): void };

export function drawer(name: string, element?: Element): DrawHandle {
  const d: Drawer = { name, draw: () => {}, last: -Infinity, queued: false, timer: undefined, visible: true, waiting: false };
  const observer = element && typeof IntersectionObserver === 'function'
    ? new IntersectionObserver((entries) => {
      d.visible = entries.some((e) => e.isIntersecting);
      if (d.visible && d.waiting) {
        d.waiting = false;
        enqueue(d);
      }
    }, { rootMargin: '100px' })
    : null;
  observer?.observe(element!);
  return {
    request(draw) {
      d.draw = draw;
      if (d.queued || d.timer !== undefined) return;
      const wait = MIN_INTERVAL_MS - (performance.now() - d.last);
      if (wait <= 0) enqueue(d);
      else d.timer = setTimeout(() => enqueue(d), wait);
    },
    cancel() {
      observer?.disconnect();
      clearTimeout(d.timer);
      d.timer = undefined;
      d.draw = () => {};
      const i = queue.indexOf(d);
      if (i >= 0) queue.splice(i, 1);
      d.queued = false;
    },
  };
}
