// `namesake bench --library`: the desktop app's model library (electron/library.ts, on conf, the
// base class of the electron-store it uses in the app) with 100 checkpoints of H=512 (9.6 MB
// each), in a temporary directory. Every figure is one call on the main thread, in milliseconds,
// next to a baseline measured in the same run: reading and parsing every model file once, which
// is what listing cost before the index kept the summaries (it read each file three times).

import Conf from 'conf';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { serializeCheckpoint } from '../../core/checkpoint.ts';
import { datasetFromFiles } from '../../core/dataset.ts';
import { validateSettings } from '../../core/settings.ts';
import { createTrainer } from '../../core/trainer.ts';
import { createLibrary } from '../../electron/library.ts';
import type { OpenStore } from '../../electron/store-file.ts';
import { BUNDLED_NAMES, readNamesFile } from '../io.ts';
import { median } from './median.ts';

export type LibraryFigures = {
  models: number;
  hiddenSize: number;
  modelMegabytes: number;
  /** Median milliseconds of each call with the library full. */
  ms: { list: number; listAfterRestart: number; save: number; rename: number; remove: number; load: number; autosave: number };
  /** Milliseconds to read and parse every model file once: the listing before the index kept summaries. */
  readEveryModelMs: number;
  slowestSaveWhileFillingMs: number;
};

/** The longest a call may hold up the main thread. */
const BUDGET_MS = 50;

const openConf: OpenStore = ({ cwd, name, schema, clearInvalidConfig }) => new Conf({ cwd, configName: name, schema, clearInvalidConfig });

export function measureLibrary({ models = 100, hiddenSize = 512, log }: { models?: number; hiddenSize?: number; log: (line: string) => void }): LibraryFigures {
  const checkpoint = checkpointOf(hiddenSize);
  const dir = mkdtempSync(path.join(tmpdir(), 'namesake-bench-library-'));
  try {
    const library = createLibrary({ dir, open: openConf });
    const fill = Array.from({ length: models }, (_, i) => timed(() => library.save(`model ${i + 1}`, checkpoint)));
    const ids = fill.map((f) => f.value.id);
    const medianMs = (fn: (i: number) => unknown, runs = 5) => median(Array.from({ length: runs }, (_, i) => timed(() => fn(i)).ms));

    const list = medianMs(() => library.list());
    const listAfterRestart = medianMs(() => createLibrary({ dir, open: openConf }).list(), 3);
    const load = medianMs((i) => library.modelText(ids[i]!), 3);
    const rename = medianMs((i) => library.rename(ids[i]!, `renamed ${i + 1}`), 3);
    const extra: string[] = [];
    const save = medianMs(() => extra.push(library.save('one more', checkpoint).id), 3);
    const remove = medianMs((i) => library.remove(extra[i]!), 3);
    const autosave = medianMs(() => library.writeRecovery(checkpoint), 3);
    const modelsDir = path.join(dir, 'models');
    const readEveryModelMs = timed(() => readdirSync(modelsDir).forEach((file) => JSON.parse(readFileSync(path.join(modelsDir, file), 'utf8')))).ms;

    const figures: LibraryFigures = {
      models, hiddenSize, modelMegabytes: checkpoint.length / 1e6,
      ms: { list, listAfterRestart, save, rename, remove, load, autosave },
      readEveryModelMs, slowestSaveWhileFillingMs: Math.max(...fill.map((f) => f.ms)),
    };
    const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
    log(`Library: ${models} checkpoints of H=${hiddenSize} (${figures.modelMegabytes.toFixed(1)} MB each), one call on the main thread (median):`);
    log(`  list ${ms(list)} (after a restart ${ms(listAfterRestart)}); reading every model file once, as listing did before, ${ms(readEveryModelMs)}: ${(readEveryModelMs / list).toFixed(0)}× the list`);
    log(`  save ${ms(save)} (slowest of the ${models} that filled it ${ms(figures.slowestSaveWhileFillingMs)}), rename ${ms(rename)}, delete ${ms(remove)}, load ${ms(load)}, autosave ${ms(autosave)}`);
    const over = Object.entries(figures.ms).filter(([, value]) => value > BUDGET_MS).map(([name]) => name);
    log(`  over the ${BUDGET_MS} ms budget: ${over.length === 0 ? 'none' : `${over.join(', ')} (each parses, serializes or writes one ${figures.modelMegabytes.toFixed(1)} MB model, whatever the library's size)`}`);
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A checkpoint of the bundled names after one training step: the size the app saves at this H. */
function checkpointOf(hiddenSize: number): string {
  const dataset = datasetFromFiles([readNamesFile(BUNDLED_NAMES)]);
  const trainer = createTrainer(dataset, validateSettings({ hiddenSize, batchSize: 4, stop: { steps: 1 } }));
  trainer.step();
  return serializeCheckpoint(trainer, dataset);
}

function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}

