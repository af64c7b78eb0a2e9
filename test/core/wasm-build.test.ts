// core/wasm/binary.generated.ts is built from wasm/*.ts on `npm install` (package.json "prepare")
// and not committed; this fails when it is older than its sources.

import { describe, expect, it } from 'vitest';
import { WASM_SOURCE_HASH } from '../../core/wasm/binary.generated.ts';
import { wasmSourceHash } from '../../wasm/source-hash.mjs';

describe('the WebAssembly build', () => {
  it('is up to date with wasm/*.ts (otherwise run `npm run build:wasm`)', () => {
    expect(WASM_SOURCE_HASH, 'core/wasm/binary.generated.ts is stale: run `npm run build:wasm`').toBe(wasmSourceHash());
  });
});
