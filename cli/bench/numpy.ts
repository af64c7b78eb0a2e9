// The NumPy reference (numpy_rnn.py), run only where python3 with numpy is installed: every
// workload with BLAS on one thread, and H=384 (the only one whose products are large enough for
// BLAS to split) on two as well, each workload's best kept with its thread count.

import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Workload } from './workloads.ts';

const SCRIPT = fileURLToPath(new URL('./numpy_rnn.py', import.meta.url));

export type NumpyRates = Record<Workload['label'], { tokensPerSecond: number; threads: 1 | 2 }>;

export function numpyAvailable(): boolean {
  return spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
}

/** Tokens per second of each workload in NumPy, `seconds` a run, on its best BLAS thread count; null without python3 + numpy. */
export function numpyTokensPerSecond(namesFile: string, seconds: number): NumpyRates | null {
  if (!numpyAvailable()) return null;
  const one = runScript(namesFile, seconds, 1, []);
  const two = runScript(namesFile, seconds, 2, ['H384']);
  const best = {} as NumpyRates;
  for (const [label, rate] of Object.entries(one) as [Workload['label'], number][]) {
    const other = two[label];
    best[label] = other !== undefined && other > rate ? { tokensPerSecond: other, threads: 2 } : { tokensPerSecond: rate, threads: 1 };
  }
  return best;
}

function runScript(namesFile: string, seconds: number, threads: number, workloads: string[]): Partial<Record<Workload['label'], number>> {
  const env = { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) };
  const out = execFileSync('python3', [SCRIPT, namesFile, String(seconds), ...workloads], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').pop()!) as Partial<Record<Workload['label'], number>>;
}
