// Training, one minibatch at a time. Whoever drives it (the CLI, Electron's utility process, a Web
// Worker) calls step() in a loop and can pause, resume or stop between any two steps; nothing here
// knows about time slices or messages. Time counts only while step() and evaluate() run.
// The parts, in trainer/, share one TrainerRun record (run.ts): the batches, the step, the
// evaluations and their schedule, the learning-rate schedule and the patience.

import type { Dataset } from './dataset.ts';
import type { RnnKernels } from './kernels.ts';
import type { OptimizerState } from './optim.ts';
import type { ParamName, Params } from './params.ts';
import type { FittedSettings, TrainSettings } from './settings.ts';
import type { Vocabulary } from './tokens.ts';
import { evaluate } from './trainer/evaluation.ts';
import { learningRate } from './trainer/lr-schedule.ts';
import { epochsDone, stopFraction } from './trainer/progress.ts';
import { createRun, type TrainerRun } from './trainer/run.ts';
import { trainStep } from './trainer/step.ts';

export type StepReport = {
  step: number;
  /** Mean negative log-likelihood per token of this batch (nats). */
  loss: number;
  tokens: number;
  /** Mean over the batch's running rows of ‖dL/dh_t‖₂, t = 0 … T−1. */
  dLdhNorms: number[];
  /** ‖∂L/∂θ‖₂ of each parameter, before clipping. */
  paramGradNorms: Record<ParamName, number>;
  gradNorm: number;
  clipped: boolean;
};

export type Progress = {
  step: number;
  /** Epochs done, fractional. */
  epoch: number;
  tokens: number;
  /** Training time in seconds, pauses excluded. */
  seconds: number;
  tokensPerSecond: number;
  /** Exponential moving average of the per-token batch loss. */
  trainLoss: number;
  /** Latest validation loss per token, or null before the first evaluation. */
  valLoss: number | null;
  bestValLoss: number | null;
  learningRate: number;
  /** 0 … 1 of the stop condition. */
  fraction: number;
  etaSeconds: number | null;
};

export type HistoryPoint = { step: number; tokens: number; seconds: number; trainLoss: number; valLoss: number };

/** Why training ended, with the step whose weights are kept and the training time it took. */
export type StopReason =
  | { kind: 'finished'; bestStep: number; seconds: number }
  /** Validation loss had not improved for `patience` epochs. */
  | { kind: 'plateau'; patience: number; bestStep: number; seconds: number }
  | { kind: 'diverged'; message: string };

/** "stopped after 6.2 s: validation loss has not improved for 5 epochs; kept the weights from step 70" */
export function describeStop(reason: StopReason): string {
  if (reason.kind === 'diverged') return reason.message;
  const after = `after ${reason.seconds < 10 ? reason.seconds.toFixed(1) : Math.round(reason.seconds)} s`;
  const kept = `kept the weights from step ${reason.bestStep.toLocaleString('en-US')}`;
  if (reason.kind === 'finished') return `reached its limit ${after}; ${kept}`;
  const epochs = `${reason.patience} epoch${reason.patience === 1 ? '' : 's'}`;
  return `stopped ${after}: validation loss has not improved for ${epochs}; ${kept}`;
}

export type Trainer = {
  readonly vocab: Vocabulary;
  readonly settings: FittedSettings;
  /** The weights being trained. */
  readonly params: Params;
  /** Best weights so far by validation loss (the current ones before the first evaluation). */
  bestParams(): Params;
  /** One update; after divergence or finishing it does nothing and returns null. */
  step(): StepReport | null;
  /** Validation loss per token of the current weights; records it in the history. */
  evaluate(): number;
  progress(): Progress;
  /** Set once training has ended, with why. */
  stopped(): StopReason | null;
  /** Validation loss after every evaluation. */
  history(): HistoryPoint[];
  /** Names used for training and validation, to tell generated names that are new. */
  readonly trainingNames: ReadonlySet<string>;
  /** Everything needed to continue later with bit-identical results. */
  state(): TrainerState;
};

/** The resumable part of a trainer (checkpoint.ts serialises it). */
export type TrainerState = {
  params: Params;
  best: Params;
  bestValLoss: number | null;
  /** Step and (fractional) epoch at which the best weights were taken. */
  bestStep: number;
  bestEpoch: number;
  /** Epoch from which the patience counts, when later than the best (a continued run). */
  patienceFrom: number;
  /** Training tokens after which the next scheduled evaluation runs. */
  nextEvalTokens: number;
  /** Factor on the learning rate ('plateau' halves it), and the epoch it last changed. */
  lrScale: number;
  lrScaledAt: number;
  optimizer: OptimizerState;
  step: number;
  /** Epochs completed and the position inside the current epoch's order. */
  epoch: number;
  cursor: number;
  tokens: number;
  milliseconds: number;
  trainLoss: number;
  valLoss: number | null;
  history: HistoryPoint[];
};

export type TrainerOptions = {
  kernels?: RnnKernels;
  /** Milliseconds clock; Date.now by default (core has no platform clock of its own). */
  now?: () => number;
  resume?: TrainerState;
  /** Continuing a finished run: the patience counts from here, not from the best weights. */
  freshPatience?: boolean;
};

export { EVALUATION_BUDGET } from './trainer/evaluation-schedule.ts';

export function createTrainer(dataset: Dataset, settings: TrainSettings, options: TrainerOptions = {}): Trainer {
  const run = createRun(dataset, settings, options);
  return {
    vocab: dataset.vocab,
    settings: run.settings,
    params: run.params,
    trainingNames: new Set(dataset.names),
    bestParams: () => (run.state.bestValLoss === null ? run.params : run.state.best),
    stopped: () => run.stopReason,
    history: () => run.state.history,
    state: () => run.state,
    step: () => trainStep(run),
    evaluate: () => evaluate(run),
    progress: () => progressOf(run),
  };
}

function progressOf(run: TrainerRun): Progress {
  const { state } = run;
  const seconds = state.milliseconds / 1000;
  const done = stopFraction(run);
  return {
    step: state.step,
    epoch: epochsDone(run),
    tokens: state.tokens,
    seconds,
    tokensPerSecond: seconds > 0 ? state.tokens / seconds : 0,
    trainLoss: state.trainLoss,
    valLoss: state.valLoss,
    bestValLoss: state.bestValLoss,
    learningRate: learningRate(run),
    fraction: done,
    etaSeconds: done > 0 && done < 1 ? (seconds * (1 - done)) / done : done >= 1 ? 0 : null,
  };
}
