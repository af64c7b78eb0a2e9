// When the trainer evaluates, when it ends by itself and what it says, and how the learning rate
// follows the evaluations; and that a run resumed from its checkpoint keeps all of it.

import { describe, expect, it } from 'vitest';
import { stepsOf } from '../../core/batch.ts';
import { parseCheckpoint, serializeCheckpoint } from '../../core/checkpoint.ts';
import { splitTrainValidation } from '../../core/dataset.ts';
import { AUTO_HIDDEN, hiddenSizeFor, validateSettings, type TrainSettings } from '../../core/settings.ts';
import { createTrainer, describeStop, EVALUATION_BUDGET, type Trainer } from '../../core/trainer.ts';
import { datasetOf } from '../helpers/fixtures.ts';

const names = ['anna', 'bob', 'carla', 'dmitri', 'eve', 'fatima', 'gustav', 'hana', 'ivan', 'jun', 'kai', 'lena', 'mateo',
  'nadia', 'oskar', 'priya', 'quinn', 'rosa', 'sven', 'tomas', 'ula', 'vera', 'wanda', 'xia', 'yusuf', 'zoe', 'amir', 'bea',
  'cyrus', 'dora', 'emil', 'freya', 'goran', 'hugo', 'ines', 'jonas', 'kira', 'luca', 'mira', 'nils'];
const dataset = datasetOf(names);
const settings = (overrides: Partial<TrainSettings>): TrainSettings =>
  validateSettings({ hiddenSize: 12, batchSize: 4, stop: { steps: 100_000 }, ...overrides });

/** Tokens (characters and the closing boundary) of the training and validation names. */
function tokensOfSplit(s: TrainSettings): { train: number; validation: number } {
  const split = splitTrainValidation(dataset, s.validationFraction, s.seed);
  const tokens = (indices: number[]) => indices.reduce((sum, i) => sum + stepsOf({ tokens: Int32Array.from([...names[i]!]), category: -1 }), 0);
  return { train: tokens(split.train), validation: tokens(split.validation) };
}

/** Steps until training ends by itself; a mechanism taken out fails here instead of hanging. */
function run(trainer: Trainer, maxSteps = 20_000): Trainer {
  return stepUntil(trainer, () => trainer.stopped() !== null, maxSteps);
}

function stepUntil(trainer: Trainer, done: () => boolean, maxSteps = 20_000): Trainer {
  for (let steps = 0; !done(); steps++) {
    if (steps >= maxSteps || (trainer.step() === null && !done())) throw new Error(`not done after ${trainer.progress().step} steps`);
  }
  return trainer;
}

describe('the schedule of evaluations', () => {
  it('evaluates after every epoch when the validation set is small beside it, and once more at the end', () => {
    const s = settings({ patience: 0, validationFraction: 0.05, stop: { epochs: 6.5 } });
    const { train } = tokensOfSplit(s);
    const trainer = run(createTrainer(dataset, s));
    const tokens = trainer.history().map((p) => p.tokens);
    expect(tokens).toHaveLength(7);
    // the k-th evaluation follows the first step that reached k epochs' worth of tokens
    tokens.slice(0, 6).forEach((t, k) => {
      expect(t).toBeGreaterThanOrEqual((k + 1) * train);
      expect(t).toBeLessThan((k + 1) * train + 4 * 7);
    });
    expect(trainer.history().at(-1)!.step).toBe(trainer.progress().step);
  });

  it('evaluates a large validation set less often than every epoch, within its share of the training', () => {
    const s = settings({ patience: 0, validationFraction: 0.5, stop: { epochs: 40 } });
    const { train, validation } = tokensOfSplit(s);
    const trainer = run(createTrainer(dataset, s));
    const scheduled = trainer.history().slice(0, -1);
    const interval = (validation * EVALUATION_BUDGET.cost) / EVALUATION_BUDGET.share;
    expect(interval).toBeGreaterThan(train);
    expect(scheduled.length).toBe(Math.floor(trainer.progress().tokens / interval));
    // validation tokens evaluated, at their cost in training tokens, against the tokens trained
    expect((scheduled.length * validation * EVALUATION_BUDGET.cost) / trainer.progress().tokens).toBeLessThanOrEqual(EVALUATION_BUDGET.share);
  });

  it('still evaluates every N steps when evalEvery says so', () => {
    const trainer = run(createTrainer(dataset, settings({ patience: 0, evalEvery: 7, stop: { steps: 30 } })));
    expect(trainer.history().map((p) => p.step)).toEqual([7, 14, 21, 28, 30]);
  });
});

