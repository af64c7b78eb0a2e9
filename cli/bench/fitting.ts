// The bench's "small lists" section: default training on each list of data/lists/ (the real
// default: fastest kernels, at most a minute), scored on its test file; copies among 500 names
// sampled from the 500-name list; the share of training time spent evaluating at batch 1, 32 and
// 256; and batch-1 training through the CLI against the batch-1 kernels (W0) of the same run.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { datasetFromFiles } from '../../core/dataset.ts';
import { DEFAULT_SETTINGS, validateSettings, type StopCondition } from '../../core/settings.ts';
import { createTrainer, type Trainer } from '../../core/trainer.ts';
import { createWasmKernels } from '../../core/wasm-kernels.ts';
import { createFastKernels } from '../../node/kernels.ts';
import { enableRelaxedSimd } from '../../node/kernel-thread.ts';
import { BUNDLED_NAMES, readNamesFile } from '../io.ts';
import { median } from './median.ts';
import { tokensPerSecond, WORKLOADS } from './workloads.ts';
import { copyRate, describeRun, loadList, meanAndSpread, SMALL_LISTS, trainOnList, type ListRun, type Loaded } from './small-lists.ts';

const SEEDS = [1, 2, 3];
const root = fileURLToPath(new URL('../..', import.meta.url));

export async function benchSmallLists(log: (line: string) => void) {
  log(`Small lists (data/lists/, default settings, at most ${DEFAULT_SETTINGS.stop.seconds} s, seeds ${SEEDS.join(', ')}; test NLL of names no trainer saw):`);
  const lists: { list: string; runs: ListRun[]; copies: number | null }[] = [];
  for (const list of SMALL_LISTS) {
    let copies: number | null = null;
    const { runs } = await trainSeeds(list, loadList(list), DEFAULT_SETTINGS.stop, SEEDS, (trainer, seed) => {
      if (list === 'us-500' && seed === SEEDS[0]) copies = copyRate(trainer);
    });
    const nll = meanAndSpread(runs.map((r) => r.testNll));
    const seconds = meanAndSpread(runs.map((r) => r.seconds));
    const stops = [...new Set(runs.map((r) => r.stop))].join('/');
    log(`  ${list.padEnd(21)} H=${runs[0]!.hiddenSize}, lr ${runs[0]!.learningRate.toFixed(4)}: test ${nll.mean.toFixed(3)} ± ${nll.sd.toFixed(3)} nats/char, ended (${stops}) after ` +
      `${seconds.mean.toFixed(2)} s, ${meanAndSpread(runs.map((r) => r.epochs)).mean.toFixed(1)} epochs` +
      (copies === null ? '' : `; ${(copies * 100).toFixed(1)}% of 500 names sampled at T=1 copy a training name`));
    lists.push({ list, runs, copies });
  }
  const shares = evaluationShares();
  log(`  time spent evaluating (default H, wasm ×1, bundled names): ${shares.map((s) => `batch ${s.batchSize} ${(s.share * 100).toFixed(1)}%`).join(', ')}`);
  const batchOne = cliAgainstKernels();
  log(`  batch 1 through the CLI (W0 settings, wasm ×1, evaluating as by default) against the W0 kernels, in turns: ` +
    batchOne.map((p) => `${Math.round(p.cli).toLocaleString('en-US')} / ${Math.round(p.kernels).toLocaleString('en-US')}`).join(', ') +
    ` tokens/s, median ${(median(batchOne.map((p) => p.cli / p.kernels)) * 100).toFixed(0)}%`);
  return { lists, evaluationShares: shares, batchOne };
}

/**
 * Default training until it stops (at most `stop`) on the fastest kernels, once per seed, each run
 * scored on the test names; `inspect` sees each trainer before its kernels are let go.
 */
export async function trainSeeds(list: ListRun['list'], loaded: Loaded, stop: StopCondition, seeds: number[],
  inspect: (trainer: Trainer, seed: number) => void = () => {}): Promise<{ runs: ListRun[]; kernels: string }> {
  const runs: ListRun[] = [];
  let name = '';
  for (const seed of seeds) {
    const kernels = await createFastKernels();
    name = kernels.name;
    const trainer = trainOnList(loaded, { stop }, seed, kernels);
    runs.push(describeRun(list, loaded, trainer, kernels));
    inspect(trainer, seed);
    kernels.dispose?.();
  }
  return { runs, kernels: name };
}

/** Training time inside evaluations, from timing each step with and without one. */
function evaluationShares(): { batchSize: number; share: number }[] {
  const dataset = datasetFromFiles([readNamesFile(BUNDLED_NAMES)]);
  return [1, 32, 256].map((batchSize) => {
    const trainer = createTrainer(dataset, validateSettings({ ...DEFAULT_SETTINGS, hiddenSize: batchSize === 1 ? 100 : DEFAULT_SETTINGS.hiddenSize,
      batchSize, patience: 0, stop: { steps: 1e12 } }), { kernels: createWasmKernels(), now: () => performance.now() });
    // train through an evaluation; time the steps that evaluated apart from those that did not
    let evaluating = 0;
    let training = 0;
    let plain = 0;
    while (trainer.history().length < 1) {
      const seen = trainer.history().length;
      const start = performance.now();
      trainer.step();
      const took = performance.now() - start;
      if (trainer.history().length > seen) evaluating += took;
      else {
        training += took;
        plain++;
      }
    }
    const evaluations = trainer.history().length;
    const evalTime = evaluating - (evaluations * training) / plain;
    return { batchSize, share: evalTime / (training + evaluating) };
  });
}

const TURNS = 3;

/** The CLI's batch-1 training and the W0 kernels' loop (wasm ×1), taking turns so both see the same machine. */
function cliAgainstKernels(): { cli: number; kernels: number }[] {
  enableRelaxedSimd(); // as the CLI's kernels have it
  const dataset = datasetFromFiles([readNamesFile(BUNDLED_NAMES)]);
  const w0 = WORKLOADS.find((w) => w.label === 'W0')!;
  return Array.from({ length: TURNS }, () => ({ kernels: tokensPerSecond(dataset, w0, createWasmKernels(), 4), cli: cliBatchOneRate() }));
}

/** Tokens/s of `namesake train` at batch 1 (H=100, SGD), as the user runs it. */
function cliBatchOneRate(): number {
  const dir = mkdtempSync(join(tmpdir(), 'namesake-bench-'));
  try {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'cli/namesake.ts', 'train', '--hidden', '100', '--optimizer', 'sgd',
      '--lr', '0.05', '--batch', '1', '--kernels', 'wasm', '--seconds', '8', '--patience', '0', '--json', '--out', join(dir, 'w0.json')], { cwd: root, encoding: 'utf8' });
    const done = JSON.parse(out.trim().split('\n').at(-1)!) as { tokensPerSecond: number };
    return done.tokensPerSecond;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
