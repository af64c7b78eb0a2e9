// How the default settings were chosen: train each candidate on a fixed budget of tokens on the
// bundled names (a token budget, so the comparison does not depend on machine load) with the
// WebAssembly kernels on one thread, and print its best validation loss. Wider networks cost more
// per token (npm run bench -- --scaling), so they get budgets of about equal training time.
// Run: npx tsx cli/tools/sweep-defaults.ts [first candidate, 0-based]

import { datasetFromFiles } from '../../core/dataset.ts';
import { DEFAULT_SETTINGS, validateSettings, type TrainSettings } from '../../core/settings.ts';
import { createTrainer } from '../../core/trainer.ts';
import { createWasmKernels } from '../../core/wasm-kernels.ts';
import { BUNDLED_NAMES, readNamesFile } from '../io.ts';

/** Mean tokens per name in the bundled data (6.2 characters + the end). */
const TOKENS_PER_NAME = 7.2;

const candidates: { settings: Partial<TrainSettings>; tokens: number }[] = [
  { settings: { hiddenSize: 128, learningRate: 0.005 }, tokens: 6e6 },
  { settings: { hiddenSize: 128, learningRate: 0.003 }, tokens: 6e6 },
  { settings: { hiddenSize: 128, learningRate: 0.003, schedule: 'constant' }, tokens: 6e6 },
  { settings: { hiddenSize: 128, learningRate: 0.01, batchSize: 64 }, tokens: 6e6 },
  { settings: { hiddenSize: 96, learningRate: 0.005 }, tokens: 6e6 },
  { settings: { hiddenSize: 192, learningRate: 0.003 }, tokens: 2.7e6 },
  { settings: { hiddenSize: 256, learningRate: 0.003 }, tokens: 3.5e6 },
  // after the kernels got faster: what a minute of training on two threads now buys
  { settings: { hiddenSize: 256, learningRate: 0.003 }, tokens: 5.8e6 },
  { settings: { hiddenSize: 320, learningRate: 0.002 }, tokens: 3.5e6 },
  { settings: { hiddenSize: 384, learningRate: 0.002 }, tokens: 2.5e6 },
];

const dataset = datasetFromFiles([readNamesFile(BUNDLED_NAMES)]);
for (const { settings: candidate, tokens } of candidates.slice(Number(process.argv[2] ?? 0))) {
  const steps = Math.round(tokens / (TOKENS_PER_NAME * (candidate.batchSize ?? DEFAULT_SETTINGS.batchSize)));
  const settings = validateSettings({ ...DEFAULT_SETTINGS, ...candidate, stop: { steps }, evalEvery: Math.max(50, Math.round(steps / 40)) });
  const trainer = createTrainer(dataset, settings, { kernels: createWasmKernels() });
  while (trainer.step());
  const p = trainer.progress();
  console.log(`${JSON.stringify(candidate).padEnd(64)} ${(tokens / 1e6).toFixed(1)}M tokens: best val ${p.bestValLoss?.toFixed(4)}, train ${p.trainLoss.toFixed(3)}`);
}
