import { describe, expect, it } from 'vitest';
import { sampleNames } from '../../core/sample.ts';
import { scoreName } from '../../core/score.ts';
import type { Vocabulary } from '../../core/tokens.ts';
import { randomParams } from '../helpers/fixtures.ts';

const vocab: Vocabulary = { alphabet: [...'abcdefgh'], categories: [] };
const params = randomParams({ A: 9, K: 0, H: 8 }, 21, 'float32', 0.8);

/** The likeliest character at each step, never ending before the first character. */
function greedyChoice(name: string, t: number): string {
  const top = scoreName(params, vocab, name).steps[t]!.top;
  return top.find((alt) => !(t === 0 && alt.char === ''))!.char;
}

describe('sampling', () => {
  it('at temperature 0 takes the argmax at every step, so every name is the same', () => {
    const names = sampleNames(params, vocab, { count: 4, temperature: 0, seed: 3 });
    expect(new Set(names.map((n) => n.name)).size).toBe(1);
    const name = names[0]!.name;
    const steps = scoreName(params, vocab, name).steps;
    steps.forEach((step, t) => expect(step.char, `step ${t}`).toBe(greedyChoice(name, t)));
  });

  it('with top-k 1 is the argmax too; with top-k 3 every character is among the 3 likeliest', () => {
    const argmax = sampleNames(params, vocab, { count: 1, temperature: 0 })[0]!.name;
    expect(sampleNames(params, vocab, { count: 5, topK: 1, seed: 9 }).map((n) => n.name)).toEqual(Array(5).fill(argmax));
    for (const { name } of sampleNames(params, vocab, { count: 50, topK: 3, seed: 4 })) {
      scoreName(params, vocab, name, undefined, 4).steps.forEach((step, t) => {
        const allowed = step.top.filter((alt) => !(t === 0 && alt.char === '')).slice(0, 3).map((alt) => alt.char);
        expect(allowed, `${name} at step ${t}`).toContain(step.char);
      });
    }
  });

  it('starts every name with the prefix and keeps to the maximum length', () => {
    const names = sampleNames(params, vocab, { count: 40, prefix: 'ba', maxLength: 5, seed: 2 });
    expect(names).toHaveLength(40);
    for (const { name } of names) {
      expect(name.startsWith('ba')).toBe(true);
      expect(name.length).toBeLessThanOrEqual(5);
    }
  });

  it('repeats with the same seed and differs with another', () => {
    const a = sampleNames(params, vocab, { count: 20, seed: 5 });
    expect(sampleNames(params, vocab, { count: 20, seed: 5 })).toEqual(a);
    expect(sampleNames(params, vocab, { count: 20, seed: 6 })).not.toEqual(a);
  });

  it("gives each name the model's log-probability, equal to scoring it, and tells training names apart", () => {
    const names = sampleNames(params, vocab, { count: 30, temperature: 1.5, seed: 8 });
    const training = new Set([names[0]!.name]);
    const flagged = sampleNames(params, vocab, { count: 30, temperature: 1.5, seed: 8 }, training);
    flagged.forEach(({ name, logProb, inTraining }) => {
      expect(logProb).toBeCloseTo(scoreName(params, vocab, name).logProb, 4);
      expect(inTraining).toBe(name === names[0]!.name);
    });
    const fresh = sampleNames(params, vocab, { count: 30, temperature: 1.5, seed: 8, onlyNew: true }, training);
    expect(fresh.some((n) => n.inTraining)).toBe(false);
  });

  it('refuses options out of range, naming them', () => {
    expect(() => sampleNames(params, vocab, { temperature: -1 })).toThrow(/temperature/);
    expect(() => sampleNames(params, vocab, { topK: 99 })).toThrow(/top-k/);
    expect(() => sampleNames(params, vocab, { prefix: 'xyz' })).toThrow(/"x".*not in this model's alphabet/);
    expect(() => sampleNames(params, vocab, { category: 'french' })).toThrow(/no categories/);
  });
});

describe('scoring', () => {
  it('gives per-character probabilities whose logs sum to the log-probability', () => {
    const score = scoreName(params, vocab, 'cab');
    expect(score.steps.map((s) => s.char)).toEqual(['c', 'a', 'b', '']);
    expect(score.logProb).toBeCloseTo(score.steps.reduce((sum, s) => sum + Math.log(s.prob), 0), 10);
    expect(score.hidden).toHaveLength(4);
    expect(score.hidden[0]).toHaveLength(8);
    expect(score.dLdhNorms).toHaveLength(4);
    for (const step of score.steps) {
      expect(step.top[0]!.prob).toBeGreaterThanOrEqual(step.prob);
      expect(step.top.map((alt) => alt.prob)).toEqual([...step.top.map((alt) => alt.prob)].sort((x, y) => y - x));
    }
  });
});
