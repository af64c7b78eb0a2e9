import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { buildDataset, datasetFromFiles, importNames, splitTrainValidation, type Dataset } from '../../core/dataset.ts';
import { splitRow } from '../../core/csv.ts';
import { concat, file, utf16, utf8 } from './dataset-helpers.ts';

const names = (text: string, fileName = 'names.txt'): string[] => importNames(file(fileName, text)).entries.map((e) => e.name);

describe('plain lists: encodings and line endings', () => {
  test('LF, CRLF, CR and mixed line endings give the same names', () => {
    expect(names('emma\nolivia\nava\n')).toEqual(['emma', 'olivia', 'ava']);
    expect(names('emma\r\nolivia\r\nava\r\n')).toEqual(['emma', 'olivia', 'ava']);
    expect(names('emma\rolivia\rava\r')).toEqual(['emma', 'olivia', 'ava']);
    expect(names('emma\r\nolivia\rava\nmia')).toEqual(['emma', 'olivia', 'ava', 'mia']);
  });

  test('line numbers count every kind of line ending, and a final line break is not a blank line', () => {
    const { entries, report } = importNames(file('mixed.txt', 'a\r\n\rb\n\r\nc\r'));
    expect(entries.map((e) => [e.name, e.line])).toEqual([['a', 1], ['b', 3], ['c', 5]]);
    expect(report.skipped).toEqual([
      { line: 2, reason: 'blank', text: '' },
      { line: 4, reason: 'blank', text: '' },
    ]);
  });

  test('UTF-8 with and without a byte-order mark', () => {
    const withBom = importNames(file('bom.txt', concat([0xef, 0xbb, 0xbf], utf8('Zoë\nJosé\n'))));
    expect(withBom.entries.map((e) => e.name)).toEqual(['Zoë', 'José']);
    expect(withBom.report.encoding).toBe('utf-8');
    expect(names('Zoë\nJosé\n')).toEqual(['Zoë', 'José']);
  });

  test.each([
    ['utf-16le', true],
    ['utf-16be', false],
  ] as const)('%s with a byte-order mark, including a character outside the BMP', (encoding, littleEndian) => {
    const { entries, report } = importNames(file('utf16.txt', utf16('Zoë\r\nمحمد\r\n李\r\n𠮷野\r\n', littleEndian)));
    expect(entries.map((e) => e.name)).toEqual(['Zoë', 'محمد', '李', '𠮷野']);
    expect(report.encoding).toBe(encoding);
    expect(report.format).toBe('lines');
  });

  test('non-Latin scripts make their own alphabet, one entry per code point', () => {
    const dataset = datasetFromFiles([file('world.txt', 'Zoë\nمحمد\n李\n𠮷\n')]);
    expect(dataset.names).toEqual(['Zoë', 'محمد', '李', '𠮷']);
    expect(dataset.vocab.alphabet).toEqual(['Z', 'o', 'ë', 'ح', 'د', 'م', '李', '𠮷']);
  });

  test('composed and decomposed spellings are one NFC name', () => {
    const composed = 'Jos\u00e9';
    const decomposed = 'Jose\u0301';
    const { entries, report } = importNames(file('jose.txt', `${decomposed}\n${composed}\n`));
    expect(entries.map((e) => e.name)).toEqual([composed]);
    expect(report.skipped).toEqual([{ line: 2, reason: 'duplicate', text: 'José (same as line 1)' }]);
  });

  test('names are trimmed but keep their case and inner spaces', () => {
    expect(names('  Emma  \n\u00a0emma\u3000\nMary Ann\n')).toEqual(['Emma', 'emma', 'Mary Ann']);
  });

  test('a first line with a comma but no name header is a plain list', () => {
    const { entries, report } = importNames(file('people.txt', 'Smith, John\nDoe, Jane\n'));
    expect(report.format).toBe('lines');
    expect(entries.map((e) => e.name)).toEqual(['Smith, John', 'Doe, Jane']);
  });
});

