// How the default settings were chosen: train each candidate for the same number of steps on the
// bundled names (a step budget, so the comparison does not depend on machine load) and print the
// best validation loss of each. Run: npx tsx cli/tools/sweep-defaults.ts [steps]

import { datasetFromFiles } from '../../core/dataset.ts';
import { DEFAULT_SETTINGS, validateSettings, type TrainSettings } from '../../core/settings.ts';
import { createTrainer } from '../../core/trainer.ts';
import { BUNDLED_NAMES, readNamesFile } from '../io.ts';

const steps = Number(process.argv[2] ?? 2000);
const candidates: Partial<TrainSettings>[] = [
  { learningRate: 0.002 },
  { learningRate: 0.005 },
  { learningRate: 0.01 },
  { learningRate: 0.02 },
  { learningRate: 0.01, schedule: 'constant' },
  { learningRate: 0.01, batchSize: 64 },
  { learningRate: 0.01, clip: 1 },
];

const dataset = datasetFromFiles([readNamesFile(BUNDLED_NAMES)]);
for (const candidate of candidates) {
  const settings = validateSettings({ ...DEFAULT_SETTINGS, ...candidate, stop: { steps }, evalEvery: Math.max(1, Math.floor(steps / 8)) });
  const trainer = createTrainer(dataset, settings);
  while (trainer.step());
  const p = trainer.progress();
  console.log(`${JSON.stringify(candidate).padEnd(48)} best val ${p.bestValLoss?.toFixed(4)}  train ${p.trainLoss.toFixed(4)}  (${p.step} steps, ${p.seconds.toFixed(0)} s)`);
}
