// Every file that cannot be imported is refused with its name, the line and the problem.

import { describe, expect, test } from 'vitest';
import { buildDataset, datasetFromFiles, importNames, LIMITS } from '../../core/dataset.ts';
import { concat, file, importError, utf16, utf8 } from './dataset-helpers.ts';

describe('files with no names', () => {
  test.each([
    ['an empty file', ''],
    ['only blank lines', '\n  \r\n\t\n\u00a0\n'],
  ])('%s', (_, text) => {
    const error = importError(() => importNames(file('empty.txt', text)));
    expect(error.message).toMatch(/^empty\.txt: contains no names/);
    expect(error.fileName).toBe('empty.txt');
    expect(error.line).toBeUndefined();
  });

  test('a CSV with only a header', () => {
    expect(importError(() => importNames(file('h.csv', 'name,lang\n'))).message).toBe('h.csv: contains no names');
  });

  test('a file whose every name was skipped says why', () => {
    const error = importError(() => importNames(file('long.txt', `${'a'.repeat(70)}\n\n${'b'.repeat(80)}\n`)));
    expect(error.message).toBe('long.txt: contains no names (3 lines skipped: 1 blank, 2 too-long)');
  });

  test('datasetFromFiles and buildDataset of nothing', () => {
    expect(importError(() => datasetFromFiles([])).message).toMatch(/no files of names were given/);
    expect(importError(() => buildDataset([])).message).toMatch(/no files of names were given/);
  });
});

describe('binary content', () => {
  test.each([
    ['a NUL byte (LF)', 'emma\nava\nmi\u0000a\n', 3, 'U+0000'],
    ['a NUL byte (CRLF)', 'emma\r\nava\r\nmi\u0000a\r\n', 3, 'U+0000'],
    ['a NUL byte (CR)', 'emma\rava\rmi\u0000a\r', 3, 'U+0000'],
    ['a bell', 'emma\nav\u0007a\n', 2, 'U+0007'],
    ['a form feed', 'emma\f\n', 1, 'U+000C'],
    ['DEL', 'emma\nava\u007f\n', 2, 'U+007F'],
    ['a C1 control', 'emma\nava\u0085\n', 2, 'U+0085'],
  ])('%s', (_, text, line, code) => {
    const error = importError(() => importNames(file('bin.txt', text)));
    expect(error.message).toMatch(new RegExp(`^bin\\.txt, line ${line}: binary content: control character ${code.replace('+', '\\+')}`));
    expect(error.line).toBe(line);
  });

  test('a PNG header is binary content', () => {
    const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];
    expect(importError(() => importNames(file('photo.png', png))).message).toMatch(/^photo\.png, line 2: binary content: control character U\+001A/);
  });

  test('UTF-16 without a byte-order mark is binary, with a hint', () => {
    const noBom = utf16('emma\nava\n', true).subarray(2);
    const error = importError(() => importNames(file('u16.txt', noBom)));
    expect(error.message).toMatch(/^u16\.txt, line 1: binary content: control character U\+0000 \(a NUL byte: if this is UTF-16 text, save it with a byte-order mark/);
  });

  test('control characters in UTF-16 text', () => {
    expect(importError(() => importNames(file('u.txt', utf16('a\r\nb\u0001\r\n', false)))).message).toMatch(/^u\.txt, line 2: binary content/);
  });

  test('a control character in a CSV field', () => {
    expect(importError(() => importNames(file('c.csv', 'name,lang\nEmma,e\u0000n\n'))).message).toMatch(/^c\.csv, line 2: binary content/);
  });
});

describe('invalid text', () => {
  test('invalid UTF-8 names its line and byte', () => {
    const bytes = concat(utf8('Emma\r\nZoë\r\nJos'), [0xe9], utf8('\r\n'));
    const error = importError(() => importNames(file('latin1.txt', bytes)));
    expect(error.message).toBe('latin1.txt, line 3: invalid UTF-8 (byte 0xE9 at column 4); the file may be in Latin-1 or Windows-1252: save it as UTF-8');
    expect(error.line).toBe(3);
  });

  test('invalid UTF-8 after CR line endings and a BOM, and a sequence cut at the end of the file', () => {
    const afterCr = concat([0xef, 0xbb, 0xbf], utf8('a\rb\r\rc'), [0xff]);
    expect(importError(() => importNames(file('cr.txt', afterCr))).message).toMatch(/^cr\.txt, line 4: invalid UTF-8 \(byte 0xFF at column 2\)/);
    const cut = concat(utf8('a\nb\n李'), [0xe6, 0x9d]);
    expect(importError(() => importNames(file('cut.txt', cut))).message).toMatch(/^cut\.txt, line 3: invalid UTF-8 \(byte 0xE6 at column 2\)/);
  });

  test('a genuine U+FFFD before the invalid byte does not move the column', () => {
    const bytes = concat(utf8('a\n\uFFFDb'), [0xc0]);
    expect(importError(() => importNames(file('f.txt', bytes))).message).toMatch(/line 2: invalid UTF-8 \(byte 0xC0 at column 3\)/);
  });

  test('UTF-16 with an odd number of bytes, or an unpaired surrogate', () => {
    const odd = concat(utf16('emma\nava', true), [0x61]);
    expect(importError(() => importNames(file('odd.txt', odd))).message).toBe('odd.txt, line 2: cut short: UTF-16 text has an even number of bytes, this file has 19');
    const lone = utf16('emma\r\nava\r\nx\ud800y\r\n', false);
    expect(importError(() => importNames(file('lone.txt', lone))).message).toBe('lone.txt, line 3: invalid UTF-16BE (an unpaired surrogate U+D800)');
    const loneLow = utf16('\udc00', true);
    expect(importError(() => importNames(file('low.txt', loneLow))).message).toBe('low.txt, line 1: invalid UTF-16LE (an unpaired surrogate U+DC00)');
  });
});

