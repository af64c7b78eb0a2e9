// A checkpoint is a model file whose weights are the best so far (so any tool can use it as it is)
// plus, under metadata.checkpoint, what training needs to continue with bit-identical results: the
// current weights, the optimizer's moments, the position in the data and the clock.

import { decodeBase64Into, decodedLength, encodeBase64 } from './base64.ts';
import { datasetOfModel, modelFromTrainer } from './model.ts';
import type { Dataset } from './dataset.ts';
import { parseModel, serializeModel, type ModelFile } from './model-file.ts';
import { isHistoryPoint } from './model-summary.ts';
import { OPTIMIZERS } from './optim.ts';
import { cloneParams, viewParams } from './params.ts';
import { validateSettings, type TrainSettings } from './settings.ts';
import type { HistoryPoint, Trainer, TrainerState } from './trainer.ts';

export function serializeCheckpoint(trainer: Trainer, dataset: Dataset): string {
  const model = modelFromTrainer(trainer, dataset);
  const state = trainer.state();
  model.metadata.checkpoint = {
    params: encodeFloats(state.params.data),
    optimizer: {
      name: state.optimizer.name, t: state.optimizer.t, dtype: dtypeOf(state.optimizer.m, state.optimizer.v),
      m: encodeFloats(state.optimizer.m), v: encodeFloats(state.optimizer.v),
    },
    step: state.step, epoch: state.epoch, cursor: state.cursor, tokens: state.tokens, milliseconds: state.milliseconds,
    trainLoss: state.trainLoss, valLoss: state.valLoss, bestValLoss: state.bestValLoss,
    bestStep: state.bestStep, bestEpoch: state.bestEpoch, patienceFrom: state.patienceFrom, nextEvalTokens: state.nextEvalTokens,
    lrScale: state.lrScale, lrScaledAt: state.lrScaledAt,
  };
  return serializeModel(model);
}

export type Resumable = { model: ModelFile; dataset: Dataset; settings: TrainSettings; state: TrainerState };

/** Everything to continue training from a checkpoint's text; every refusal names the field. */
export function parseCheckpoint(text: string): Resumable {
  const model = parseModel(text);
  const { checkpoint, settings: rawSettings, history } = model.metadata;
  const saved = record(checkpoint, 'checkpoint');
  const settings = validateSettings(rawSettings);
  const dataset = datasetOfModel(model);
  if (!dataset) throw new Error('trainingNames: the checkpoint does not carry the names it was trained on');
  if (settings.hiddenSize !== model.params.dims.H) throw new Error(`settings.hiddenSize: ${settings.hiddenSize} does not match the weights (H=${model.params.dims.H})`);
  const best = model.params;
  const params = viewParams(best.dims, best.data.slice());
  decodeFloats(saved.params, params.data, 'checkpoint.params');
  const savedOptimizer = record(saved.optimizer, 'checkpoint.optimizer');
  const name = OPTIMIZERS.find((n) => n === savedOptimizer.name);
  if (!name) throw new Error(`checkpoint.optimizer.name: expected one of ${OPTIMIZERS.join(', ')}`);
  const size = params.data.length;
  // the moments as they were kept: float32 by the WebAssembly kernels, float64 by the TypeScript
  // ones and in checkpoints from before the field existed
  const dtype = savedOptimizer.dtype ?? 'float64';
  if (dtype !== 'float32' && dtype !== 'float64') throw new Error('checkpoint.optimizer.dtype: expected float32 or float64');
  const Moments = dtype === 'float32' ? Float32Array : Float64Array;
  const m = new Moments(name === 'adam' ? size : 0);
  const v = new Moments(name === 'sgd' ? 0 : size);
  decodeFloats(savedOptimizer.m, m, 'checkpoint.optimizer.m');
  decodeFloats(savedOptimizer.v, v, 'checkpoint.optimizer.v');
  const state: TrainerState = {
    params,
    best: cloneParams(best),
    bestValLoss: nullableNumber(saved.bestValLoss, 'checkpoint.bestValLoss'),
    ...scheduleOf(saved, history),
    optimizer: { name, t: count(savedOptimizer.t, 'checkpoint.optimizer.t'), m, v },
    step: count(saved.step, 'checkpoint.step'),
    epoch: count(saved.epoch, 'checkpoint.epoch'),
    cursor: count(saved.cursor, 'checkpoint.cursor'),
    tokens: count(saved.tokens, 'checkpoint.tokens'),
    milliseconds: nonNegative(saved.milliseconds, 'checkpoint.milliseconds'),
    trainLoss: nonNegative(saved.trainLoss, 'checkpoint.trainLoss'),
    valLoss: nullableNumber(saved.valLoss, 'checkpoint.valLoss'),
    history: Array.isArray(history) ? (history as HistoryPoint[]).filter(isHistoryPoint) : [],
  };
  return { model, dataset, settings, state };
}

