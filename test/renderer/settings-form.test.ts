import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../core/settings.ts';
import { fieldHint, formOf, matchingPreset, presetForm, toSettings } from '../../renderer/state/settings-form.ts';
import { appendBounded, appendColumn, smooth } from '../../renderer/state/series.ts';

describe('the settings form', () => {
  it('turns minutes into the engine’s seconds and keeps the other defaults', () => {
    const result = toSettings({ ...presetForm('quick') });
    expect(result).toEqual({ ok: true, settings: { ...DEFAULT_SETTINGS, hiddenSize: 64, learningRate: 0.01, stop: { seconds: 30 } } });
    expect(toSettings({ ...presetForm('quick'), stopKind: 'epochs', stopValue: 2 })).toMatchObject({ ok: true, settings: { stop: { epochs: 2 } } });
  });

  it("sends 'auto' while the hidden size is chosen for the list, the number once it is not", () => {
    const balanced = presetForm('balanced');
    expect(balanced.autoHidden).toBe(true);
    expect(toSettings(balanced)).toMatchObject({ ok: true, settings: { hiddenSize: 'auto' } });
    expect(toSettings({ ...balanced, autoHidden: false, hiddenSize: 96 })).toMatchObject({ ok: true, settings: { hiddenSize: 96 } });
    expect(formOf({ ...DEFAULT_SETTINGS, hiddenSize: 200 })).toMatchObject({ autoHidden: false, hiddenSize: 200 });
    expect(toSettings(balanced)).toMatchObject({ ok: true, settings: { learningRate: 'auto' } });
    expect(toSettings({ ...balanced, autoRate: false, learningRate: 0.004 })).toMatchObject({ ok: true, settings: { learningRate: 0.004 } });
    // 'auto' is Adam's rate: with another optimizer the number in the field is used
    expect(toSettings({ ...balanced, optimizer: 'sgd', learningRate: 0.05 })).toMatchObject({ ok: true, settings: { optimizer: 'sgd', learningRate: 0.05 } });
  });

  it('round-trips the defaults and recognises presets', () => {
    expect(formOf(DEFAULT_SETTINGS)).toEqual(presetForm('balanced'));
    expect(matchingPreset(presetForm('best'))).toBe('best');
    expect(matchingPreset({ ...presetForm('best'), seed: 7 })).toBeNull();
  });

  it('gives one hint per field from core’s validation', () => {
    const form = { ...presetForm('balanced'), autoHidden: false };
    expect(fieldHint(form, 'hiddenSize')).toBeNull();
    expect(fieldHint({ ...form, hiddenSize: null }, 'hiddenSize')).toBe('expected a number from 1 to 1024, got nothing');
    // while training chooses the size, the field's own value does not matter
    expect(fieldHint({ ...form, autoHidden: true, hiddenSize: null }, 'hiddenSize')).toBeNull();
    expect(fieldHint({ ...form, clip: -1 }, 'clip')).toBe('expected a number from 0 to 1000000, got -1');
    expect(fieldHint({ ...form, stopValue: 0 }, 'stopValue')).toBe('expected a positive number of minutes');
    expect(toSettings({ ...form, seed: 1.5 })).toEqual({ ok: false, error: 'seed: expected a whole number, got 1.5' });
  });
});

describe('live series', () => {
  it('stay bounded by merging neighbours, keeping the last point', () => {
    const points = Array.from({ length: 10 }, (_, i) => ({ x: i + 1, y: i + 1 }));
    const bounded = appendBounded([], points, 6);
    expect(bounded).toEqual([{ x: 2, y: 1.5 }, { x: 4, y: 3.5 }, { x: 6, y: 5.5 }, { x: 8, y: 7.5 }, { x: 10, y: 9.5 }]);
    expect(appendColumn([1, 2, 3, 4], 5, 4)).toEqual([2, 4, 5]);
  });

  it('smooth with an exponential moving average that continues across ticks', () => {
    const first = smooth([{ x: 1, y: 4 }, { x: 2, y: 2 }], null, 0.5);
    expect(first.points.map((p) => p.y)).toEqual([4, 3]);
    expect(smooth([{ x: 3, y: 1 }], first.last, 0.5).points).toEqual([{ x: 3, y: 2 }]);
  });
});
