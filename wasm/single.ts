// The single-threaded build (unshared memory, for platforms without SharedArrayBuffer).
export * from './exports';
