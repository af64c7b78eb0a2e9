// Reading a descriptor (core/wasm/abi.ts, the interface both sides import): a field as an i32, or
// as a byte offset into linear memory.

export { CHUNK_ROWS, DESCRIPTOR_BYTES, Field, UNIT_ROWS, Work } from '../core/wasm/abi';

@inline export function field(d: usize, f: i32): i32 {
  return load<i32>(d + (<usize>f << 2));
}

@inline export function ptr(d: usize, f: i32): usize {
  return <usize>load<i32>(d + (<usize>f << 2));
}
