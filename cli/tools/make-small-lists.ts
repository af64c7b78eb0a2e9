// The small lists that training defaults are measured on (data/lists/): two random subsets of the
// bundled US names and three lists typed from general knowledge (data/lists/typed/), each split
// into a training file and a test file of 15% that no trainer ever reads. The same seed always
// writes the same files. Run: npx tsx cli/tools/make-small-lists.ts

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRng, shuffle } from '../../core/rng.ts';

export const SMALL_LISTS = ['us-500', 'us-2000', 'russian-surnames', 'japanese-given-names', 'italian-surnames'] as const;
export type SmallList = (typeof SMALL_LISTS)[number];

const TEST_SHARE = 0.15;
const SEED = 20261202;
const dataDir = (path: string): string => fileURLToPath(new URL(`../../data/${path}`, import.meta.url));

/** The file the trainer may read and the file kept apart for measuring. */
export function smallListFiles(list: SmallList): { train: string; test: string } {
  return { train: dataDir(`lists/${list}.train.txt`), test: dataDir(`lists/${list}.test.txt`) };
}

function uniqueLines(path: string): string[] {
  return [...new Set(readFileSync(path, 'utf8').split('\n').map((line) => line.trim().normalize('NFC')).filter(Boolean))];
}

function sources(): Record<SmallList, string[]> {
  const us = shuffle(uniqueLines(dataDir('names.txt')), createRng(SEED));
  return {
    'us-500': us.slice(0, 500),
    'us-2000': us.slice(500, 2500),
    'russian-surnames': uniqueLines(dataDir('lists/typed/russian-surnames.txt')),
    'japanese-given-names': uniqueLines(dataDir('lists/typed/japanese-given-names.txt')),
    'italian-surnames': uniqueLines(dataDir('lists/typed/italian-surnames.txt')),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [list, names] of Object.entries(sources()) as [SmallList, string[]][]) {
    const order = shuffle(names.slice(), createRng(SEED + 1));
    const testCount = Math.round(TEST_SHARE * order.length);
    const files = smallListFiles(list);
    writeFileSync(files.test, `${order.slice(0, testCount).join('\n')}\n`);
    writeFileSync(files.train, `${order.slice(testCount).join('\n')}\n`);
    console.log(`${list}: ${order.length - testCount} to train on, ${testCount} to test`);
  }
}
