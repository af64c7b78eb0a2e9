import { describe, expect, it } from 'vitest';
import { parseCheckpoint, serializeCheckpoint } from '../../core/checkpoint.ts';
import { datasetOfModel } from '../../core/model.ts';
import { parseModel } from '../../core/model-file.ts';
import { sampleNames } from '../../core/sample.ts';
import { learningRateFor, validateSettings } from '../../core/settings.ts';
import { createTrainer } from '../../core/trainer.ts';
import { createWasmKernels } from '../../core/wasm-kernels.ts';
import { datasetOf } from '../helpers/fixtures.ts';

const names = ['anna', 'bob', 'carla', 'dmitri', 'eve', 'fatima', 'gustav', 'hana', 'ivan', 'jun'];

describe('checkpoints', () => {
  it('resume from their text with bit-identical results to an uninterrupted run', () => {
    const dataset = datasetOf(names, ['a', 'b'], names.map((_, i) => i % 2));
    const settings = validateSettings({ hiddenSize: 12, batchSize: 3, evalEvery: 4, stop: { steps: 20 } });
    const straight = createTrainer(dataset, settings);
    while (straight.step());

    const first = createTrainer(dataset, settings);
    for (let i = 0; i < 9; i++) first.step();
    const resumed = parseCheckpoint(serializeCheckpoint(first, dataset));
    // the settings as they ran: an 'auto' rate is saved as the number chosen
    expect(resumed.settings).toEqual({ ...settings, learningRate: learningRateFor(12) });
    expect(resumed.dataset.names).toEqual(dataset.names);
    expect(Array.from(resumed.dataset.categoryOf)).toEqual(Array.from(dataset.categoryOf));
    const second = createTrainer(resumed.dataset, resumed.settings, { resume: resumed.state });
    while (second.step());
    expect(Array.from(second.params.data)).toEqual(Array.from(straight.params.data));
    const withoutClock = (points: { seconds: number }[]) => points.map(({ seconds: _, ...rest }) => rest);
    expect(withoutClock(second.history())).toEqual(withoutClock(straight.history()));
  });

  it('keep the WebAssembly kernels\' float32 moments as they are, and resume them bit for bit', () => {
    const dataset = datasetOf(names);
    const settings = validateSettings({ hiddenSize: 12, batchSize: 4, evalEvery: 4, dtype: 'float32', stop: { steps: 16 } });
    const kernels = createWasmKernels();
    try {
      const straight = createTrainer(dataset, settings, { kernels });
      while (straight.step());
      const first = createTrainer(dataset, settings, { kernels });
      for (let i = 0; i < 7; i++) first.step();
      const json = JSON.parse(serializeCheckpoint(first, dataset));
      expect(json.checkpoint.optimizer.dtype).toBe('float32');
      const resumed = parseCheckpoint(JSON.stringify(json));
      expect(resumed.state.optimizer.m).toBeInstanceOf(Float32Array);
      expect(Array.from(resumed.state.optimizer.v)).toEqual(Array.from(first.state().optimizer.v));
      const second = createTrainer(resumed.dataset, resumed.settings, { kernels, resume: resumed.state });
      while (second.step());
      expect(Array.from(second.params.data)).toEqual(Array.from(straight.params.data));
    } finally {
      kernels.dispose();
    }
  });

  it('read the float64 moments of checkpoints written before the moments\' dtype was saved', () => {
    const dataset = datasetOf(names);
    const trainer = createTrainer(dataset, validateSettings({ hiddenSize: 4, batchSize: 2, stop: { steps: 3 } }));
    trainer.step();
    const json = JSON.parse(serializeCheckpoint(trainer, dataset));
    expect(json.checkpoint.optimizer.dtype).toBe('float64');
    delete json.checkpoint.optimizer.dtype;
    const resumed = parseCheckpoint(JSON.stringify(json));
    expect(resumed.state.optimizer.m).toBeInstanceOf(Float64Array);
    expect(Array.from(resumed.state.optimizer.m)).toEqual(Array.from(trainer.state().optimizer.m));
  });

  it('are model files whose weights are the best so far, usable by any tool', () => {
    const dataset = datasetOf(names);
    const trainer = createTrainer(dataset, validateSettings({ hiddenSize: 8, batchSize: 2, evalEvery: 3, stop: { steps: 7 } }));
    while (trainer.step());
    const model = parseModel(serializeCheckpoint(trainer, dataset));
    expect(Array.from(model.params.data)).toEqual(Array.from(trainer.bestParams().data));
    expect(datasetOfModel(model)?.names).toEqual(names);
    expect(sampleNames(model.params, model.vocab, { count: 3, seed: 1 })).toEqual(sampleNames(trainer.bestParams(), trainer.vocab, { count: 3, seed: 1 }));
  });

  it('refuse a damaged checkpoint, naming the field', () => {
    const dataset = datasetOf(names);
    const trainer = createTrainer(dataset, validateSettings({ hiddenSize: 4, batchSize: 2, stop: { steps: 2 } }));
    trainer.step();
    const json = JSON.parse(serializeCheckpoint(trainer, dataset));
    const broken = (edit: (j: any) => void) => {
      const copy = structuredClone(json);
      edit(copy);
      return () => parseCheckpoint(JSON.stringify(copy));
    };
    expect(broken((j) => (j.checkpoint.params = 'AAAA'))).toThrow(/checkpoint\.params/);
    expect(broken((j) => (j.checkpoint.optimizer.name = 'rmsprop'))).toThrow(/checkpoint\.optimizer\.name/);
    expect(broken((j) => (j.checkpoint.optimizer.dtype = 'float16'))).toThrow(/checkpoint\.optimizer\.dtype/);
    // float32 moments where the checkpoint says float64: the lengths do not match
    expect(broken((j) => (j.checkpoint.optimizer.dtype = 'float32'))).toThrow(/checkpoint\.optimizer\.m/);
    expect(broken((j) => (j.checkpoint.step = -1))).toThrow(/checkpoint\.step/);
    expect(broken((j) => delete j.trainingNames)).toThrow(/trainingNames/);
    expect(broken((j) => (j.settings.hiddenSize = 5))).toThrow(/hiddenSize/);
    expect(broken((j) => delete j.checkpoint)).toThrow(/checkpoint: expected an object/);
  });
});
