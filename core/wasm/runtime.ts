// One instance of the WebAssembly kernels (wasm/*.ts, embedded by wasm/build.mjs) and a bump
// allocator over its linear memory. Nothing is freed: a runtime lives as long as the kernels that
// own it. Shared memory (SharedArrayBuffer) is used where the platform has it, so a helper thread
// can work on the same parameters; growing a shared memory leaves earlier views valid. An unshared
// memory detaches its views when it grows, so holders of long-lived views register a rebind.

import { decodeBase64 } from '../base64.ts';
import {
  WASM_MAX_PAGES, WASM_SINGLE_BASE64, WASM_SINGLE_FMA_BASE64, WASM_THREADS_BASE64, WASM_THREADS_FMA_BASE64,
} from './binary.generated.ts';

/** The module's exports (wasm/threads.ts, wasm/single.ts); pointers are byte offsets. */
export type WasmExports = {
  heapBase(): number;
  prepare(d: number): void;
  /** wasm/forward-one.ts: forward() for a batch of one row, without prepare(). */
  forwardOne(d: number): number;
  /** wasm/chunks.ts: this thread's share of a batch (Op.forward, Op.backward or both); false if the helper's last chunk never came. */
  runChunks(work: number, thread: number, op: number): number;
  sgd(theta: number, g: number, n: number, lr: number, gradScale: number): void;
  adagrad(theta: number, g: number, G: number, n: number, lr: number, gradScale: number, eps: number): void;
  adam(theta: number, g: number, m: number, v: number, n: number, lr: number, gradScale: number,
    beta1: number, beta2: number, c1: number, c2: number, eps: number): void;
  sumSquaresSplit(g: number, starts: number, lo: number, hi: number, out: number): void;
  inferReset(d: number): void;
  inferStep(d: number, token: number, category: number): void;
  /** Threaded build only. */
  post?(control: number, op: number, d: number): number;
  join?(control: number, seq: number, seconds: number): number;
};

export type WasmRuntime = {
  readonly shared: boolean;
  /** Built with relaxed SIMD (fused multiply-add). */
  readonly fma: boolean;
  /** Running the bench's profiled build (its threads keep phase timers, Field.profile). */
  readonly profiled: boolean;
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly exports: WasmExports;
  /** Bytes handed out by alloc so far (the module's own static data excluded). */
  allocated(): number;
  /** Byte offset of `bytes` fresh zeroed bytes, 16-byte aligned. May grow the memory. */
  alloc(bytes: number): number;
  f32(offset: number, length: number): Float32Array;
  f64(offset: number, length: number): Float64Array;
  i32(offset: number, length: number): Int32Array;
  /** Run after every growth of an unshared memory, to replace views that were detached. */
  onGrow(rebind: () => void): void;
};

const PAGE = 65536;
const modules: Partial<Record<'threads' | 'single' | 'threadsFma' | 'singleFma', WebAssembly.Module>> = {};
const SOURCES = {
  threads: WASM_THREADS_BASE64, single: WASM_SINGLE_BASE64, threadsFma: WASM_THREADS_FMA_BASE64, singleFma: WASM_SINGLE_FMA_BASE64,
};

// (func (param v128 v128 v128) (result v128) local.get 0 local.get 1 local.get 2 f32x4.relaxed_madd)
const RELAXED_MADD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01, 0x7b,
  0x03, 0x02, 0x01, 0x00, 0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xfd, 0x85, 0x02, 0x0b,
]);

/**
 * True when this platform compiles relaxed SIMD (Chromium and Electron since 114; Node 20 only
 * with --experimental-wasm-relaxed-simd, which node/kernel-thread.ts can turn on). Asked each time:
 * a host may enable it after this module loaded.
 */
export function relaxedSimdSupported(): boolean {
  try {
    new WebAssembly.Module(RELAXED_MADD_PROBE);
    return true;
  } catch {
    return false;
  }
}

/** True when this platform can create shared WebAssembly memory (needs SharedArrayBuffer). */
export function sharedMemorySupported(): boolean {
  if (typeof SharedArrayBuffer === 'undefined') return false;
  try {
    new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    return true;
  } catch {
    return false;
  }
}

/** Another build of the same source (the bench's profiled one, wasm/profile.ts) and the clock it imports, in milliseconds. */
export type ProfiledBuild = { module: WebAssembly.Module; clock: () => number };

/**
 * shared: see sharedMemorySupported; fma: the relaxed-SIMD build, where the platform compiles it;
 * profiled: a profiled build instead, compiled for the same choice of memory and fma.
 */
export function createWasmRuntime(shared = sharedMemorySupported(), fma = relaxedSimdSupported(), profiled?: ProfiledBuild): WasmRuntime {
  const key = fma ? (shared ? 'threadsFma' : 'singleFma') : shared ? 'threads' : 'single';
  const module = profiled?.module ?? (modules[key] ??= new WebAssembly.Module(decodeBase64(SOURCES[key]) as Uint8Array<ArrayBuffer>));
  const memory = new WebAssembly.Memory(shared ? { initial: 1, maximum: WASM_MAX_PAGES, shared: true } : { initial: 1 });
  const env: Record<string, WebAssembly.Memory | (() => number)> = profiled ? { memory, clock: profiled.clock } : { memory };
  const exports = new WebAssembly.Instance(module, { env }).exports as unknown as WasmExports;
  const base = align(exports.heapBase());
  let top = base;
  const rebinders: (() => void)[] = [];
  return {
    shared,
    fma,
    profiled: !!profiled,
    module,
    memory,
    exports,
    allocated: () => top - base,
    alloc(bytes) {
      const offset = top;
      top = align(top + bytes);
      const pages = Math.ceil(top / PAGE) - memory.buffer.byteLength / PAGE;
      if (pages > 0) {
        if (shared && memory.buffer.byteLength / PAGE + pages > WASM_MAX_PAGES) {
          throw new Error(`the WebAssembly kernels need ${Math.ceil(top / 2 ** 20)} MiB, more than their ${WASM_MAX_PAGES / 16} MiB limit: use a smaller hidden size or batch`);
        }
        memory.grow(pages);
        if (!shared) for (const rebind of rebinders) rebind();
      } else {
        new Uint8Array(memory.buffer, offset, bytes).fill(0);
      }
      return offset;
    },
    f32: (offset, length) => new Float32Array(memory.buffer, offset, length),
    f64: (offset, length) => new Float64Array(memory.buffer, offset, length),
    i32: (offset, length) => new Int32Array(memory.buffer, offset, length),
    onGrow: (rebind) => void rebinders.push(rebind),
  };
}

function align(offset: number): number {
  return Math.ceil(offset / 16) * 16;
}
