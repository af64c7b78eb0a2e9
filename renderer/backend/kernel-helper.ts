/// <reference lib="webworker" />
// The browser build's second kernel thread (a worker of the training worker, on a cross-origin-
// isolated page only): instantiates the kernels' threaded build on the shared memory it is given,
// says so, then serves the kernel jobs the training worker posts until told to quit (wasm/threads.ts).

import type { KernelThreadInit } from '../../core/kernel-threads.ts';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = ({ data: { module, memory, control } }: MessageEvent<KernelThreadInit>) => {
  const { exports } = new WebAssembly.Instance(module, { env: { memory } });
  self.postMessage('ready');
  (exports.serve as (control: number) => void)(control);
};
