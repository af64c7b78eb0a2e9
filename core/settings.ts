// Training settings, their defaults and their validation. The defaults were chosen by experiment on
// the bundled names (README, "Defaults"); every field is checked where it enters (CLI flags, IPC,
// the settings panel) with a message that names the field and the allowed range.

import { OPTIMIZERS, type OptimizerName } from './optim.ts';
import type { DType } from './params.ts';

export const SCHEDULES = ['cosine', 'constant', 'plateau', 'best-horizon'] as const;
export type Schedule = (typeof SCHEDULES)[number];

/** When training ends: whichever given limit comes first. Time is training time (pauses excluded). */
export type StopCondition = { epochs?: number; steps?: number; seconds?: number };

export type TrainSettings = {
  /** Units in the hidden state, or 'auto': chosen for the list's size when training starts (hiddenSizeFor). */
  hiddenSize: number | 'auto';
  optimizer: OptimizerName;
  /** Adam's step size, or 'auto': chosen for the hidden size (learningRateFor). */
  learningRate: number | 'auto';
  /**
   * 'cosine' decays the rate to zero by the end of the stop condition; 'plateau' also halves it
   * after every epoch without a better validation loss; 'best-horizon' decays it to zero
   * by twice the step of the best validation loss so far (or the stop condition, if sooner).
   */
  schedule: Schedule;
  batchSize: number;
  /** Clip the global gradient norm to this; 0 turns clipping off. */
  clip: number;
  seed: number;
  /** Share of the names held out for validation. */
  validationFraction: number;
  /** Evaluate the validation set every this many steps, or 'auto': about once an epoch, within a
   *  fixed share of the training time (trainer.ts). */
  evalEvery: number | 'auto';
  /** End training when validation has not improved for this many epochs; 0 never does. */
  patience: number;
  stop: StopCondition;
  dtype: DType;
};

export const DEFAULT_SETTINGS: TrainSettings = {
  hiddenSize: 'auto',
  optimizer: 'adam',
  learningRate: 'auto',
  schedule: 'plateau',
  batchSize: 32,
  clip: 5,
  seed: 42,
  validationFraction: 0.1,
  evalEvery: 'auto',
  patience: 5,
  stop: { seconds: 60 },
  dtype: 'float32',
};

export const SETTING_LIMITS = {
  hiddenSize: [1, 1024],
  learningRate: [1e-6, 10],
  batchSize: [1, 1024],
  clip: [0, 1e6],
  seed: [0, 2 ** 32 - 1],
  validationFraction: [0, 0.5],
  evalEvery: [1, 1e9],
  patience: [0, 1e6],
  epochs: [1e-3, 1e6],
  steps: [1, 1e12],
  seconds: [0.01, 1e7],
} as const;

/** Complete and check settings from untrusted input (IPC, CLI, a stored model). */
export function validateSettings(input: unknown): TrainSettings {
  const given = isRecord(input) ? input : {};
  if (input !== undefined && !isRecord(input)) throw new Error('settings: expected an object');
  const pick = <T>(key: keyof TrainSettings): T => (given[key] === undefined ? DEFAULT_SETTINGS[key] : given[key]) as T;
  const settings: TrainSettings = {
    hiddenSize: pick('hiddenSize') === 'auto' ? 'auto' : integer('hiddenSize', pick('hiddenSize'), SETTING_LIMITS.hiddenSize),
    optimizer: oneOf('optimizer', pick('optimizer'), OPTIMIZERS),
    learningRate: pick('learningRate') === 'auto' ? 'auto' : number('learningRate', pick('learningRate'), SETTING_LIMITS.learningRate),
    schedule: oneOf('schedule', pick('schedule'), SCHEDULES),
    batchSize: integer('batchSize', pick('batchSize'), SETTING_LIMITS.batchSize),
    clip: number('clip', pick('clip'), SETTING_LIMITS.clip),
    seed: integer('seed', pick('seed'), SETTING_LIMITS.seed),
    validationFraction: number('validationFraction', pick('validationFraction'), SETTING_LIMITS.validationFraction),
    evalEvery: pick('evalEvery') === 'auto' ? 'auto' : integer('evalEvery', pick('evalEvery'), SETTING_LIMITS.evalEvery),
    patience: number('patience', pick('patience'), SETTING_LIMITS.patience),
    stop: validateStop(pick('stop')),
    dtype: oneOf('dtype', pick('dtype'), ['float32', 'float64'] as const),
  };
  if (settings.learningRate === 'auto' && settings.optimizer !== AUTO_RATE.optimizer) {
    throw new Error(`learningRate: 'auto' is chosen for Adam; give a number for ${settings.optimizer}`);
  }
  return settings;
}