describe('CSV and TSV', () => {
  test('CSV by extension, with quoted fields, "" escapes and a category column', () => {
    const text = 'name,origin\n"O\'Brien, Jr",irish\n"Say ""Hi""", english \n  "Zoë"  ,\nAnna\n';
    const { entries, report } = importNames(file('people.csv', text));
    expect(report.format).toBe('csv');
    expect(entries).toEqual([
      { name: "O'Brien, Jr", category: 'irish', line: 2 },
      { name: 'Say "Hi"', category: 'english', line: 3 },
      { name: 'Zoë', category: undefined, line: 4 },
      { name: 'Anna', category: undefined, line: 5 },
    ]);
  });

  test('CSV and TSV are recognised by a name header in a .txt file', () => {
    const csv = importNames(file('a.txt', 'first_name,Gender\nEmma,F\nLiam,M\n'));
    expect(csv.report.format).toBe('csv');
    expect(csv.entries.map((e) => [e.name, e.category])).toEqual([['Emma', 'F'], ['Liam', 'M']]);
    const tsv = importNames(file('b.txt', 'Language\tFirst Name\nes\tJosé\nar\tمحمد\n'));
    expect(tsv.report.format).toBe('tsv');
    expect(tsv.entries.map((e) => [e.name, e.category])).toEqual([['José', 'es'], ['محمد', 'ar']]);
  });

  test('TSV by extension keeps commas inside names', () => {
    const { entries, report } = importNames(file('names.tsv', 'names\nSmith, John\n'));
    expect(report.format).toBe('tsv');
    expect(entries.map((e) => e.name)).toEqual(['Smith, John']);
  });

  test('a single-column CSV uses that column whatever its header', () => {
    expect(names('Vorname\nJürgen\nMia\n', 'de.csv')).toEqual(['Jürgen', 'Mia']);
  });

  test('nameColumn and categoryColumn choose the columns', () => {
    const text = 'given,family,tribe\nAiyana,Smith,Cheyenne\nKai,,Hopi\n';
    const { entries } = importNames(file('t.csv', text), { nameColumn: 'given', categoryColumn: 'TRIBE' });
    expect(entries.map((e) => [e.name, e.category])).toEqual([['Aiyana', 'Cheyenne'], ['Kai', 'Hopi']]);
    // nameColumn also makes a .txt file with that header a table
    expect(importNames(file('t.txt', text), { nameColumn: 'given' }).report.format).toBe('csv');
  });

  test('options.category gives every entry that category, over a category column', () => {
    const { entries } = importNames(file('x.csv', 'name,lang\nEmma,en\n'), { category: 'mine' });
    expect(entries).toEqual([{ name: 'Emma', category: 'mine', line: 2 }]);
  });

  test('rows without a name field are skipped as missing-field; blank rows as blank', () => {
    const { entries, report } = importNames(file('ids.csv', 'id,name\n1,Emma\n2\n\n3,\n4,  ""  \n5,Liam\n'));
    expect(entries.map((e) => e.name)).toEqual(['Emma', 'Liam']);
    expect(report.skipped.map((s) => [s.line, s.reason])).toEqual([[3, 'missing-field'], [4, 'blank'], [5, 'missing-field'], [6, 'missing-field']]);
    expect(report.skipped[0]!.text).toBe('2 (no name in this row)');
  });

  test('the same name under two categories is not a duplicate', () => {
    const { entries, report } = importNames(file('m.csv', 'name,lang\nMaria,es\nMaria,it\nMaria,es\n'));
    expect(entries.map((e) => e.category)).toEqual(['es', 'it']);
    expect(report.skipped).toEqual([{ line: 4, reason: 'duplicate', text: 'Maria (same as line 2)' }]);
  });

  test('blank lines before the header are skipped and the header is the first line with text', () => {
    const { entries, report } = importNames(file('late.csv', '\n\nname\nEmma\n'));
    expect(entries).toEqual([{ name: 'Emma', category: undefined, line: 4 }]);
    expect(report.skipped.map((s) => s.line)).toEqual([1, 2]);
  });

  test('splitRow follows RFC 4180 on one line', () => {
    expect(splitRow('a,"b,c",,"d""e"', ',')).toEqual({ ok: true, fields: ['a', 'b,c', '', 'd"e'] });
    expect(splitRow('', ',')).toEqual({ ok: true, fields: [''] });
    expect(splitRow('a,', ',')).toEqual({ ok: true, fields: ['a', ''] });
    expect(splitRow('x"y,z', ',')).toEqual({ ok: true, fields: ['x"y', 'z'] });
    expect(splitRow('a\t"b\tc"', '\t')).toEqual({ ok: true, fields: ['a', 'b\tc'] });
    expect(splitRow('a,"b', ',')).toMatchObject({ ok: false, column: 3 });
    expect(splitRow('"a"b', ',')).toMatchObject({ ok: false, column: 4 });
  });
});

