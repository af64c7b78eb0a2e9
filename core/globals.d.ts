// The one platform API core/ uses: WHATWG TextDecoder, present in Node, browsers, Web Workers and
// Electron's utility process alike. Declared here because core/ compiles with neither DOM nor Node
// types (tsconfig.core.json), which keeps every other platform API out by construction.
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array): string;
}