describe('stopping when learning stops', () => {
  const overfitting = settings({ hiddenSize: 48, learningRate: 0.03, schedule: 'constant', patience: 3 });

  it('ends once validation has not improved for the patience, keeps the best weights and says why', () => {
    const trainer = run(createTrainer(dataset, overfitting));
    const reason = trainer.stopped();
    const history = trainer.history();
    const best = history.reduce((b, p) => (p.valLoss < b.valLoss ? p : b));
    expect(reason).toMatchObject({ kind: 'plateau', patience: 3, bestStep: best.step });
    expect(trainer.progress().step).toBeLessThan(2000);
    // it ended at the first evaluation three epochs after the best, not later
    const { train } = tokensOfSplit(overfitting);
    const epochsAfterBest = (p: { tokens: number }) => (p.tokens - best.tokens) / train;
    expect(epochsAfterBest(history.at(-1)!)).toBeGreaterThanOrEqual(3 - 0.05);
    expect(epochsAfterBest(history.at(-2)!)).toBeLessThan(3);
    // the weights kept are those of the best step: a run to that step has them
    const again = createTrainer(dataset, overfitting);
    stepUntil(again, () => again.progress().step >= best.step);
    expect(Array.from(trainer.bestParams().data)).toEqual(Array.from(again.params.data));
    expect(describeStop(reason!)).toMatch(new RegExp(`^stopped after \\d+\\.\\d s: validation loss has not improved for 3 epochs; kept the weights from step ${best.step}$`));
  });

  it('trains to the limit when the patience is 0, and says so', () => {
    const trainer = run(createTrainer(dataset, { ...overfitting, patience: 0, stop: { steps: 600 } }));
    expect(trainer.progress().step).toBe(600);
    expect(trainer.stopped()).toMatchObject({ kind: 'finished' });
    expect(describeStop(trainer.stopped()!)).toMatch(/^reached its limit after \d+\.\d s; kept the weights from step \d+$/);
  });

  it('continues a finished run with a fresh patience', () => {
    const first = run(createTrainer(dataset, overfitting));
    const { state } = parseCheckpoint(serializeCheckpoint(first, dataset));
    const stale = run(createTrainer(dataset, overfitting, { resume: structuredClone(state) }));
    const fresh = run(createTrainer(dataset, overfitting, { resume: structuredClone(state), freshPatience: true }));
    const epochs = (t: Trainer) => t.progress().epoch - first.progress().epoch;
    expect(epochs(stale)).toBeLessThan(1.5);
    expect(epochs(fresh)).toBeGreaterThanOrEqual(3 - 0.05);
    expect(fresh.stopped()).toMatchObject({ kind: 'plateau' });
  });
});

