// The single-threaded build (unshared memory, for platforms without SharedArrayBuffer).
export * from './rnn';
export * from './chunks';
export * from './optim';
export * from './infer';
