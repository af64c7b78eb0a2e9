// `namesake bench`: where a training step's time goes, on two threads, at H=128 (W1) and H=384
// (the app's default). The kernels run a profiled build of the same source (wasm/profile.ts),
// compiled here, that times each thread's phases; the shipped builds carry none of it. The
// products' share is the profiled time minus that of the same build with the products skipped,
// on the same batches; the update and the trainer's JavaScript are timed here around the calls.

import { performance } from 'node:perf_hooks';
import type { Dataset } from '../../core/dataset.ts';
import type { KernelThreadInit } from '../../core/kernel-threads.ts';
import type { KernelWorkspace, RnnKernels } from '../../core/kernels.ts';
import type { Params } from '../../core/params.ts';
import { createTrainer } from '../../core/trainer.ts';
import { CONTROL_JOIN_WAIT, DESCRIPTOR_BYTES, Field, Phase, PROFILE_PHASES } from '../../core/wasm/abi.ts';
import { createParallelWasmKernels, type WasmKernels } from '../../core/wasm-kernels.ts';
import type { WasmWorkspace } from '../../core/wasm/workspace.ts';
import { enableRelaxedSimd, spawnNodeKernelThread } from '../../node/kernel-thread.ts';
import { median } from './median.ts';
import { settingsOf } from './workloads.ts';

/**
 * Microseconds per step of both threads' time, by what they did (a step has twice its wall time of
 * thread time). Summed over the threads: which thread ran a chunk differs between the builds.
 */
export type StepBreakdown = {
  hiddenSize: number;
  stepMicroseconds: number;
  /** Tokens/s of the profiled build and of the shipped one, in the same round of runs. */
  profiledTokensPerSecond: number;
  shippedTokensPerSecond: number;
  threads: {
    products: number; rest: number; sums: number; sumsProducts: number; waiting: number;
    /** The main thread's JavaScript around the batch: packing it, the chunks' losses and norms. */
    packing: number;
    /** The main thread's update, and its trainer code between the kernels' calls. */
    update: number; other: number;
    /** The helper outside the batch: its part of the update, and idle. */
    helperOutside: number;
  };
};

/** What one run timed, in milliseconds over its measured steps. */
type RunTimes = {
  steps: number; tokens: number; wall: number; forwardBackward: number; meanwhile: number; update: number;
  joinInBatch: number; threads: Float64Array[];
};

const ROUNDS = 3;
const W1_AT = (H: number) => settingsOf({ label: 'W1', settings: { hiddenSize: H, batchSize: 32, optimizer: 'adam', learningRate: 0.002, dtype: 'float32' } });

/** The breakdown at each hidden size: the median of ROUNDS rounds of (profiled, products skipped, shipped) runs. */
export async function measureBreakdown(dataset: Dataset, options: { seconds?: number; hiddenSizes?: number[]; log: (line: string) => void }): Promise<StepBreakdown[]> {
  const seconds = options.seconds ?? 1.5;
  const variant = enableRelaxedSimd() ? 'threadsFma' : 'threads';
  // the compiler loads only here: every command of the CLI imports the bench's modules
  const { compileVariant } = await import('../../wasm/variants.mjs');
  const profiled = new WebAssembly.Module(await compileVariant(variant, 1));
  const noProducts = new WebAssembly.Module(await compileVariant(variant, 2));
  const results: StepBreakdown[] = [];
  for (const H of options.hiddenSizes ?? [128, 384]) {
    const steps = await stepsIn(dataset, H, seconds);
    const rounds: StepBreakdown[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const timed = await run(dataset, H, steps, profiled);
      const skipped = await run(dataset, H, steps, noProducts);
      const shipped = await run(dataset, H, steps, undefined);
      rounds.push(breakdownOf(H, timed, skipped, shipped));
    }
    const breakdown = medianOf(rounds);
    results.push(breakdown);
    logBreakdown(breakdown, options.log);
  }
  return results;
}

/** Steps of the shipped build in about `seconds`, so that every run at H covers the same batches. */
async function stepsIn(dataset: Dataset, H: number, seconds: number): Promise<number> {
  const probe = await run(dataset, H, 20, undefined);
  return Math.max(20, Math.round((seconds * 1000 * probe.steps) / probe.wall));
}

/** `steps` training steps after a warm-up, timed; the thread accumulators as the profiled build left them. */
async function run(dataset: Dataset, H: number, steps: number, module: WebAssembly.Module | undefined): Promise<RunTimes> {
  let init: KernelThreadInit | null = null;
  const spawn = (given: KernelThreadInit) => ((init = given), spawnNodeKernelThread(given));
  const kernels = await createParallelWasmKernels(spawn, module ? { profiled: { module, clock: () => performance.now() } } : {});
  try {
    const probe = probeOf(kernels, init!);
    const trainer = createTrainer(dataset, W1_AT(H), { kernels: probe.kernels, now: () => performance.now() });
    for (let i = 0; i < 10; i++) trainer.step();
    probe.reset();
    const tokens = trainer.progress().tokens;
    const start = performance.now();
    for (let i = 0; i < steps; i++) trainer.step();
    const wall = performance.now() - start;
    return { ...probe.read(), steps, tokens: trainer.progress().tokens - tokens, wall };
  } finally {
    kernels.dispose();
  }
}

