// What the window shows of a dataset after loading it.

import type { Dataset, ImportReport } from './dataset.ts';
import { codePoints } from './tokens.ts';

export type DatasetSummary = {
  files: string[];
  names: number;
  alphabet: string[];
  categories: string[];
  /** Names per category, in the order of `categories`. */
  namesPerCategory: number[];
  /** lengthHistogram[n] = how many names have n characters. */
  lengthHistogram: number[];
  reports: ImportReport[];
  /** A few names from the start of the data, to see that it was read right. */
  examples: string[];
};

export function summarizeDataset(dataset: Dataset): DatasetSummary {
  const lengthHistogram: number[] = [];
  for (const name of dataset.names) {
    const n = codePoints(name).length;
    while (lengthHistogram.length <= n) lengthHistogram.push(0);
    lengthHistogram[n]!++;
  }
  const namesPerCategory = dataset.vocab.categories.map(() => 0);
  for (const k of dataset.categoryOf) if (k >= 0) namesPerCategory[k]!++;
  return {
    files: dataset.reports.map((r) => r.fileName),
    names: dataset.names.length,
    alphabet: dataset.vocab.alphabet,
    categories: dataset.vocab.categories,
    namesPerCategory,
    lengthHistogram,
    reports: dataset.reports,
    examples: dataset.names.slice(0, 12),
  };
}