describe('the report of skipped lines', () => {
  test('every skipped line has its line number, reason and text, and the counts add up', () => {
    const long = 'x'.repeat(65);
    const text = ['Emma', '', 'Emma', long, 'a\tb', '   ', 'Olivia', 'Ann\u2028a', 'Bad\uFFFD'].join('\n');
    const { entries, report } = importNames(file('mixed.txt', text));
    expect(entries.map((e) => e.name)).toEqual(['Emma', 'Olivia']);
    expect(report).toMatchObject({ fileName: 'mixed.txt', format: 'lines', encoding: 'utf-8', accepted: 2 });
    expect(report.skipped.map((s) => [s.line, s.reason])).toEqual([
      [2, 'blank'], [3, 'duplicate'], [4, 'too-long'], [5, 'invalid-character'], [6, 'blank'], [8, 'invalid-character'], [9, 'invalid-character'],
    ]);
    expect(report.skippedCounts).toEqual({ blank: 2, duplicate: 1, 'too-long': 1, 'invalid-character': 3, 'missing-field': 0 });
    expect(report.skipped[2]!.text).toBe(`${'x'.repeat(40)}… (65 characters; a name can have at most 64)`);
    expect(report.skipped[3]!.text).toBe('a\tb (a tab (U+0009) cannot be part of a name)');
  });

  test('the length limit counts code points, not UTF-16 units', () => {
    const astral64 = '𠮷'.repeat(64);
    const { entries, report } = importNames(file('long.txt', `${'a'.repeat(64)}\n${astral64}\n${'b'.repeat(65)}\n`));
    expect(entries.map((e) => e.name)).toEqual(['a'.repeat(64), astral64]);
    expect(report.skipped.map((s) => [s.line, s.reason])).toEqual([[3, 'too-long']]);
  });
});

describe('datasets', () => {
  test('one plain file is unconditioned', () => {
    const dataset = datasetFromFiles([file('names.txt', 'emma\nava\nemma\n')]);
    expect(dataset.names).toEqual(['emma', 'ava']);
    expect(dataset.vocab).toEqual({ alphabet: ['a', 'e', 'm', 'v'], categories: [] });
    expect([...dataset.categoryOf]).toEqual([-1, -1]);
    expect(dataset.reports[0]!.skippedCounts.duplicate).toBe(1);
  });

  test('several plain files are one category each, named after the file', () => {
    const dataset = datasetFromFiles([file('data/french.txt', 'Jean\nMarie\n'), file('C:\\names\\italian.txt', 'Marco\nMarie\n')]);
    expect(dataset.vocab.categories).toEqual(['french', 'italian']);
    expect(dataset.names).toEqual(['Jean', 'Marie', 'Marco', 'Marie']);
    expect([...dataset.categoryOf]).toEqual([0, 0, 1, 1]);
    expect(dataset.reports.map((r) => r.accepted)).toEqual([2, 2]);
  });

  test('several files given one category are unconditioned', () => {
    const dataset = datasetFromFiles([file('a.txt', 'Jean\n'), file('b.txt', 'Jean\nMarco\n')], { category: 'all' });
    expect(dataset.vocab.categories).toEqual([]);
    expect(dataset.names).toEqual(['Jean', 'Marco']);
    expect([...dataset.categoryOf]).toEqual([-1, -1]);
    expect(dataset.reports[1]!.skipped).toEqual([{ line: 1, reason: 'duplicate', text: 'Jean (same as a.txt, line 1)' }]);
    expect(dataset.reports[1]!.accepted).toBe(1);
  });

  test('a category column: sorted categories, and rows without one take the file name', () => {
    const dataset = datasetFromFiles([file('mixed.csv', 'name,lang\nEmma,en\nJosé,es\nZoë,\nLiam,en\n')]);
    expect(dataset.vocab.categories).toEqual(['en', 'es', 'mixed']);
    expect(dataset.names).toEqual(['Emma', 'José', 'Zoë', 'Liam']);
    expect([...dataset.categoryOf]).toEqual([0, 1, 2, 0]);
  });

  test('a category column with a single value is no condition', () => {
    const dataset = datasetFromFiles([file('en.csv', 'name,lang\nEmma,en\nLiam,en\n')]);
    expect(dataset.vocab.categories).toEqual([]);
    expect([...dataset.categoryOf]).toEqual([-1, -1]);
  });

  test('buildDataset de-duplicates across files (same name and category), keeping the first', () => {
    const a = importNames(file('a.csv', 'name,lang\nEmma,en\nMaria,es\n'));
    const b = importNames(file('b.csv', 'name,lang\nMaria,it\nEmma,en\nMaria,es\n'));
    const dataset = buildDataset([a, b]);
    expect(dataset.names).toEqual(['Emma', 'Maria', 'Maria']);
    expect(dataset.vocab.categories).toEqual(['en', 'es', 'it']);
    expect([...dataset.categoryOf]).toEqual([0, 1, 2]);
    expect(dataset.reports[1]!.skipped).toEqual([
      { line: 3, reason: 'duplicate', text: 'Emma (same as a.csv, line 2)' },
      { line: 4, reason: 'duplicate', text: 'Maria (same as a.csv, line 3)' },
    ]);
    expect(dataset.reports[1]!.accepted).toBe(1);
    expect(b.report.accepted).toBe(3); // the file's own report is not changed
  });

  test('buildDataset of plain files stays unconditioned and merges them', () => {
    const dataset = buildDataset([importNames(file('a.txt', 'Emma\n')), importNames(file('b.txt', 'Emma\nLiam\n'))]);
    expect(dataset.names).toEqual(['Emma', 'Liam']);
    expect(dataset.vocab.categories).toEqual([]);
  });

  test('the bundled names: 32033 lines, 29494 unique names, 26 letters, unconditioned', () => {
    const bytes = readFileSync(new URL('../../data/names.txt', import.meta.url));
    const dataset = datasetFromFiles([{ fileName: 'names.txt', bytes }]);
    expect(dataset.names.length).toBe(29494);
    expect(dataset.reports[0]!.skippedCounts).toEqual({ blank: 0, duplicate: 2539, 'too-long': 0, 'invalid-character': 0, 'missing-field': 0 });
    expect(dataset.reports[0]!.accepted + dataset.reports[0]!.skipped.length).toBe(32033);
    expect(dataset.vocab.alphabet.join('')).toBe('abcdefghijklmnopqrstuvwxyz');
    expect(dataset.vocab.categories).toEqual([]);
    expect(dataset.categoryOf.every((c) => c === -1)).toBe(true);
    expect(dataset.names.slice(0, 3)).toEqual(['emma', 'olivia', 'ava']);
  });
});

