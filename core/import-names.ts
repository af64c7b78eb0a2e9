// One file of names → entries and a report of every line that was skipped and why.
// Formats: a plain list (one name a line), CSV or TSV with a header row. Names are trimmed and
// NFC-normalised, and keep their case.

import { splitRow, type Delimiter } from './csv.ts';
import { MODEL_LIMITS } from './model-checks.ts';
import { decodeLines, ImportError, type Encoding } from './text-file.ts';

export { ImportError } from './text-file.ts';

export const LIMITS = { maxFileBytes: 50 * 1024 * 1024, maxNameLength: 64 /* code points */, maxAlphabet: 512, maxNames: 1_000_000 } as const;

export type NamedBytes = { fileName: string; bytes: Uint8Array };
export type ImportOptions = { nameColumn?: string; categoryColumn?: string; category?: string };
/** `text` shows the line (shortened when long), with the reason's details in parentheses. */
export type Skipped = { line: number; reason: 'blank' | 'duplicate' | 'too-long' | 'invalid-character' | 'missing-field'; text: string };
export type ImportReport = {
  fileName: string;
  format: 'lines' | 'csv' | 'tsv';
  encoding: Encoding;
  accepted: number;
  /** Every skipped line, with its 1-based line number and reason, in line order. */
  skipped: Skipped[];
  skippedCounts: Record<Skipped['reason'], number>;
};
/** `line` is the 1-based line the name came from, when it came from a file. */
export type NameEntry = { name: string; category: string | undefined; line?: number };
export type ImportedFile = { entries: NameEntry[]; report: ImportReport };

const NAME_HEADER = /^(name|names|first[_ ]?name)$/i;
const CATEGORY_HEADER = /^(category|language|lang|origin|gender|sex|class|label)$/i;
/** Characters a name cannot contain (control characters are refused earlier as binary content). */
const INVALID = /[\t\u2028\u2029\uFEFF\uFFFD\p{Noncharacter_Code_Point}]/u;

type Table =
  | { format: 'lines'; firstRow: number }
  | { format: 'csv' | 'tsv'; delimiter: Delimiter; firstRow: number; nameIndex: number; categoryIndex: number };

export function importNames(file: NamedBytes, options: ImportOptions = {}): ImportedFile {
  const { fileName } = file;
  const { encoding, lines } = decodeLines(fileName, file.bytes, LIMITS.maxFileBytes);
  const table = readTable(fileName, lines, options);
  const fixedCategory = options.category === undefined ? undefined : checkCategory(fileName, undefined, options.category);
  const report: ImportReport = { fileName, format: table.format, encoding, accepted: 0, skipped: [], skippedCounts: emptyCounts() };
  const skip = (line: number, reason: Skipped['reason'], text: string): void => {
    report.skipped.push({ line, reason, text });
    report.skippedCounts[reason]++;
  };
  for (let i = 0; i < table.firstRow; i++) if (lines[i]!.trim() === '') skip(i + 1, 'blank', ''); // before the header

  const entries: NameEntry[] = [];
  const firstLines: FirstSeen<number> = new Map();
  const chars = new Set<string>();
  let alphabetFull: number | undefined; // the line that brought the first character too many
  const categories = new Set<string>();
  for (let index = table.firstRow; index < lines.length; index++) {
    const line = index + 1;
    const raw = lines[index]!;
    if (raw.trim() === '') { skip(line, 'blank', ''); continue; }
    let field: string | undefined = raw;
    let categoryField: string | undefined;
    if (table.format !== 'lines') {
      const row = splitRow(raw, table.delimiter);
      if (!row.ok) throw new ImportError(fileName, line, `column ${row.column}: ${row.problem}`);
      field = row.fields[table.nameIndex];
      categoryField = table.categoryIndex >= 0 ? row.fields[table.categoryIndex] : undefined;
    }
    const name = (field ?? '').trim().normalize('NFC');
    if (name === '') { skip(line, 'missing-field', `${shorten(raw.trim())} (no name in this row)`); continue; }
    const invalid = INVALID.exec(name);
    if (invalid) { skip(line, 'invalid-character', `${shorten(name)} (${describeChar(invalid[0])} cannot be part of a name)`); continue; }
    const length = codePointLength(name);
    if (length > LIMITS.maxNameLength) {
      skip(line, 'too-long', `${shorten(name)} (${length} characters; a name can have at most ${LIMITS.maxNameLength})`);
      continue;
    }
    const trimmedCategory = categoryField?.trim().normalize('NFC');
    const category = fixedCategory ?? (trimmedCategory ? checkCategory(fileName, line, trimmedCategory) : undefined);
    const first = firstSeen(firstLines, category, name, line);
    if (first !== undefined) { skip(line, 'duplicate', `${shorten(name)} (same as line ${first})`); continue; }
    for (const ch of name) {
      chars.add(ch);
      if (chars.size > LIMITS.maxAlphabet) alphabetFull ??= line;
    }
    if (category !== undefined && !categories.has(category)) {
      categories.add(category);
      if (categories.size > MODEL_LIMITS.maxCategories) {
        throw new ImportError(fileName, line, `more than ${MODEL_LIMITS.maxCategories} categories; a model can have at most ${MODEL_LIMITS.maxCategories}`);
      }
    }
    entries.push({ name, category, line });
    if (entries.length > LIMITS.maxNames) {
      throw new ImportError(fileName, line, `more than ${LIMITS.maxNames} names; a file can have at most ${LIMITS.maxNames}`);
    }
  }
  if (alphabetFull !== undefined) {
    throw new ImportError(fileName, alphabetFull, `${chars.size} distinct characters; names use at most ${LIMITS.maxAlphabet} ` +
      `(character ${LIMITS.maxAlphabet + 1} first appears on this line)`);
  }
  if (entries.length === 0) throw new ImportError(fileName, undefined, `contains no names${summary(report)}`);
  report.accepted = entries.length;
  return { entries, report };
}

