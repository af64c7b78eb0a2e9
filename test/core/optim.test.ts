import { describe, expect, it } from 'vitest';
import { clipFactor, createOptimizer, optimizerStep } from '../../core/optim.ts';

describe('optimizers', () => {
  it('SGD takes θ − lr·g', () => {
    const theta = Float64Array.of(1, -2, 3);
    optimizerStep(createOptimizer('sgd', 3), theta, Float64Array.of(0.5, 1, -2), 0.1);
    expect(Array.from(theta)).toEqual([1 - 0.05, -2 - 0.1, 3 + 0.2]);
  });

  it('Adagrad divides by the root of the summed squares', () => {
    const theta = Float64Array.of(0, 0);
    const state = createOptimizer('adagrad', 2);
    optimizerStep(state, theta, Float64Array.of(2, -4), 0.5);
    optimizerStep(state, theta, Float64Array.of(2, 0), 0.5);
    expect(theta[0]).toBeCloseTo(-0.5 - 0.5 * 2 / Math.sqrt(8), 7);
    expect(theta[1]).toBeCloseTo(0.5, 7);
  });

  it('Adam moves every parameter by ≈ lr against its gradient on the first step (bias correction)', () => {
    const theta = Float64Array.of(0, 0, 0);
    optimizerStep(createOptimizer('adam', 3), theta, Float64Array.of(1e-3, -50, 7), 0.01);
    expect(theta[0]).toBeCloseTo(-0.01, 6);
    expect(theta[1]).toBeCloseTo(0.01, 6);
    expect(theta[2]).toBeCloseTo(-0.01, 6);
  });

  it('Adam follows its update rule over several steps', () => {
    const theta = Float64Array.of(1);
    const state = createOptimizer('adam', 1);
    let m = 0, v = 0, expected = 1;
    for (const [t, g] of [[1, 0.3], [2, -0.1], [3, 0.2]] as const) {
      optimizerStep(state, theta, Float64Array.of(g), 0.05);
      m = 0.9 * m + 0.1 * g;
      v = 0.999 * v + 0.001 * g * g;
      expected -= (0.05 * (m / (1 - 0.9 ** t))) / (Math.sqrt(v / (1 - 0.999 ** t)) + 1e-8);
    }
    expect(theta[0]).toBeCloseTo(expected, 12);
  });
});

describe('clipping by global norm', () => {
  it('scales a gradient over the limit down to it', () => {
    const g = [3, 4];
    const factor = clipFactor(Math.hypot(...g), 1);
    expect(Math.hypot(...g.map((x) => x * factor))).toBeCloseTo(1, 12);
  });

  it('leaves a gradient under the limit, or with clipping off, alone', () => {
    expect(clipFactor(5, 10)).toBe(1);
    expect(clipFactor(5, 0)).toBe(1);
  });
});
