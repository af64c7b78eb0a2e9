// SpawnKernelThread for Node and Electron's utility process: a worker_threads worker started from
// source (no file to bundle or resolve) that instantiates the kernels' WebAssembly module on the
// shared memory and serves jobs until told to quit (wasm/threads.ts). It is unref'd, so it never
// keeps a process alive on its own.

import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { KernelThread, KernelThreadInit, SpawnKernelThread } from '../core/kernel-threads.ts';
import { relaxedSimdSupported } from '../core/wasm/runtime.ts';

const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { module, memory, control } = workerData;
// the clock is imported only by the bench's profiled build (core/wasm/runtime.ts ProfiledBuild)
const { exports } = new WebAssembly.Instance(module, { env: { memory, clock: () => performance.now() } });
parentPort.postMessage('ready');
try { exports.serve(control); } catch (e) { require('node:fs').writeSync(2, 'kernel thread died: ' + e.stack + '\\n'); throw e; }
`;

export const spawnNodeKernelThread: SpawnKernelThread = (init: KernelThreadInit): KernelThread => {
  const worker = new Worker(SOURCE, { eval: true, workerData: init });
  worker.unref();
  const ready = new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the kernel thread exited (code ${code}) before it was ready`)));
  });
  return { ready, terminate: () => void worker.terminate() };
};

/**
 * Lets this process compile relaxed SIMD, so the wasm kernels pick their fused multiply-add build
 * (10–20 % faster training). Electron 45 and Chromium have it on; Node 20 keeps it behind
 * --experimental-wasm-relaxed-simd, which V8 also accepts at run time before the module is
 * compiled. Call it once at start-up, before creating kernels; returns whether it is now available.
 */
export function enableRelaxedSimd(): boolean {
  if (relaxedSimdSupported()) return true;
  try {
    setFlagsFromString('--experimental-wasm-relaxed-simd');
  } catch {
    return false;
  }
  return relaxedSimdSupported();
}
