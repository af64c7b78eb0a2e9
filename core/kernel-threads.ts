// How core gets a helper thread without knowing the platform: the host injects a SpawnKernelThread
// (node/kernel-thread.ts with worker_threads; a Web Worker in the browser). The thread instantiates
// the given WebAssembly module on the given shared memory and calls its exported serve(control),
// which runs kernel jobs posted by the main thread until told to quit (wasm/threads.ts).

export type KernelThreadInit = {
  /** The threaded build (structured-cloneable to a worker). */
  module: WebAssembly.Module;
  /** Shared memory: the thread works on the same parameters and workspaces. */
  memory: WebAssembly.Memory;
  /** Byte offset of the control block serve() watches. */
  control: number;
};

export type KernelThread = {
  /** Resolves once the thread has instantiated the module and is serving; rejects if it failed. */
  ready: Promise<void>;
  terminate(): void;
};

export type SpawnKernelThread = (init: KernelThreadInit) => KernelThread;

