/// <reference lib="webworker" />
// The Web Worker of `bench --browser`'s thread check (cli/bench/browser-threads.ts), bundled for
// Chromium: trains the bundled names at the size asked for, on this worker's thread or, where the
// page is cross-origin isolated, with a second thread (a nested worker serving the kernels' jobs on
// the shared memory, as node/kernel-thread.ts does in Node); posts the trainer's tokens/s.

import { datasetFromFiles } from '../../../core/dataset.ts';
import type { SpawnKernelThread } from '../../../core/kernel-threads.ts';
import { validateSettings } from '../../../core/settings.ts';
import { createTrainer } from '../../../core/trainer.ts';
import { createParallelWasmKernels, createWasmKernels } from '../../../core/wasm-kernels.ts';

declare const self: DedicatedWorkerGlobalScope;

export type BrowserRunRequest = { names: string; hiddenSize: number; seconds: number; threads: 1 | 2 };
export type BrowserRunResult = { isolated: boolean; threads: number; fma: boolean; tokensPerSecond: number } | { error: string };

// The helper thread: instantiate the module on the shared memory, say so, serve until told to quit.
const HELPER = `onmessage = ({ data: { module, memory, control } }) => {
  const { exports } = new WebAssembly.Instance(module, { env: { memory } });
  postMessage('ready');
  exports.serve(control);
};`;

const spawnWorkerThread: SpawnKernelThread = (init) => {
  const worker = new Worker(URL.createObjectURL(new Blob([HELPER], { type: 'text/javascript' })));
  const ready = new Promise<void>((resolve, reject) => {
    worker.onmessage = () => resolve();
    worker.onerror = (event) => reject(new Error(event.message));
  });
  worker.postMessage(init);
  return { ready, terminate: () => worker.terminate() };
};

self.onmessage = async ({ data }: MessageEvent<BrowserRunRequest>) => {
  try {
    const kernels = data.threads === 2 ? await createParallelWasmKernels(spawnWorkerThread) : createWasmKernels();
    const dataset = datasetFromFiles([{ fileName: 'names.txt', bytes: new TextEncoder().encode(data.names) }]);
    const settings = validateSettings({ hiddenSize: data.hiddenSize, batchSize: 32, optimizer: 'adam', learningRate: 0.002, stop: { steps: 1e12 }, evalEvery: 1e9 });
    const trainer = createTrainer(dataset, settings, { kernels, now: () => performance.now() });
    const warm = performance.now() + 500;
    while (performance.now() < warm) trainer.step();
    const start = trainer.progress();
    const end = performance.now() + data.seconds * 1000;
    while (performance.now() < end) trainer.step();
    const stop = trainer.progress();
    kernels.dispose();
    const tokensPerSecond = (stop.tokens - start.tokens) / (stop.seconds - start.seconds);
    self.postMessage({ isolated: self.crossOriginIsolated, threads: kernels.threads, fma: kernels.fma, tokensPerSecond } satisfies BrowserRunResult);
  } catch (error) {
    self.postMessage({ error: `${(error as Error).message} (crossOriginIsolated ${self.crossOriginIsolated})` } satisfies BrowserRunResult);
  }
};
