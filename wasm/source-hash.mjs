// A hash of everything the WebAssembly build depends on (the AssemblyScript sources, the build
// scripts and core/wasm/abi.ts), stored in the generated module so a test can tell when it is stale.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

const dir = new URL('./', import.meta.url);

export function wasmSourceHash() {
  const hash = createHash('sha256');
  // wasm/*.ts, the build script, and the interface they share with core (core/wasm/abi.ts)
  const files = [...readdirSync(dir).filter((f) => f.endsWith('.ts') || f === 'build.mjs' || f === 'variants.mjs').sort(), '../core/wasm/abi.ts'];
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(new URL(file, dir))).update('\0');
  return hash.digest('hex').slice(0, 16);
}
