// Building the bytes of test files: UTF-8, UTF-16 with a byte-order mark, and catching ImportErrors.

import { ImportError, type NamedBytes } from '../../core/dataset.ts';
import { thrownBy } from '../helpers/thrown.ts';

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function file(fileName: string, content: string | Uint8Array | number[]): NamedBytes {
  const bytes = typeof content === 'string' ? utf8(content) : Uint8Array.from(content);
  return { fileName, bytes };
}

/** UTF-16 bytes with a byte-order mark. */
export function utf16(text: string, littleEndian: boolean): Uint8Array {
  const bytes = new Uint8Array(2 + text.length * 2);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, 0xfeff, littleEndian);
  for (let i = 0; i < text.length; i++) view.setUint16(2 + 2 * i, text.charCodeAt(i), littleEndian);
  return bytes;
}

export function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** The ImportError that `run` throws; fails the test when it throws nothing or something else. */
export const importError = (run: () => unknown): ImportError => thrownBy(ImportError, run);
