// The fastest kernels this Node process can run: WebAssembly SIMD with a helper thread when there
// are two cores and SharedArrayBuffer, else on one thread, else the TypeScript reference. Used by
// the CLI and Electron's training utility process (both Node); the browser worker picks its own.

import { availableParallelism } from 'node:os';
import { typescriptKernels, type RnnKernels } from '../core/kernels.ts';
import { createParallelWasmKernels, createWasmKernels } from '../core/wasm-kernels.ts';
import { enableRelaxedSimd, spawnNodeKernelThread } from './kernel-thread.ts';

export type KernelChoice = 'auto' | 'typescript' | 'wasm' | 'wasm-threads';
export const KERNEL_CHOICES: readonly KernelChoice[] = ['auto', 'typescript', 'wasm', 'wasm-threads'];

export async function createFastKernels(choice: KernelChoice = 'auto', warn: (message: string) => void = () => {}): Promise<RnnKernels> {
  if (choice === 'typescript') return typescriptKernels;
  enableRelaxedSimd(); // fused multiply-add where V8 has it (built in under Electron, a flag in Node 20)
  const threads = choice === 'wasm-threads' || (choice === 'auto' && availableParallelism() >= 2 && typeof SharedArrayBuffer === 'function');
  try {
    return threads ? await createParallelWasmKernels(spawnNodeKernelThread) : createWasmKernels();
  } catch (error) {
    if (choice !== 'auto') throw error;
    warn(`WebAssembly kernels unavailable (${(error as Error).message}); using the TypeScript reference`);
    return typescriptKernels;
  }
}