/** First occurrences by category, then name (cheaper than a combined key per name). */
export type FirstSeen<T> = Map<string | undefined, Map<string, T>>;

/** The value stored for the first (category, name), or undefined after storing `value` for it. */
export function firstSeen<T>(seen: FirstSeen<T>, category: string | undefined, name: string, value: T): T | undefined {
  let byName = seen.get(category);
  if (byName === undefined) seen.set(category, (byName = new Map()));
  const first = byName.get(name);
  if (first === undefined) byName.set(name, value);
  return first;
}

export function emptyCounts(): Record<Skipped['reason'], number> {
  return { blank: 0, duplicate: 0, 'too-long': 0, 'invalid-character': 0, 'missing-field': 0 };
}

/** A category as a model can store it: non-empty, at most 100 characters, no tabs or separators. */
export function checkCategory(fileName: string, line: number | undefined, category: string): string {
  const value = category.trim().normalize('NFC');
  if (value === '') throw new ImportError(fileName, line, 'the category is blank');
  const invalid = INVALID.exec(value) ?? /\p{Cc}/u.exec(value);
  if (invalid) throw new ImportError(fileName, line, `the category ${JSON.stringify(shorten(value))} contains ${describeChar(invalid[0])}`);
  const length = codePointLength(value);
  if (length > MODEL_LIMITS.maxCategoryLength) {
    throw new ImportError(fileName, line, `the category ${JSON.stringify(shorten(value))} has ${length} characters; a category can have at most ${MODEL_LIMITS.maxCategoryLength}`);
  }
  return value;
}

/** "data/french.txt" → "french". */
export function fileStem(fileName: string): string {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/** At most 40 characters of a line, for a report. */
export function shorten(text: string): string {
  const chars = Array.from(text.length > 200 ? text.slice(0, 200) : text);
  return chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : text;
}

function codePointLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

function describeChar(ch: string): string {
  const code = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return ch === '\t' ? `a tab (${code})` : `the character ${code}`;
}

function summary(report: ImportReport): string {
  const parts = Object.entries(report.skippedCounts).filter(([, n]) => n > 0).map(([reason, n]) => `${n} ${reason}`);
  const total = report.skipped.length;
  return total === 0 ? '' : ` (${total} line${total === 1 ? '' : 's'} skipped: ${parts.join(', ')})`;
}

function readTable(fileName: string, lines: string[], options: ImportOptions): Table {
  let header = lines.findIndex((line) => line.trim() !== '');
  if (header < 0) header = lines.length;
  const format = detectFormat(fileName, lines[header] ?? '', options);
  if (format === 'lines') {
    const column = options.nameColumn ?? options.categoryColumn;
    if (column !== undefined) {
      throw new ImportError(fileName, header + 1, `no header row with a column "${column}": this looks like a plain list, one name a line`);
    }
    return { format, firstRow: 0 };
  }
  const delimiter: Delimiter = format === 'csv' ? ',' : '\t';
  if (header >= lines.length) return { format, delimiter, firstRow: lines.length, nameIndex: 0, categoryIndex: -1 };
  const row = splitRow(lines[header]!, delimiter);
  if (!row.ok) throw new ImportError(fileName, header + 1, `column ${row.column} of the header: ${row.problem}`);
  const names = row.fields.map((field) => field.trim());
  const present = names.map((name) => JSON.stringify(name)).join(', ');
  const find = (wanted: string): number => {
    const exact = names.indexOf(wanted);
    return exact >= 0 ? exact : names.findIndex((name) => name.toLowerCase() === wanted.toLowerCase());
  };
  let nameIndex = options.nameColumn === undefined ? names.findIndex((name) => NAME_HEADER.test(name)) : find(options.nameColumn);
  if (nameIndex < 0 && options.nameColumn !== undefined) {
    throw new ImportError(fileName, header + 1, `the header has no column "${options.nameColumn}"; its columns are ${present}`);
  }
  if (nameIndex < 0 && names.length === 1) nameIndex = 0;
  if (nameIndex < 0) {
    throw new ImportError(fileName, header + 1, `no name column: the header has ${present}; ` +
      'call the column "name" or choose it with the nameColumn option');
  }
  let categoryIndex = -1;
  if (options.categoryColumn !== undefined) {
    categoryIndex = find(options.categoryColumn);
    if (categoryIndex < 0) {
      throw new ImportError(fileName, header + 1, `the header has no column "${options.categoryColumn}"; its columns are ${present}`);
    }
  } else {
    categoryIndex = names.findIndex((name, i) => i !== nameIndex && CATEGORY_HEADER.test(name));
  }
  return { format, delimiter, firstRow: header + 1, nameIndex, categoryIndex };
}

function detectFormat(fileName: string, firstLine: string, options: ImportOptions): ImportReport['format'] {
  const extension = fileName.slice(fileName.lastIndexOf('.') + 1).toLowerCase();
  if (fileName.includes('.') && (extension === 'csv' || extension === 'tsv')) return extension;
  const isNameHeader = (field: string): boolean => {
    const name = field.trim();
    return NAME_HEADER.test(name) || (options.nameColumn !== undefined && name.toLowerCase() === options.nameColumn.toLowerCase());
  };
  for (const [delimiter, format] of [['\t', 'tsv'], [',', 'csv']] as const) {
    if (!firstLine.includes(delimiter)) continue;
    const row = splitRow(firstLine, delimiter);
    if (row.ok && row.fields.some(isNameHeader)) return format;
  }
  return 'lines';
}