describe('the learning rate', () => {
  const lrAfterEachEvaluation = (s: TrainSettings) => {
    const trainer = createTrainer(dataset, s);
    const rates: { epoch: number; best: boolean; lr: number }[] = [];
    let seen = 0;
    for (let steps = 0; trainer.step(); steps++) {
      if (steps > 20_000) throw new Error('the patience never ended the run');
      const history = trainer.history();
      if (history.length > seen && !trainer.stopped()) {
        seen = history.length;
        const { step, epoch, learningRate } = trainer.progress();
        rates.push({ epoch, best: trainer.state().bestStep === step, lr: learningRate });
      }
    }
    return { trainer, rates };
  };

  it("'plateau' halves it after every epoch without a better validation loss", () => {
    const { rates } = lrAfterEachEvaluation(settings({ hiddenSize: 48, learningRate: 0.03, schedule: 'plateau', patience: 4, stop: { epochs: 1e6 } }));
    let expected = 0.03;
    let bestEpoch = 0;
    let cutEpoch = 0;
    let cuts = 0;
    for (const r of rates) {
      if (r.best) bestEpoch = r.epoch;
      else if (r.epoch - bestEpoch >= 1 && r.epoch - cutEpoch >= 1) {
        expected /= 2;
        cutEpoch = r.epoch;
        cuts++;
      }
      expect(r.lr / expected).toBeCloseTo(1, 4);
    }
    expect(cuts).toBeGreaterThanOrEqual(2);
  });

  it("'best-horizon' decays it on a cosine that reaches zero at twice the best step", () => {
    const trainer = createTrainer(dataset, settings({ learningRate: 0.01, schedule: 'best-horizon', patience: 0, stop: { steps: 1_000_000 } }));
    stepUntil(trainer, () => trainer.history().length >= 3);
    const { step } = trainer.progress();
    const { bestStep } = trainer.state();
    expect(bestStep).toBeGreaterThan(0);
    const expected = 0.01 * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, Math.max(step / 1_000_000, step / (2 * bestStep)))));
    expect(trainer.progress().learningRate).toBeCloseTo(expected, 10);
  });
});

describe('a resumed run', () => {
  it('continues the schedule of evaluations, the patience and the rate exactly', () => {
    const s = settings({ hiddenSize: 48, learningRate: 0.03, schedule: 'plateau', patience: 3 });
    const straight = run(createTrainer(dataset, s));
    const first = createTrainer(dataset, s);
    // stop part-way through an epoch, after the learning rate has been halved
    stepUntil(first, () => first.state().lrScale !== 1 && first.progress().step % 3 === 1);
    const resumed = parseCheckpoint(serializeCheckpoint(first, dataset));
    const second = run(createTrainer(resumed.dataset, resumed.settings, { resume: resumed.state }));
    const withoutClock = (points: { seconds: number }[]) => points.map(({ seconds: _, ...rest }) => rest);
    expect(withoutClock(second.history())).toEqual(withoutClock(straight.history()));
    expect(second.stopped()).toEqual({ ...straight.stopped(), seconds: second.progress().seconds });
    expect(Array.from(second.bestParams().data)).toEqual(Array.from(straight.bestParams().data));
  });
});

describe("the hidden size 'auto'", () => {
  it('is about one weight of W per training character, within its bounds', () => {
    expect(hiddenSizeFor(2_500)).toBe(48);
    expect(hiddenSizeFor(12_000)).toBe(112);
    expect(hiddenSizeFor(10)).toBe(AUTO_HIDDEN.min);
    expect(hiddenSizeFor(10_000_000)).toBe(AUTO_HIDDEN.max);
  });

  it('is chosen from the training names when training starts, kept in the settings and the checkpoint', () => {
    const s = settings({ hiddenSize: 'auto', stop: { steps: 5 } });
    const trainer = run(createTrainer(dataset, s));
    expect(trainer.settings.hiddenSize).toBe(hiddenSizeFor(tokensOfSplit(s).train));
    expect(trainer.params.dims.H).toBe(trainer.settings.hiddenSize);
    const resumed = parseCheckpoint(serializeCheckpoint(trainer, dataset));
    expect(resumed.settings.hiddenSize).toBe(trainer.settings.hiddenSize);
    // a number given is used as it is
    expect(createTrainer(dataset, settings({ hiddenSize: 20 })).settings.hiddenSize).toBe(20);
  });
});
