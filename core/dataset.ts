// Imported files → one dataset: unique NFC names, the alphabet they use, and their categories when
// the names are conditioned on one (a category column, or one category per file).

import { LIMITS, ImportError, checkCategory, fileStem, firstSeen, importNames, shorten, type FirstSeen } from './import-names.ts';
import type { ImportedFile, ImportOptions, ImportReport, NamedBytes } from './import-names.ts';
import { MODEL_LIMITS } from './model-checks.ts';
import { createRng, shuffle } from './rng.ts';
import { buildAlphabet, type Vocabulary } from './tokens.ts';

export { LIMITS, ImportError, importNames } from './import-names.ts';
export type { ImportedFile, ImportOptions, ImportReport, NameEntry, NamedBytes, Skipped } from './import-names.ts';

export type Dataset = {
  /** The alphabet of all accepted names; categories [] when unconditioned. */
  vocab: Vocabulary;
  /** De-duplicated, NFC. A name can appear twice only under two different categories. */
  names: string[];
  /** Per name: its category index, or −1 when unconditioned. */
  categoryOf: Int32Array;
  /** One per file, counting names that duplicate another file's as skipped duplicates. */
  reports: ImportReport[];
};

/**
 * Categories come from the entries; when some have one, entries without one take their file's name
 * ("french.txt" → "french"). A single category is no condition at all, so it is dropped.
 */
export function buildDataset(files: ImportedFile[]): Dataset {
  return assemble(files, files.some((file) => file.entries.some((entry) => entry.category !== undefined)));
}

/** Import each file, then build; several files without a category column are one category each. */
export function datasetFromFiles(files: NamedBytes[], options: ImportOptions = {}): Dataset {
  const imported = files.map((file) => importNames(file, options));
  return assemble(imported, files.length > 1 || imported.some((file) => file.entries.some((entry) => entry.category !== undefined)));
}

function assemble(files: ImportedFile[], byCategory: boolean): Dataset {
  if (files.length === 0) throw new ImportError('(no files)', undefined, 'no files of names were given');
  const names: string[] = [];
  const categoryNames: (string | undefined)[] = [];
  const reports = files.map((file) => ({ ...file.report, skipped: [...file.report.skipped], skippedCounts: { ...file.report.skippedCounts } }));
  const firstIndex: FirstSeen<number> = new Map(); // (category, name) → index into names
  const fileOf: number[] = [];
  const lineOf: (number | undefined)[] = [];
  const chars = new Set<string>();
  const categories = new Set<string>();
  files.forEach((file, f) => {
    const { fileName } = file.report;
    const report = reports[f]!;
    const fallback = byCategory ? checkCategory(fileName, undefined, fileStem(fileName) || fileName) : undefined;
    let duplicates = false;
    for (const entry of file.entries) {
      const category = byCategory ? entry.category ?? fallback : undefined;
      const first = firstSeen(firstIndex, category, entry.name, names.length);
      if (first !== undefined) {
        const where = `${files[fileOf[first]!]!.report.fileName}${lineOf[first] === undefined ? '' : `, line ${lineOf[first]}`}`;
        report.skipped.push({ line: entry.line ?? 0, reason: 'duplicate', text: `${shorten(entry.name)} (same as ${where})` });
        report.skippedCounts.duplicate++;
        report.accepted--;
        duplicates = true;
        continue;
      }
      names.push(entry.name);
      fileOf.push(f);
      lineOf.push(entry.line);
      categoryNames.push(category);
      if (names.length > LIMITS.maxNames) {
        throw new ImportError(fileName, entry.line, `more than ${LIMITS.maxNames} names in all; a dataset can have at most ${LIMITS.maxNames}`);
      }
      for (const ch of entry.name) chars.add(ch);
      if (chars.size > LIMITS.maxAlphabet) {
        const total = buildAlphabet(files.flatMap((file) => file.entries.map((e) => e.name))).length;
        throw new ImportError(fileName, entry.line, `${total} distinct characters in all; names use at most ${LIMITS.maxAlphabet} ` +
          `(character ${LIMITS.maxAlphabet + 1} first appears here)`);
      }
      if (category !== undefined) categories.add(category);
    }
    if (duplicates) report.skipped.sort((x, y) => x.line - y.line);
  });
  if (names.length === 0) throw new ImportError(files[0]!.report.fileName, undefined, 'contains no names');

  const sorted = categories.size >= 2 ? [...categories].sort() : []; // one category is no condition
  if (sorted.length > MODEL_LIMITS.maxCategories) {
    throw new ImportError(files[files.length - 1]!.report.fileName, undefined,
      `${sorted.length} categories in all; a model can have at most ${MODEL_LIMITS.maxCategories}`);
  }
  const indexOf = new Map(sorted.map((name, i) => [name, i]));
  const categoryOf = Int32Array.from(categoryNames, (name) => (name === undefined ? -1 : indexOf.get(name) ?? -1));
  return { vocab: { alphabet: buildAlphabet(names), categories: sorted }, names, categoryOf, reports };
}

/**
 * Indices into dataset.names for training and validation, the same for the same seed. Validation
 * gets round(fraction·n) names, at least 1 when n ≥ 2 and never all; fraction 0 means none. Indices
 * are grouped by name, so a name listed under two categories never lands on both sides (then the
 * count can differ slightly). Both lists are in ascending order.
 */
export function splitTrainValidation(dataset: Dataset, fraction: number, seed: number): { train: number[]; validation: number[] } {
  if (!(fraction >= 0 && fraction < 1)) {
    throw new RangeError(`the validation fraction must be at least 0 and below 1, got ${fraction}`);
  }
  const n = dataset.names.length;
  const groups = new Map<string, number[]>();
  dataset.names.forEach((name, i) => {
    const group = groups.get(name);
    if (group) group.push(i);
    else groups.set(name, [i]);
  });
  let target = Math.round(fraction * n);
  if (fraction > 0 && n >= 2) target = Math.min(Math.max(target, 1), n - 1);
  const train: number[] = [];
  const validation: number[] = [];
  for (const group of shuffle([...groups.values()], createRng(seed))) {
    const fits = validation.length < target && validation.length + group.length < n;
    (fits ? validation : train).push(...group);
  }
  const ascending = (x: number, y: number): number => x - y;
  return { train: train.sort(ascending), validation: validation.sort(ascending) };
}
