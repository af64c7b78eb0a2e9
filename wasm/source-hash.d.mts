export function wasmSourceHash(): string;
