// The padded sizes the kernels use (the rest of the interface is core/wasm/abi.ts).

/** H and A rounded up to 8: two f32x4 vectors per register block. */
export const padTo8 = (n: number): number => Math.ceil(n / 8) * 8;
