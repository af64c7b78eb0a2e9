// Bytes → lines of text. The encoding comes from the byte-order mark (UTF-8 without one); binary
// content and invalid text are refused with the file name and the 1-based line of the problem.

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** A file that cannot be imported. The message reads "<file>, line <n>: <problem>". */
export class ImportError extends Error {
  readonly fileName: string;
  readonly line: number | undefined;
  /** The problem alone, without the file name and line. */
  readonly problem: string;
  constructor(fileName: string, line: number | undefined, message: string) {
    super(line === undefined ? `${fileName}: ${message}` : `${fileName}, line ${line}: ${message}`);
    this.name = 'ImportError';
    this.fileName = fileName;
    this.line = line;
    this.problem = message;
  }
}

export type DecodedText = { encoding: Encoding; lines: string[] };

/** Line breaks: LF, CRLF or CR, mixed freely. */
const LINE_BREAK = /\r\n|\r|\n/;
/** C0 controls except tab (CR and LF are gone once split), DEL and C1 controls. */
const CONTROL = /[\x00-\x08\x0B-\x1F\x7F-\x9F]/;

export function decodeLines(fileName: string, bytes: Uint8Array, maxBytes: number): DecodedText {
  if (bytes.length > maxBytes) {
    throw new ImportError(fileName, undefined, `too large (${formatBytes(bytes.length)}); a file of names can be at most ${formatBytes(maxBytes)}`);
  }
  let text: string;
  let encoding: Encoding;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    encoding = 'utf-16le';
    text = decodeUtf16(fileName, bytes.subarray(2), true);
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    encoding = 'utf-16be';
    text = decodeUtf16(fileName, bytes.subarray(2), false);
  } else {
    encoding = 'utf-8';
    const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    const body = hasBom ? bytes.subarray(3) : bytes;
    checkControlBytes(fileName, body); // before decoding, so that a binary file is called binary
    text = decodeUtf8(fileName, body);
  }
  const lines = text.split(LINE_BREAK);
  // A final line break ends the last line; it does not start another one.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((line, index) => {
    const match = CONTROL.exec(line);
    if (match) throw binaryContent(fileName, index + 1, match[0].charCodeAt(0));
  });
  return { encoding, lines };
}

function binaryContent(fileName: string, line: number, code: number): ImportError {
  const hint = code === 0 ? ' (a NUL byte: if this is UTF-16 text, save it with a byte-order mark, or save it as UTF-8)' : '';
  return new ImportError(fileName, line, `binary content: control character ${hex(code)}${hint}; expected a text file of names`);
}

/** In UTF-8 the bytes 0x00–0x1F and 0x7F only ever stand for themselves, so raw bytes can be checked. */
function checkControlBytes(fileName: string, bytes: Uint8Array): void {
  let line = 1;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b >= 0x20 && b !== 0x7f) continue;
    if (b === 0x0a) line++;
    else if (b === 0x0d) { if (bytes[i + 1] !== 0x0a) line++; }
    else if (b !== 0x09) throw binaryContent(fileName, line, b);
  }
}

function decodeUtf8(fileName: string, bytes: Uint8Array): string {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  try {
    return decoder.decode(bytes);
  } catch {
    // Find the line: 0x0A and 0x0D never occur inside a multi-byte sequence, so lines decode alone.
    let line = 1;
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      const b = bytes[i];
      if (i < bytes.length && b !== 0x0a && b !== 0x0d) continue;
      const lineBytes = bytes.subarray(start, i);
      try {
        decoder.decode(lineBytes);
      } catch {
        throw new ImportError(fileName, line, `invalid UTF-8 (${invalidByte(lineBytes)}); ` +
          'the file may be in Latin-1 or Windows-1252: save it as UTF-8');
      }
      if (b === 0x0d && bytes[i + 1] === 0x0a) i++;
      start = i + 1;
      line++;
    }
    throw new ImportError(fileName, undefined, 'invalid UTF-8; save the file as UTF-8');
  }
}

/** "byte 0xE9 at column 4": the first byte of a line that a lenient decoder had to replace. */
function invalidByte(lineBytes: Uint8Array): string {
  const lenient = new TextDecoder('utf-8', { ignoreBOM: true }).decode(lineBytes);
  let offset = 0;
  let column = 1;
  for (const ch of lenient) {
    const cp = ch.codePointAt(0)!;
    const genuine = cp === 0xfffd && lineBytes[offset] === 0xef && lineBytes[offset + 1] === 0xbf && lineBytes[offset + 2] === 0xbd;
    if (cp === 0xfffd && !genuine) return `byte 0x${lineBytes[offset]!.toString(16).toUpperCase().padStart(2, '0')} at column ${column}`;
    offset += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    column++;
  }
  return 'an incomplete character';
}

function decodeUtf16(fileName: string, bytes: Uint8Array, littleEndian: boolean): string {
  const label = littleEndian ? 'utf-16le' : 'utf-16be';
  const units = Math.floor(bytes.length / 2);
  if (bytes.length % 2 !== 0) {
    const line = lineOfUnit(bytes, littleEndian, units);
    throw new ImportError(fileName, line, `cut short: UTF-16 text has an even number of bytes, this file has ${bytes.length + 2}`);
  }
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < units; i++) {
      const unit = view.getUint16(2 * i, littleEndian);
      if (unit < 0xd800 || unit > 0xdfff) continue;
      const next = i + 1 < units ? view.getUint16(2 * i + 2, littleEndian) : -1;
      if (unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) { i++; continue; }
      const line = lineOfUnit(bytes, littleEndian, i);
      throw new ImportError(fileName, line, `invalid ${label.toUpperCase()} (an unpaired surrogate ${hex(unit)})`);
    }
    throw new ImportError(fileName, undefined, `invalid ${label.toUpperCase()}`);
  }
}

/** The 1-based line of the UTF-16 code unit at `index`. */
function lineOfUnit(bytes: Uint8Array, littleEndian: boolean, index: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let line = 1;
  for (let i = 0; i < index; i++) {
    const unit = view.getUint16(2 * i, littleEndian);
    if (unit === 0x0a) line++;
    else if (unit === 0x0d && !(i + 1 < index && view.getUint16(2 * i + 2, littleEndian) === 0x0a)) line++;
  }
  return line;
}

function hex(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
