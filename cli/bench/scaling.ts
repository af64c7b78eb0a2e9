// How the WebAssembly kernels' training cost grows: with the hidden size H (64 … 512, batch 32,
// one thread), with the batch size (8, 32, 128 at H=128, one thread) and with the thread count (1, 2
// at H=128, and 2 at H=384, the app's default size, batch 32), each point a short real training run (forward, BPTT, clipping, Adam) on the
// bundled names; and the memory each uses. Returns rows for the README's table and `namesake bench`.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { datasetFromFiles, type Dataset } from '../../core/dataset.ts';
import type { KernelWorkspace } from '../../core/kernels.ts';
import { paramCount, type Params } from '../../core/params.ts';
import { vocabSizes } from '../../core/tokens.ts';
import { createParallelWasmKernels, createWasmKernels, type WasmKernels } from '../../core/wasm-kernels.ts';
import { enableRelaxedSimd, spawnNodeKernelThread } from '../../node/kernel-thread.ts';
import { tokensPerSecond } from './workloads.ts';

export type ScalingRow = {
  /** Which sweep the row belongs to (the baseline H=128, batch 32, 1 thread appears in each). */
  varies: 'hidden size' | 'batch size' | 'threads';
  hiddenSize: number;
  batchSize: number;
  threads: 1 | 2;
  tokensPerSecond: number;
  /** Microseconds per token, and relative to H=128, batch 32, 1 thread measured in the same run. */
  microsecondsPerToken: number;
  relativeCost: number;
  /** Bytes: float32 parameters, float32 gradients, Adam's two float32 moments, and the workspace
   *  (activations sized for the trainer's largest batch, 256 rows for evaluation, plus the layouts
   *  the products read, one copy per thread). */
  memory: { params: number; grads: number; optimizer: number; workspace: number; total: number };
  /** Resident set size of the whole process after the run. */
  rssBytes: number;
};

export type ScalingOptions = {
  /** Seconds of training per point after a short warm-up (default 1.5; 9 points). */
  seconds?: number;
  log?: (line: string) => void;
};

const NAMES_FILE = fileURLToPath(new URL('../../data/names.txt', import.meta.url));

export async function measureScaling(options: ScalingOptions = {}): Promise<ScalingRow[]> {
  const seconds = options.seconds ?? 1.5;
  const log = options.log ?? ((line: string) => void process.stdout.write(`${line}\n`));
  enableRelaxedSimd();
  const dataset = datasetFromFiles([{ fileName: 'names.txt', bytes: readFileSync(NAMES_FILE) }]);
  const points: Omit<ScalingRow, 'tokensPerSecond' | 'microsecondsPerToken' | 'relativeCost' | 'memory' | 'rssBytes'>[] = [
    { varies: 'hidden size', hiddenSize: 128, batchSize: 32, threads: 1 },
    { varies: 'hidden size', hiddenSize: 64, batchSize: 32, threads: 1 },
    { varies: 'hidden size', hiddenSize: 256, batchSize: 32, threads: 1 },
    { varies: 'hidden size', hiddenSize: 384, batchSize: 32, threads: 1 },
    { varies: 'hidden size', hiddenSize: 512, batchSize: 32, threads: 1 },
    { varies: 'batch size', hiddenSize: 128, batchSize: 8, threads: 1 },
    { varies: 'batch size', hiddenSize: 128, batchSize: 128, threads: 1 },
    { varies: 'threads', hiddenSize: 128, batchSize: 32, threads: 2 },
    { varies: 'threads', hiddenSize: 384, batchSize: 32, threads: 2 },
  ];
  const rows: ScalingRow[] = [];
  for (const point of points) {
    const kernels = point.threads === 2 ? await createParallelWasmKernels(spawnNodeKernelThread) : createWasmKernels();
    try {
      const { rate, memory } = measure(dataset, point.hiddenSize, point.batchSize, kernels, seconds);
      const base = rows[0]?.tokensPerSecond ?? rate;
      const row: ScalingRow = {
        ...point, tokensPerSecond: rate, microsecondsPerToken: 1e6 / rate, relativeCost: base / rate,
        memory, rssBytes: process.memoryUsage().rss,
      };
      rows.push(row);
      log(`  H=${String(point.hiddenSize).padStart(3)} batch ${String(point.batchSize).padStart(3)} ×${point.threads}: ` +
        `${Math.round(rate).toLocaleString('en-US').padStart(8)} tokens/s, ${row.microsecondsPerToken.toFixed(2)} µs/token ` +
        `(${row.relativeCost.toFixed(2)}× the cost of H=128 batch 32 ×1), ${mib(memory.total)} MiB kernels, ${mib(row.rssBytes)} MiB RSS`);
    } finally {
      kernels.dispose();
    }
  }
  // the baseline belongs to every sweep; each sweep in increasing order of what it varies
  const base = rows[0]!;
  const sweep = (varies: ScalingRow['varies'], key: (r: ScalingRow) => number): ScalingRow[] =>
    [{ ...base, varies }, ...rows.filter((r) => r !== base && r.varies === varies)].sort((a, b) => key(a) - key(b));
  return [
    ...sweep('hidden size', (r) => r.hiddenSize),
    ...sweep('batch size', (r) => r.batchSize),
    ...sweep('threads', (r) => r.threads),
  ];
}

function measure(dataset: Dataset, hiddenSize: number, batchSize: number, kernels: WasmKernels, seconds: number) {
  const { A, K } = vocabSizes(dataset.vocab);
  const n = paramCount({ A, K, H: hiddenSize });
  let workspace = 0;
  const counted = {
    ...kernels,
    allocWorkspace(params: Params, maxB: number, maxT: number): KernelWorkspace {
      const before = kernels.allocatedBytes();
      const ws = kernels.allocWorkspace(params, maxB, maxT);
      workspace += kernels.allocatedBytes() - before;
      return ws;
    },
  };
  const rate = tokensPerSecond(dataset, { label: 'W1', settings: { hiddenSize, batchSize, optimizer: 'adam', learningRate: 0.002, dtype: 'float32' } }, counted, seconds);
  const params = n * 4;
  const grads = n * 4;
  const optimizer = 2 * n * 4;
  return { rate, memory: { params, grads, optimizer, workspace, total: params + grads + optimizer + workspace } };
}

const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);

/** The rows as a Markdown table (README). */
export function scalingTable(rows: ScalingRow[]): string {
  const lines = [
    '| varies | H | batch | threads | tokens/s | µs/token | cost vs H=128 b32 ×1 | params+grads+Adam | workspace | RSS |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    lines.push(`| ${r.varies} | ${r.hiddenSize} | ${r.batchSize} | ${r.threads} | ${Math.round(r.tokensPerSecond).toLocaleString('en-US')} | ` +
      `${r.microsecondsPerToken.toFixed(2)} | ${r.relativeCost.toFixed(2)}× | ${mib(r.memory.params + r.memory.grads + r.memory.optimizer)} MiB | ` +
      `${mib(r.memory.workspace)} MiB | ${mib(r.rssBytes)} MiB |`);
  }
  return lines.join('\n');
}
