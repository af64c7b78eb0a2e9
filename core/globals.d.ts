// The one platform API core/ uses: WHATWG TextDecoder, present in Node, browsers, Web Workers and
// Electron's utility process alike. Declared here because core/ compiles with neither DOM nor Node
// types (tsconfig.core.json), which keeps every other platform API out by construction.
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array): string;
}

// WebAssembly, present in every JavaScript platform core/ runs on; only what the kernels use
// (core/wasm/). Memories may be shared (SharedArrayBuffer-backed) for the threaded kernels.
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    constructor(descriptor: { initial: number; maximum?: number; shared?: boolean });
    readonly buffer: ArrayBuffer | SharedArrayBuffer;
    grow(delta: number): number;
  }
}