/** The kernels with the trainer's calls into them timed, and readers of the profiled build's accumulators. */
function probeOf(kernels: WasmKernels, { memory, control }: KernelThreadInit) {
  const times = { forwardBackward: 0, meanwhile: 0, update: 0, joinInBatch: 0 };
  let ws: WasmWorkspace | null = null;
  const joinWait = () => new Float64Array(memory.buffer, control + CONTROL_JOIN_WAIT, 1);
  const accumulators = () => ws!.threads.map((desc) => {
    const at = new Int32Array(memory.buffer, desc, DESCRIPTOR_BYTES / 4)[Field.profile]!;
    return new Float64Array(memory.buffer, at, PROFILE_PHASES);
  });
  const timed = <A extends unknown[], R>(key: keyof typeof times, fn: (...args: A) => R) => (...args: A): R => {
    const start = performance.now();
    try {
      return fn(...args);
    } finally {
      times[key] += performance.now() - start;
    }
  };
  const probed: RnnKernels = {
    ...kernels,
    allocWorkspace: (params: Params, maxB: number, maxT: number): KernelWorkspace => (ws = kernels.allocWorkspace(params, maxB, maxT) as WasmWorkspace),
    forwardBackward: (params, batch, workspace, grads, meanwhile) => {
      const joined = joinWait()[0]!;
      const loss = timed('forwardBackward', kernels.forwardBackward)(params, batch, workspace, grads, meanwhile && timed('meanwhile', meanwhile));
      times.joinInBatch += joinWait()[0]! - joined;
      return loss;
    },
    update: { ...kernels.update, sumSquares: timed('update', kernels.update.sumSquares), step: timed('update', kernels.update.step) },
  };
  return {
    kernels: probed,
    reset() {
      for (const key of Object.keys(times) as (keyof typeof times)[]) times[key] = 0;
      for (const view of accumulators()) view.fill(0);
    },
    read: () => ({ ...times, threads: accumulators().map((view) => Float64Array.from(view)) }),
  };
}

/**
 * Per step, from a profiled run, the same steps with the products skipped, and the shipped build:
 *   products = (forward + BPTT)profiled − (forward + BPTT)skipped; rest = the skipped build's forward
 *   and BPTT, and the layouts; packing = the JavaScript around the batch (packing, the chunks' losses);
 *   sums exclude the spins for the other thread's chunk (waiting, with the main thread's join).
 */
function breakdownOf(H: number, timed: RunTimes, skipped: RunTimes, shipped: RunTimes): StepBreakdown {
  const perStep = (ms: number) => (ms * 1000) / timed.steps;
  const both = (run: RunTimes, ...phases: Phase[]) => run.threads.reduce((sum, t) => sum + phases.reduce((s, p) => s + t[p]!, 0), 0);
  const sums = both(timed, Phase.sums) - both(timed, Phase.waiting);
  const mainBatch = timed.threads[0]![Phase.total]!;
  const aroundBatch = timed.forwardBackward - timed.meanwhile - mainBatch - timed.joinInBatch;
  return {
    hiddenSize: H,
    stepMicroseconds: perStep(timed.wall),
    profiledTokensPerSecond: (timed.tokens * 1000) / timed.wall,
    shippedTokensPerSecond: (shipped.tokens * 1000) / shipped.wall,
    threads: {
      products: perStep(both(timed, Phase.forward, Phase.backward) - both(skipped, Phase.forward, Phase.backward)),
      rest: perStep(both(skipped, Phase.forward, Phase.backward) + both(timed, Phase.prepare)),
      packing: perStep(aroundBatch),
      sums: perStep(sums),
      sumsProducts: perStep(sums - (both(skipped, Phase.sums) - both(skipped, Phase.waiting))),
      waiting: perStep(both(timed, Phase.waiting) + timed.joinInBatch),
      update: perStep(timed.update),
      other: perStep(timed.wall - timed.forwardBackward - timed.update + timed.meanwhile),
      helperOutside: perStep(timed.wall - timed.threads[1]![Phase.total]!),
    },
  };
}

/** Each figure's median over the rounds. */
function medianOf(rounds: StepBreakdown[]): StepBreakdown {
  const each = <T extends object>(get: (b: StepBreakdown) => T): T => Object.fromEntries(Object.keys(get(rounds[0]!))
    .map((key) => [key, median(rounds.map((b) => (get(b) as Record<string, number>)[key]!))])) as T;
  return {
    hiddenSize: rounds[0]!.hiddenSize,
    stepMicroseconds: median(rounds.map((b) => b.stepMicroseconds)),
    profiledTokensPerSecond: median(rounds.map((b) => b.profiledTokensPerSecond)),
    shippedTokensPerSecond: median(rounds.map((b) => b.shippedTokensPerSecond)),
    threads: each((b) => b.threads),
  };
}

function logBreakdown(b: StepBreakdown, log: (line: string) => void): void {
  const rate = (n: number) => Math.round(n).toLocaleString('en-US');
  const row = (label: string, us: number) =>
    log(`    ${label.padEnd(58)} ${us.toFixed(0).padStart(6)} µs ${((50 * us) / b.stepMicroseconds).toFixed(0).padStart(3)}%`);
  const t = b.threads;
  log(`  H=${b.hiddenSize}, batch 32, Adam: ${b.stepMicroseconds.toFixed(0)} µs per step, twice that of thread time ` +
    `(profiled build ${rate(b.profiledTokensPerSecond)} tokens/s, shipped ${rate(b.shippedTokensPerSecond)}):`);
  row('products of forward and BPTT', t.products);
  row('rest of forward and BPTT (tanh, softmax, layouts)', t.rest);
  row('packing the batch, adding the chunks\' losses (JavaScript)', t.packing);
  row(`gradient sums (${t.sumsProducts.toFixed(0)} µs of them products)`, t.sums);
  row('waiting for the other thread', t.waiting);
  row('update (Σg², Adam; main thread, with the helper\'s part)', t.update);
  row('other (main thread: next batch, clipping, trainer)', t.other);
  row('helper outside the batch (its part of the update, idle)', t.helperOutside);
}
