// namesake bench — training speed on the standard workloads and what default training learns in a
// minute. Speed is measured here, never in tests.
//   W1: bundled names, H=128, batch 32, Adam, full BPTT per name, float32
//   W0: the textbook's one-name-at-a-time style: batch 1, SGD, H=100

import { parseArgs } from 'node:util';
import { datasetFromFiles, type Dataset } from '../../core/dataset.ts';
import { DEFAULT_SETTINGS, validateSettings, type TrainSettings } from '../../core/settings.ts';
import { createTrainer } from '../../core/trainer.ts';
import { optionalNumber } from '../args.ts';
import { BUNDLED_NAMES, printJson, readNamesFile } from '../io.ts';

export const usage = 'namesake bench [--seconds S (per speed run, default 5)] [--learn-seconds S (default 60; 0 skips)] [--json]';

export type Workload = { label: string; settings: Partial<TrainSettings> };

export const WORKLOADS: Workload[] = [
  { label: 'W1', settings: { hiddenSize: 128, batchSize: 32, optimizer: 'adam', learningRate: 0.002 } },
  { label: 'W0', settings: { hiddenSize: 100, batchSize: 1, optimizer: 'sgd', learningRate: 0.05 } },
];

/** Training tokens per second over `seconds` of training time, after a short warm-up. */
export function measureTokensPerSecond(dataset: Dataset, settings: Partial<TrainSettings>, seconds: number): number {
  const trainer = createTrainer(dataset, validateSettings({ ...settings, stop: { seconds: seconds + 0.5 }, evalEvery: 1e9 }));
  const warmupEnd = Date.now() + 500;
  while (Date.now() < warmupEnd) trainer.step();
  const start = { tokens: trainer.progress().tokens, seconds: trainer.progress().seconds };
  while (trainer.step());
  const end = trainer.progress();
  return (end.tokens - start.tokens) / (end.seconds - start.seconds);
}

export async function bench(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { seconds: { type: 'string', default: '5' }, 'learn-seconds': { type: 'string', default: '60' }, json: { type: 'boolean', default: false } },
  });
  const seconds = optionalNumber('--seconds', values.seconds)!;
  const learnSeconds = optionalNumber('--learn-seconds', values['learn-seconds'])!;
  const dataset = datasetFromFiles([readNamesFile(BUNDLED_NAMES)]);
  const log = (line: string): void => void (values.json ? null : process.stdout.write(`${line}\n`));
  log(`Namesake benchmark: ${dataset.names.length} names, ${seconds} s per speed run, Node ${process.version}`);
  const results: Record<string, number> = {};
  for (const { label, settings } of WORKLOADS) {
    results[label] = measureTokensPerSecond(dataset, settings, seconds);
    log(`  ${label} (H=${settings.hiddenSize}, batch ${settings.batchSize}, ${settings.optimizer}): ${Math.round(results[label]!).toLocaleString('en-US')} tokens/s`);
  }
  if (learnSeconds > 0) {
    const trainer = createTrainer(dataset, validateSettings({ ...DEFAULT_SETTINGS, stop: { seconds: learnSeconds } }));
    while (trainer.step());
    results.valLoss = trainer.progress().bestValLoss ?? NaN;
    log(`  validation loss after ${learnSeconds} s of default training: ${results.valLoss.toFixed(3)} nats per token (${trainer.progress().step} steps)`);
  }
  if (values.json) printJson({ event: 'bench', seconds, learnSeconds, ...results });
}