/**
 * Where the evaluations, the patience and the rate's factor stand. A checkpoint written before
 * they were stored gets them from its history: the best point's step, and an evaluation next step.
 */
function scheduleOf(saved: Record<string, unknown>, history: unknown): Pick<TrainerState,
  'bestStep' | 'bestEpoch' | 'patienceFrom' | 'nextEvalTokens' | 'lrScale' | 'lrScaledAt'> {
  if (saved.bestStep === undefined) {
    const points = Array.isArray(history) ? (history as unknown[]).filter(isHistoryPoint) : [];
    const best = points.reduce<HistoryPoint | null>((b, p) => (b === null || p.valLoss < b.valLoss ? p : b), null);
    const epoch = count(saved.epoch, 'checkpoint.epoch');
    return { bestStep: best?.step ?? 0, bestEpoch: epoch, patienceFrom: epoch, nextEvalTokens: 0, lrScale: 1, lrScaledAt: epoch };
  }
  return {
    bestStep: count(saved.bestStep, 'checkpoint.bestStep'),
    bestEpoch: nonNegative(saved.bestEpoch, 'checkpoint.bestEpoch'),
    patienceFrom: nonNegative(saved.patienceFrom, 'checkpoint.patienceFrom'),
    nextEvalTokens: nonNegative(saved.nextEvalTokens, 'checkpoint.nextEvalTokens'),
    lrScale: positive(saved.lrScale, 'checkpoint.lrScale'),
    lrScaledAt: nonNegative(saved.lrScaledAt, 'checkpoint.lrScaledAt'),
  };
}

function positive(value: unknown, field: string): number {
  const n = nonNegative(value, field);
  if (n === 0) throw new Error(`${field}: expected a number > 0`);
  return n;
}

/** The moments' precision; an empty array (SGD's) follows the other. */
function dtypeOf(m: Float32Array | Float64Array, v: Float32Array | Float64Array): 'float32' | 'float64' {
  return (m.length > 0 ? m : v) instanceof Float32Array ? 'float32' : 'float64';
}

function encodeFloats(values: Float32Array | Float64Array): string {
  return encodeBase64(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
}

function decodeFloats(text: unknown, out: Float32Array | Float64Array, field: string): void {
  if (typeof text !== 'string' || decodedLength(text) !== out.byteLength) {
    throw new Error(`${field}: expected ${out.length} numbers in base64`);
  }
  decodeBase64Into(text, new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
  for (let i = 0; i < out.length; i++) if (!Number.isFinite(out[i]!)) throw new Error(`${field}[${i}]: not a finite number`);
}

function record(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${field}: expected an object`);
  return value as Record<string, unknown>;
}

function nonNegative(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new Error(`${field}: expected a number ≥ 0`);
  return value;
}

function count(value: unknown, field: string): number {
  const n = nonNegative(value, field);
  if (!Number.isInteger(n)) throw new Error(`${field}: expected a whole number`);
  return n;
}

function nullableNumber(value: unknown, field: string): number | null {
  return value === null ? null : nonNegative(value, field);
}
