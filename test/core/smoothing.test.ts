import { describe, expect, it } from 'vitest';
import { validateSettings } from '../../core/settings.ts';
import { createTrainer } from '../../core/trainer.ts';
import { smooth } from '../../renderer/state/series.ts';
import { datasetOf } from '../helpers/fixtures.ts';

describe('loss smoothing', () => {
  it('gives the trainer and the renderer the same series, bit for bit', () => {
    const dataset = datasetOf(['emma', 'olivia', 'ava', 'isabella', 'sophia', 'mia', 'charlotte', 'amelia']);
    const settings = validateSettings({ hiddenSize: 16, batchSize: 4, patience: 0, validationFraction: 0, stop: { steps: 60 } });
    const trainer = createTrainer(dataset, settings);
    const start = trainer.progress().trainLoss; // ln A, the trainer's starting point
    const losses: { x: number; y: number }[] = [];
    const trainerSeries: number[] = [];
    for (let report = trainer.step(); report; report = trainer.step()) {
      losses.push({ x: report.step, y: report.loss });
      trainerSeries.push(trainer.progress().trainLoss);
    }
    expect(losses.length).toBe(60);
    // the renderer smooths tick by tick: split the steps into uneven ticks
    const first = smooth(losses.slice(0, 7), start);
    const rest = smooth(losses.slice(7), first.last);
    expect([...first.points, ...rest.points].map((p) => p.y)).toEqual(trainerSeries);
  });
});
