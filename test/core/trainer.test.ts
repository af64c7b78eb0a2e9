import { describe, expect, it } from 'vitest';
import { typescriptKernels, type RnnKernels } from '../../core/kernels.ts';
import { validateSettings, type TrainSettings } from '../../core/settings.ts';
import { createTrainer } from '../../core/trainer.ts';
import { datasetOf } from '../helpers/fixtures.ts';

const someNames = ['emma', 'olivia', 'ava', 'isabella', 'sophia', 'mia', 'charlotte', 'amelia', 'harper', 'evelyn', 'abigail', 'emily'];
const settings = (overrides: Partial<TrainSettings>): TrainSettings =>
  validateSettings({ hiddenSize: 16, batchSize: 4, evalEvery: 10, patience: 0, stop: { steps: 1000 }, ...overrides });

describe('trainer', () => {
  it('starts at the loss of a uniform guess, ln A per token', () => {
    const dataset = datasetOf(someNames);
    const A = dataset.vocab.alphabet.length + 1;
    const report = createTrainer(dataset, settings({ hiddenSize: 64, batchSize: 12, validationFraction: 0 })).step()!;
    expect(report.loss / Math.log(A)).toBeCloseTo(1, 2);
  });

  it('overfits one name to near-zero loss', () => {
    const trainer = createTrainer(datasetOf(['emma']), settings({ batchSize: 1, learningRate: 0.02, validationFraction: 0, schedule: 'constant' }));
    let last = Infinity;
    for (let i = 0; i < 300; i++) last = trainer.step()!.loss;
    expect(last).toBeLessThan(0.02);
  });

  it('gives bit-identical weights for the same data, settings and seed, and others for another seed', () => {
    const run = (seed: number) => {
      const trainer = createTrainer(datasetOf(someNames), settings({ seed }));
      for (let i = 0; i < 40; i++) trainer.step();
      return Array.from(trainer.params.data);
    };
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
  });

  it('stops on a non-finite loss with a clear reason and keeps the last good weights', () => {
    let calls = 0;
    const poisoned: RnnKernels = {
      ...typescriptKernels,
      forward: (params, batch, ws) => (++calls === 6 ? NaN : typescriptKernels.forward(params, batch, ws)),
    };
    const trainer = createTrainer(datasetOf(someNames), settings({ validationFraction: 0 }), { kernels: poisoned });
    for (let i = 0; i < 5; i++) trainer.step();
    const good = Array.from(trainer.params.data);
    expect(trainer.step()).toBeNull();
    expect(trainer.stopped()).toMatchObject({ kind: 'diverged', message: expect.stringMatching(/step 6.*loss is not finite.*last good weights/) });
    expect(Array.from(trainer.params.data)).toEqual(good);
    expect(trainer.step()).toBeNull();
    expect(trainer.progress().step).toBe(5);
  });

  it('ends when the stop condition is met and evaluates the held-out names', () => {
    const trainer = createTrainer(datasetOf(someNames), settings({ stop: { steps: 25 } }));
    let steps = 0;
    while (trainer.step()) steps++;
    expect(steps).toBe(25);
    expect(trainer.stopped()).toEqual({ kind: 'finished', bestStep: trainer.state().bestStep, seconds: trainer.progress().seconds });
    const history = trainer.history();
    expect(history.map((p) => p.step)).toEqual([10, 20, 25]);
    expect(trainer.progress()).toMatchObject({ step: 25, fraction: 1, etaSeconds: 0 });
    expect(trainer.progress().bestValLoss).toBe(Math.min(...history.map((p) => p.valLoss)));
  });

  it('counts epochs over the training names', () => {
    // 12 names, 1 held out, batches of 4: 11 names per epoch
    const trainer = createTrainer(datasetOf(someNames), settings({ validationFraction: 0.1, stop: { epochs: 2 } }));
    while (trainer.step());
    expect(trainer.progress().step).toBe(Math.ceil((2 * 11) / 4));
    expect(trainer.progress().epoch).toBeGreaterThanOrEqual(2);
  });

  it('reports per-timestep gradient norms, per-parameter norms and clipping', () => {
    const trainer = createTrainer(datasetOf(someNames), settings({ clip: 1e-3 }));
    const report = trainer.step()!;
    const longest = Math.max(...report.dLdhNorms.keys()) + 1;
    expect(longest).toBeGreaterThanOrEqual(4);
    expect(report.dLdhNorms.every((n) => n > 0 && Number.isFinite(n))).toBe(true);
    expect(Object.keys(report.paramGradNorms)).toEqual(['U', 'W', 'V', 'b', 'c']);
    expect(report.clipped).toBe(true);
    expect(report.gradNorm).toBeGreaterThan(1e-3);
  });

  it('resumed from its state continues exactly as an uninterrupted run', () => {
    const s = settings({ stop: { steps: 30 } });
    const straight = createTrainer(datasetOf(someNames), s);
    while (straight.step());
    const first = createTrainer(datasetOf(someNames), s);
    for (let i = 0; i < 13; i++) first.step();
    const resumed = createTrainer(datasetOf(someNames), s, { resume: structuredClone(first.state()) });
    while (resumed.step());
    expect(Array.from(resumed.params.data)).toEqual(Array.from(straight.params.data));
    expect(resumed.progress().valLoss).toBe(straight.progress().valLoss);
  });

  it('learns: validation loss falls well below the uniform guess', () => {
    const trainer = createTrainer(datasetOf(someNames), settings({ hiddenSize: 32, learningRate: 0.01, stop: { steps: 200 }, evalEvery: 50 }));
    const A = trainer.vocab.alphabet.length + 1;
    while (trainer.step());
    expect(trainer.progress().trainLoss).toBeLessThan(0.7 * Math.log(A));
  });
});
