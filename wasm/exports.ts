// What both builds export (core/wasm/runtime.ts WasmExports types those JavaScript calls).
// The RNN of core/rnn.ts in WebAssembly SIMD, float32, one chunk of a length-sorted batch at a time:
// prepare.ts (the weight layouts), forward.ts, backward.ts (BPTT), sums.ts (the parameter
// gradients), block.ts (the register block of every product), forward-one.ts (a batch of one name);
// chunks.ts hands the chunks and the sums to the threads.

export { heapBase } from './layout';
export { prepare } from './prepare';
export { forward } from './forward';
export { forwardOne } from './forward-one';
export { backwardThroughTime } from './backward';
export { inputSums, outerRows, outerSquares } from './sums';
export * from './chunks';
export * from './optim';
export * from './infer';