describe('limits', () => {
  test('a file larger than maxFileBytes', () => {
    const error = importError(() => importNames({ fileName: 'big.txt', bytes: new Uint8Array(LIMITS.maxFileBytes + 1) }));
    expect(error.message).toBe('big.txt: too large (50.0 MiB); a file of names can be at most 50.0 MiB');
  });

  test('more than maxAlphabet distinct characters in a file', () => {
    const text = Array.from({ length: 600 }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('\n');
    const error = importError(() => importNames(file('cjk.txt', text)));
    expect(error.message).toBe('cjk.txt, line 513: 600 distinct characters; names use at most 512 (character 513 first appears on this line)');
  });

  test('more than maxAlphabet distinct characters across files', () => {
    const chars = (from: number): string => Array.from({ length: 300 }, (_, i) => String.fromCodePoint(from + i)).join('\n');
    const error = importError(() => datasetFromFiles([file('a.txt', chars(0x4e00)), file('b.txt', chars(0x5000))]));
    expect(error.message).toBe('b.txt, line 213: 600 distinct characters in all; names use at most 512 (character 513 first appears here)');
  });

  test('more than maxNames names', () => {
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const lines: string[] = [];
    for (let i = 0; i <= LIMITS.maxNames; i++) {
      let name = '';
      for (let n = i, k = 0; k < 5; k++, n = Math.floor(n / 26)) name += letters[n % 26];
      lines.push(name);
    }
    const error = importError(() => importNames(file('many.txt', lines.join('\n'))));
    expect(error.message).toBe('many.txt, line 1000001: more than 1000000 names; a file can have at most 1000000');
  });

  test('a category too long for a model, or too many categories', () => {
    const long = 'c'.repeat(101);
    expect(importError(() => importNames(file('l.csv', `name,lang\nEmma,en\nLiam,${long}\n`))).message)
      .toBe(`l.csv, line 3: the category "${'c'.repeat(40)}…" has 101 characters; a category can have at most 100`);
    const rows = Array.from({ length: 300 }, (_, i) => `n${i},c${i}`).join('\n');
    expect(importError(() => importNames(file('many.csv', `name,class\n${rows}\n`))).message)
      .toBe('many.csv, line 258: more than 256 categories; a model can have at most 256');
  });
});

describe('tables', () => {
  test('a header without a name column lists its columns', () => {
    const error = importError(() => importNames(file('x.csv', 'id,surname,lang\n1,Smith,en\n')));
    expect(error.message).toBe('x.csv, line 1: no name column: the header has "id", "surname", "lang"; call the column "name" or choose it with the nameColumn option');
  });

  test('a requested column that the header lacks', () => {
    expect(importError(() => importNames(file('x.csv', 'name,lang\nEmma,en\n'), { nameColumn: 'given' })).message)
      .toBe('x.csv, line 1: the header has no column "given"; its columns are "name", "lang"');
    expect(importError(() => importNames(file('x.tsv', 'name\tlang\nEmma\ten\n'), { categoryColumn: 'tribe' })).message)
      .toBe('x.tsv, line 1: the header has no column "tribe"; its columns are "name", "lang"');
  });

  test('a column option for a plain list', () => {
    expect(importError(() => importNames(file('p.txt', 'Emma\nLiam\n'), { nameColumn: 'given' })).message)
      .toBe('p.txt, line 1: no header row with a column "given": this looks like a plain list, one name a line');
  });

  test('a quoted field that spans lines, or text after a closing quote', () => {
    expect(importError(() => importNames(file('q.csv', 'name,lang\nEmma,en\n"Anna\nMaria",es\n'))).message)
      .toBe('q.csv, line 3: column 1: a quoted field is not closed on this line (a quoted field cannot span lines)');
    expect(importError(() => importNames(file('q.csv', 'name,lang\n"Ann"a,en\n'))).message)
      .toBe('q.csv, line 2: column 6: unexpected "a" after a closing quote; a quote inside a quoted field is written ""');
    expect(importError(() => importNames(file('q.csv', '"name,lang\nEmma,en\n'))).message)
      .toMatch(/^q\.csv, line 1: column 1 of the header: a quoted field is not closed/);
  });

  test('a blank or invalid category option', () => {
    expect(importError(() => importNames(file('a.txt', 'Emma\n'), { category: '  ' })).message).toBe('a.txt: the category is blank');
    expect(importError(() => importNames(file('a.txt', 'Emma\n'), { category: 'a\tb' })).message).toBe('a.txt: the category "a\\tb" contains a tab (U+0009)');
  });
});
