export const MAX_PAGES: number;
export const VARIANTS: Record<'threads' | 'single' | 'threadsFma' | 'singleFma', string[]>;
export function compileVariant(name: keyof typeof VARIANTS, profile?: 0 | 1 | 2): Promise<Uint8Array<ArrayBuffer>>;