/** Settings as a trainer runs them: an 'auto' hidden size chosen for the list, an 'auto' rate for that size. */
export type FittedSettings = TrainSettings & { hiddenSize: number; learningRate: number };

/** The hidden size 'auto' picks, from the characters (tokens) of the training names. */
export const AUTO_HIDDEN = { perToken: 1, min: 32, max: 384, step: 16 } as const;

/**
 * About one weight of W (H×H) per training character: H = √(perToken · tokens), rounded to a
 * multiple of `step`, from `min` to `max` (docs/training-schedule.md has the comparison).
 */
export function hiddenSizeFor(trainingTokens: number): number {
  const { perToken, min, max, step } = AUTO_HIDDEN;
  const size = Math.round(Math.sqrt(perToken * trainingTokens) / step) * step;
  return Math.min(max, Math.max(min, size));
}

/** Adam's rate for 'auto' (the one optimizer it was measured for): 0.002 at H=384, scaled by 1/√H as the products' fan-in (0.005 at H=48). */
export const AUTO_RATE = { optimizer: 'adam', at: 384, rate: 0.002 } as const;

export function learningRateFor(hiddenSize: number): number {
  return AUTO_RATE.rate * Math.sqrt(AUTO_RATE.at / hiddenSize);
}

export function fitToList(settings: TrainSettings, trainingTokens: number): FittedSettings {
  const hiddenSize = settings.hiddenSize === 'auto' ? hiddenSizeFor(trainingTokens) : settings.hiddenSize;
  const learningRate = settings.learningRate === 'auto' ? learningRateFor(hiddenSize) : settings.learningRate;
  return { ...settings, hiddenSize, learningRate };
}

/** "Train for N more": a continued run's stop condition counts from where it left off. */
export function extendStop(stop: StopCondition, from: { epoch: number; step: number; milliseconds: number }): StopCondition {
  return {
    ...(stop.epochs !== undefined ? { epochs: from.epoch + stop.epochs } : {}),
    ...(stop.steps !== undefined ? { steps: from.step + stop.steps } : {}),
    ...(stop.seconds !== undefined ? { seconds: from.milliseconds / 1000 + stop.seconds } : {}),
  };
}

function validateStop(input: unknown): StopCondition {
  if (!isRecord(input)) throw new Error('stop: expected an object with epochs, steps or seconds');
  const stop: StopCondition = {};
  if (input.epochs !== undefined) stop.epochs = number('stop.epochs', input.epochs, SETTING_LIMITS.epochs);
  if (input.steps !== undefined) stop.steps = integer('stop.steps', input.steps, SETTING_LIMITS.steps);
  if (input.seconds !== undefined) stop.seconds = number('stop.seconds', input.seconds, SETTING_LIMITS.seconds);
  for (const key of Object.keys(input)) {
    if (!['epochs', 'steps', 'seconds'].includes(key)) throw new Error(`stop.${key}: unknown stop condition (use epochs, steps or seconds)`);
  }
  if (stop.epochs === undefined && stop.steps === undefined && stop.seconds === undefined) {
    throw new Error('stop: give at least one of epochs, steps or seconds');
  }
  return stop;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function number(field: string, value: unknown, [min, max]: readonly [number, number]): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new Error(`${field}: expected a number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function integer(field: string, value: unknown, range: readonly [number, number]): number {
  const n = number(field, value, range);
  if (!Number.isInteger(n)) throw new Error(`${field}: expected a whole number, got ${n}`);
  return n;
}

function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new Error(`${field}: expected one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}
