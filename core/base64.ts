// Base64 (RFC 4648, standard alphabet, padded), both ways, in plain TypeScript: core/ has neither
// Buffer nor atob. Decoding is strict: the length must be a multiple of 4, "=" may only pad the
// end, and the padding bits must be zero, so every byte string has exactly one encoding.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const CODES = Uint8Array.from(ALPHABET, (ch) => ch.charCodeAt(0));
const VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) VALUES[CODES[i]!] = i;
const PAD = 0x3d; // '='

/** A malformed base64 string; `position` is the 0-based character where it went wrong, if one. */
export class Base64Error extends Error {
  readonly position: number | undefined;
  constructor(message: string, position?: number) {
    super(message);
    this.name = 'Base64Error';
    this.position = position;
  }
}

/** Characters needed to encode `byteLength` bytes. */
export function base64Length(byteLength: number): number {
  return Math.ceil(byteLength / 3) * 4;
}

export function encodeBase64(bytes: Uint8Array): string {
  const out = new Uint8Array(base64Length(bytes.length));
  const whole = bytes.length - (bytes.length % 3);
  let o = 0;
  for (let i = 0; i < whole; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = CODES[v >>> 18]!;
    out[o++] = CODES[(v >>> 12) & 63]!;
    out[o++] = CODES[(v >>> 6) & 63]!;
    out[o++] = CODES[v & 63]!;
  }
  const rest = bytes.length - whole;
  if (rest > 0) {
    const v = (bytes[whole]! << 16) | (rest === 2 ? bytes[whole + 1]! << 8 : 0);
    out[o++] = CODES[v >>> 18]!;
    out[o++] = CODES[(v >>> 12) & 63]!;
    out[o++] = rest === 2 ? CODES[(v >>> 6) & 63]! : PAD;
    out[o++] = PAD;
  }
  return new TextDecoder().decode(out); // ASCII is valid UTF-8
}

/** The number of bytes `text` decodes to, from its length and padding alone (nothing is decoded). */
export function decodedLength(text: string): number {
  if (text.length % 4 !== 0) {
    throw new Base64Error(`its length ${text.length} is not a multiple of 4, so it is not padded base64 (was it cut short?)`);
  }
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return (text.length / 4) * 3 - padding;
}

export function decodeBase64(text: string): Uint8Array {
  const out = new Uint8Array(decodedLength(text));
  decodeBase64Into(text, out);
  return out;
}

/** Decode into `out`, whose length must be `decodedLength(text)`. */
export function decodeBase64Into(text: string, out: Uint8Array): void {
  const expected = decodedLength(text);
  if (out.length !== expected) throw new Base64Error(`decodes to ${expected} bytes, not ${out.length}`);
  const n = text.length;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const whole = padding === 0 ? n : n - 4;
  const value = (i: number): number => {
    const code = text.charCodeAt(i);
    const v = code < 128 ? VALUES[code]! : -1;
    if (v >= 0) return v;
    if (code === PAD) throw new Base64Error(`"=" at position ${i} is padding, which may only end the text`, i);
    throw new Base64Error(`invalid base64 character ${JSON.stringify(text[i])} (U+${code.toString(16).toUpperCase().padStart(4, '0')}) at position ${i}`, i);
  };
  let o = 0;
  for (let i = 0; i < whole; i += 4) {
    const v = (value(i) << 18) | (value(i + 1) << 12) | (value(i + 2) << 6) | value(i + 3);
    out[o++] = v >>> 16;
    out[o++] = (v >>> 8) & 255;
    out[o++] = v & 255;
  }
  if (padding === 0) return;
  const i = n - 4;
  const v = (value(i) << 18) | (value(i + 1) << 12) | (padding === 1 ? value(i + 2) << 6 : 0);
  const spare = padding === 1 ? v & 0xff : v & 0xffff;
  if (spare !== 0) {
    const at = n - padding - 1;
    throw new Base64Error(`the character ${JSON.stringify(text[at])} at position ${at} has bits set that the padding discards (not canonical base64)`, at);
  }
  out[o++] = v >>> 16;
  if (padding === 1) out[o++] = (v >>> 8) & 255;
}
