// `namesake bench` speed runs: training tokens/s of W1, H384 (the app's default size) and W0 for
// the TypeScript reference kernels, the WebAssembly kernels on 1 and 2 threads and (when
// installed) NumPy, each with its ratio to TypeScript measured in the same run (the WebAssembly
// kernels as the median of three turns, one and two threads alternating); where a step's time goes
// at H=128 and H=384 (breakdown.ts); and the time to generate 10,000 names at H=128. Every run is
// a few seconds; the whole bench takes 3–4 minutes. Speed is never measured in tests.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { datasetFromFiles, type Dataset } from '../../core/dataset.ts';
import { createStepper } from '../../core/infer.ts';
import { typescriptKernels, type RnnKernels } from '../../core/kernels.ts';
import { createParallelWasmKernels, createWasmKernels } from '../../core/wasm-kernels.ts';
import { enableRelaxedSimd, spawnNodeKernelThread } from '../../node/kernel-thread.ts';
import { generationSeconds } from './generation.ts';
import { median } from './median.ts';
import { measureBreakdown, type StepBreakdown } from './breakdown.ts';
import { numpyTokensPerSecond, type NumpyRates } from './numpy.ts';
import { tokensPerSecond, trainFor, WORKLOADS, type Workload } from './workloads.ts';

export { measureScaling, scalingTable, type ScalingOptions, type ScalingRow } from './scaling.ts';

export type BenchOptions = {
  /** Seconds per measured training run (default 4). */
  seconds?: number;
  /** Names generated in the generation run (default 10,000). */
  names?: number;
  /** Skip the NumPy reference. */
  noNumpy?: boolean;
  /** Skip the breakdown of a step's time. */
  noBreakdown?: boolean;
  /** Where progress lines go (default stdout); pass () => {} for silence. */
  log?: (line: string) => void;
};

/** One kernel on one workload: the median of its turns' tokens/s (the TypeScript reference runs one turn). */
export type KernelResult = { kernels: string; tokensPerSecond: number; turns: number[]; vsTypescript: number; vsNumpy: number | null };
export type BenchResults = {
  /** Whether the wasm kernels ran their fused multiply-add (relaxed SIMD) build. */
  fma: boolean;
  workloads: Record<Workload['label'], KernelResult[]>;
  /** NumPy's tokens/s on its best BLAS thread count (1 or 2). */
  numpy: NumpyRates | null;
  breakdown: StepBreakdown[] | null;
  generation: { names: number; meanLength: number; typescriptSeconds: number; wasmSeconds: number };
};

const NAMES_FILE = fileURLToPath(new URL('../../data/names.txt', import.meta.url));

export async function runBenchmarks(options: BenchOptions = {}): Promise<BenchResults> {
  const seconds = options.seconds ?? 4;
  const count = options.names ?? 10_000;
  const log = options.log ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const dataset = datasetFromFiles([{ fileName: 'names.txt', bytes: readFileSync(NAMES_FILE) }]);
  const fma = enableRelaxedSimd();
  log(`Speed: ${dataset.names.length} bundled names, ${seconds} s per run, Node ${process.version}, ` +
    `wasm ${fma ? 'with fused multiply-add (relaxed SIMD)' : 'without relaxed SIMD (multiply, then add)'}`);

  const numpy = options.noNumpy ? null : numpyTokensPerSecond(NAMES_FILE, seconds);
  if (!numpy && !options.noNumpy) log('  (NumPy reference skipped: python3 with numpy is not installed)');

  const workloads = {} as BenchResults['workloads'];
  for (const workload of WORKLOADS) {
    const { hiddenSize, batchSize, optimizer } = workload.settings;
    log(`  ${workload.label}: H=${hiddenSize}, batch ${batchSize}, ${optimizer}, float32`);
    const results: KernelResult[] = [];
    for (const { label, turns } of await kernelRates(dataset, workload, seconds)) {
      const rate = median(turns);
      const base = results[0]?.tokensPerSecond ?? rate;
      const vsNumpy = numpy ? rate / numpy[workload.label].tokensPerSecond : null;
      results.push({ kernels: label, tokensPerSecond: rate, turns, vsTypescript: rate / base, vsNumpy });
      log(`    ${label.padEnd(11)} ${fmt(rate).padStart(9)} tokens/s  ${ratio(rate / base)} TypeScript` +
        (vsNumpy === null ? '' : `  ${ratio(vsNumpy)} NumPy`) +
        (turns.length > 1 ? `  (median of ${turns.length} turns: ${turns.map(fmt).join(', ')})` : ''));
    }
    if (numpy) {
      const { tokensPerSecond: rate, threads } = numpy[workload.label];
      log(`    ${`numpy ×${threads}`.padEnd(11)} ${fmt(rate).padStart(9)} tokens/s  ${ratio(rate / results[0]!.tokensPerSecond)} TypeScript`);
    }
    workloads[workload.label] = results;
  }

  if (!options.noBreakdown) log('  Where a step\'s time goes (2 threads; a profiled build, the median of 3 rounds; products = its time minus the same build\'s with the products skipped):');
  const breakdown = options.noBreakdown ? null : await measureBreakdown(dataset, { seconds: Math.min(seconds, 2), log });

  // Generation from a model trained for a few seconds (an untrained one rambles to the length limit).
  const kernels = createWasmKernels();
  const trainer = trainFor(dataset, WORKLOADS[0]!, kernels, Math.min(seconds, 3));
  const params = trainer.params;
  const slow = generationSeconds(params, dataset.vocab, createStepper(params), count);
  const fast = generationSeconds(params, dataset.vocab, kernels.stepper(params), count);
  log(`  generating ${fmt(count)} names at H=128 (mean ${fast.meanLength.toFixed(1)} characters): ` +
    `typescript ${slow.seconds.toFixed(3)} s, wasm ${fast.seconds.toFixed(3)} s (${ratio(slow.seconds / fast.seconds)})`);
  return {
    fma,
    workloads,
    numpy,
    breakdown,
    generation: { names: count, meanLength: fast.meanLength, typescriptSeconds: slow.seconds, wasmSeconds: fast.seconds },
  };
}

/** Turns of the WebAssembly kernels, one and two threads taking turns (the machine's drift falls on both). */
const WASM_TURNS = 3;

/**
 * Tokens/s of each kernel on the workload: the TypeScript reference once, the WebAssembly kernels
 * on one and on two threads in WASM_TURNS alternating turns of `seconds` each.
 */
async function kernelRates(dataset: Dataset, workload: Workload, seconds: number): Promise<{ label: string; turns: number[] }[]> {
  const run = async (make: () => Promise<RnnKernels & { dispose?(): void }>): Promise<number> => {
    const kernels = await make();
    try {
      return tokensPerSecond(dataset, workload, kernels, seconds);
    } finally {
      kernels.dispose?.();
    }
  };
  const wasm = [
    { label: 'wasm ×1', make: async () => createWasmKernels(), turns: [] as number[] },
    { label: 'wasm ×2', make: () => createParallelWasmKernels(spawnNodeKernelThread), turns: [] as number[] },
  ];
  const typescript = { label: 'typescript', turns: [await run(async () => typescriptKernels)] };
  for (let turn = 0; turn < WASM_TURNS; turn++) for (const kernel of wasm) kernel.turns.push(await run(kernel.make));
  return [typescript, ...wasm.map(({ label, turns }) => ({ label, turns }))];
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const ratio = (r: number): string => `${r >= 10 ? r.toFixed(0) : r.toFixed(2)}×`;
