// What both model libraries (desktop and browser) list about a model file, read from the file.

import { describe, expect, it } from 'vitest';
import { describeModel } from '../../core/model-summary.ts';
import { serializeModel } from '../../core/model-file.ts';
import { allocParams } from '../../core/params.ts';
import { DEFAULT_SETTINGS, validateSettings } from '../../core/settings.ts';

const vocab = { alphabet: ['a', 'n'], categories: ['es', 'it'] };
const fileWith = (metadata: Record<string, unknown>, H = 5): string =>
  serializeModel({ vocab, params: allocParams({ A: 3, K: 2, H }, 'float32'), metadata });

describe('a model file described for the library', () => {
  it('reads settings, dataset, training summary and the validation history of a checkpoint', () => {
    const settings = validateSettings({ hiddenSize: 5, learningRate: 0.01 });
    const point = { step: 250, tokens: 9000, seconds: 1.5, trainLoss: 2.1, valLoss: 2.2 };
    const described = describeModel(fileWith({
      settings,
      dataset: { files: ['pets.txt', 7], names: 801 },
      training: { steps: 250, bestValLoss: 2.2 },
      history: [point, { step: 'late' }],
    }));
    expect(described.summary).toEqual({
      dataset: { files: ['pets.txt'], names: 801 }, categories: ['es', 'it'], settings, steps: 250, bestValLoss: 2.2,
    });
    expect(described.history).toEqual([point]);
  });

  it('fills what a file from another tool lacks: default settings at its hidden size, no steps, no loss', () => {
    const described = describeModel(fileWith({ trainingNames: ['ana', 'nan'], training: { steps: 2.5, bestValLoss: 'low' } }, 7));
    expect(described.summary).toEqual({
      dataset: { files: [], names: 2 }, categories: ['es', 'it'], settings: { ...DEFAULT_SETTINGS, hiddenSize: 7 }, steps: 0, bestValLoss: null,
    });
    expect(described.history).toEqual([]);
  });

  it('refuses a damaged file, naming the field', () => {
    expect(() => describeModel('{"format":"namesake-rnn","version":1}')).toThrow(/^hiddenSize: expected an integer/);
  });
});