describe('splitTrainValidation', () => {
  const numbered = (n: number): Dataset => datasetFromFiles([file('n.txt', Array.from({ length: n }, (_, i) => `n${i}`).join('\n'))]);

  test('is deterministic for a seed, differs between seeds, and partitions the indices', () => {
    const dataset = numbered(200);
    const a = splitTrainValidation(dataset, 0.1, 42);
    expect(splitTrainValidation(dataset, 0.1, 42)).toEqual(a);
    expect(splitTrainValidation(dataset, 0.1, 43).validation).not.toEqual(a.validation);
    expect(a.validation.length).toBe(20);
    expect(a.train.length).toBe(180);
    expect([...a.train, ...a.validation].sort((x, y) => x - y)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    const validation = new Set(a.validation);
    expect(a.train.some((i) => validation.has(i))).toBe(false);
    expect(a.train).toEqual([...a.train].sort((x, y) => x - y));
  });

  test('validation gets round(fraction·n), at least 1 when n ≥ 2, never all, none for fraction 0', () => {
    const size = (n: number, fraction: number): number => splitTrainValidation(numbered(n), fraction, 1).validation.length;
    expect(size(10, 0.25)).toBe(3);
    expect(size(2, 0.1)).toBe(1);
    expect(size(10, 0.99)).toBe(9);
    expect(size(10, 0)).toBe(0);
    expect(size(1, 0.5)).toBe(0);
  });

  test('a fraction outside [0, 1) is refused', () => {
    const dataset = numbered(5);
    for (const bad of [-0.1, 1, 1.5, Number.NaN]) expect(() => splitTrainValidation(dataset, bad, 1)).toThrow(/validation fraction/);
  });

  test('a name listed under two categories never lands on both sides', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `name${i},es\nname${i},it`).join('\n');
    const dataset = datasetFromFiles([file('two.csv', `name,lang\n${rows}\n`)]);
    expect(dataset.names.length).toBe(60);
    for (let seed = 0; seed < 20; seed++) {
      const { train, validation } = splitTrainValidation(dataset, 0.2, seed);
      const trainNames = new Set(train.map((i) => dataset.names[i]));
      expect(validation.some((i) => trainNames.has(dataset.names[i]!))).toBe(false);
      expect(validation.length).toBe(12);
    }
  });
});
