// Every chart and heatmap draws through this queue: one drawing per task, so a tick that changes
// five charts becomes five short tasks the browser can interleave with input, instead of one
// long one. Each drawer is also held to one draw per 150 ms; a newer request for the same
// drawer replaces the one waiting; and a drawer whose element is scrolled out of view waits until
// it is visible again.

const MIN_INTERVAL_MS = 150;

type Drawer = { draw: () => void; last: number; queued: boolean; timer: ReturnType<typeof setTimeout> | undefined; visible: boolean; waiting: boolean };

const queue: Drawer[] = [];
let pumping = false;
const channel = typeof MessageChannel === 'function' ? new MessageChannel() : null;
if (channel) channel.port1.onmessage = () => pump();

function nextTask(): void {
  if (channel) channel.port2.postMessage(null);
  else setTimeout(pump, 0);
}

function pump(): void {
  const entry = queue.shift();
  if (entry) {
    entry.queued = false;
    entry.last = performance.now();
    entry.draw();
  }
  if (queue.length > 0) nextTask();
  else pumping = false;
}

function enqueue(entry: Drawer): void {
  entry.timer = undefined;
  if (!entry.visible) {
    entry.waiting = true;
    return;
  }
  if (entry.queued) return;
  entry.queued = true;
  queue.push(entry);
  if (!pumping) {
    pumping = true;
    nextTask();
  }
}

export type DrawHandle = { request(draw: () => void): void; cancel(): void };

/** A drawer for one canvas; given the element, it waits while the element is out of view. */
export function drawer(element?: Element): DrawHandle {
  const entry: Drawer = { draw: () => {}, last: -Infinity, queued: false, timer: undefined, visible: true, waiting: false };
  const observer = element && typeof IntersectionObserver === 'function'
    ? new IntersectionObserver((entries) => {
      entry.visible = entries.some((observed) => observed.isIntersecting);
      if (entry.visible && entry.waiting) {
        entry.waiting = false;
        enqueue(entry);
      }
    }, { rootMargin: '100px' })
    : null;
  observer?.observe(element!);
  return {
    request(draw) {
      entry.draw = draw;
      if (entry.queued || entry.timer !== undefined) return;
      const wait = MIN_INTERVAL_MS - (performance.now() - entry.last);
      if (wait <= 0) enqueue(entry);
      else entry.timer = setTimeout(() => enqueue(entry), wait);
    },
    cancel() {
      observer?.disconnect();
      clearTimeout(entry.timer);
      entry.timer = undefined;
      entry.draw = () => {};
      const position = queue.indexOf(entry);
      if (position >= 0) queue.splice(position, 1);
      entry.queued = false;
    },
  };
}
