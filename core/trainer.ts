// Training, one minibatch at a time. Whoever drives it (the CLI, Electron's utility process, a Web
// Worker) calls step() in a loop and can pause, resume or stop between any two steps; nothing here
// knows about time slices or messages. Time counts only while step() and evaluate() run.

import { allocBatch, fillBatch, stepsOf, type Batch, type Sequence } from './batch.ts';
import { splitTrainValidation, type Dataset } from './dataset.ts';
import { clipFactor, type OptimizerState } from './optim.ts';
import { cloneParams, initParams, PARAM_NAMES, type ParamName, type Params } from './params.ts';
import { createRng, shuffle } from './rng.ts';
import { kernelsFor, typescriptKernels, typescriptUpdate, type KernelWorkspace, type RnnKernels } from './kernels.ts';
import { smoothLoss } from './smoothing.ts';
import type { TrainSettings } from './settings.ts';
import { createEncoder, vocabSizes, type Vocabulary } from './tokens.ts';

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
  readonly settings: TrainSettings;
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

/** Where a batch starts: an epoch, and a place in that epoch's order of the training names. */
type Position = { epoch: number; cursor: number };

export type TrainerOptions = {
  kernels?: RnnKernels;
  /** Milliseconds clock; Date.now by default (core has no platform clock of its own). */
  now?: () => number;
  resume?: TrainerState;
  /** Continuing a finished run: the patience counts from here, not from the best weights. */
  freshPatience?: boolean;
};

const EVAL_BATCH = 256;
/**
 * Automatic evaluation: after every epoch, or less often when the validation set is large, so that
 * evaluating stays within `share` of the training time. A validation token (forward only, in
 * batches of EVAL_BATCH) costs at most `cost` training tokens (npm run bench measures the share).
 */
export const EVALUATION_BUDGET = { share: 0.05, cost: 0.5 } as const;
/** 'plateau' halves the learning rate after this many epochs without a better validation loss. */
const PLATEAU_EPOCHS = 1;

export function createTrainer(dataset: Dataset, settings: TrainSettings, options: TrainerOptions = {}): Trainer {
  const kernels = kernelsFor(options.kernels ?? typescriptKernels, settings.dtype);
  const update = kernels.update ?? typescriptUpdate;
  const forwardBackward = kernels.forwardBackward?.bind(kernels) ?? ((p: Params, b: Batch, ws: KernelWorkspace, g: Params, meanwhile: () => void): number => {
    const loss = kernels.forward(p, b, ws);
    kernels.backward(p, b, ws, g);
    meanwhile();
    return loss;
  });
  const now = options.now ?? Date.now;
  const { vocab } = dataset;
  const encoder = createEncoder(vocab);
  const sequences: Sequence[] = dataset.names.map((name, i) => ({
    tokens: Int32Array.from(encoder.encode(name)),
    category: dataset.categoryOf[i]!,
  }));
  const split = splitTrainValidation(dataset, settings.validationFraction, settings.seed);
  if (split.train.length === 0) throw new Error('the dataset has no names left to train on');
  const { A, K } = vocabSizes(vocab);
  const dims = { A, K, H: settings.hiddenSize };
  const maxT = sequences.reduce((m, s) => Math.max(m, stepsOf(s)), 1);
  const tokensOf = (indices: number[]): number => indices.reduce((sum, i) => sum + stepsOf(sequences[i]!), 0);
  const evalInterval = Math.max(tokensOf(split.train), (tokensOf(split.validation) * EVALUATION_BUDGET.cost) / EVALUATION_BUDGET.share);

  const params = kernels.allocParams(dims, settings.dtype);
  if (options.resume) params.data.set(options.resume.params.data);
  else initParams(params, createRng(settings.seed));
  const grads = kernels.allocParams(dims, settings.dtype);
  const batchSize = Math.min(settings.batchSize, split.train.length);
  const workspace: KernelWorkspace = kernels.allocWorkspace(params, Math.max(batchSize, EVAL_BATCH), maxT);
  // Two training batches take turns: the next is filled while the kernels work on the current one.
  const trainBatches = [allocBatch(batchSize, maxT), allocBatch(batchSize, maxT)];
  const evalBatch: Batch = allocBatch(EVAL_BATCH, maxT);
  const scratch: number[] = [];
  const indices = new Int32Array(batchSize);
  const sumSquares = new Float64Array(PARAM_NAMES.length);

  const s: TrainerState = options.resume ? { ...options.resume, params } : {
    params,
    best: cloneParams(params),
    bestValLoss: null,
    bestStep: 0,
    bestEpoch: 0,
    patienceFrom: 0,
    nextEvalTokens: evalInterval,
    lrScale: 1,
    lrScaledAt: 0,
    optimizer: update.createOptimizer(settings.optimizer, params.data.length),
    step: 0,
    epoch: 0,
    cursor: 0,
    tokens: 0,
    milliseconds: 0,
    trainLoss: Math.log(A),
    valLoss: null,
    history: [],
  };
  if (options.freshPatience) s.patienceFrom = s.epoch + s.cursor / split.train.length;
  /** The batch filled ahead: where it starts in the epochs' orders, and where the one after it does. */
  let ahead: { at: Position; batch: Batch; next: Position } | null = null;
  /** The orders of the epochs in use: the current one's, and the next one's once a batch reaches it. */
  let orders: { epoch: number; order: number[] }[] = [];
  let stopReason: StopReason | null = null;

  function orderOf(epoch: number): number[] {
    let known = orders.find((o) => o.epoch === epoch);
    if (!known) {
      known = { epoch, order: shuffle(split.train.slice(), createRng([settings.seed >>> 0, epoch, 0x6e616d65, 0x73616b65])) };
      orders = [...orders.filter((o) => o.epoch === epoch - 1), known];
    }
    return known.order;
  }

  /** Fills `into` with the batch that starts at `at`; returns where the one after it starts. */
  function fillFrom(at: Position, into: Batch): Position {
    let { epoch, cursor } = at;
    let order = orderOf(epoch);
    for (let r = 0; r < batchSize; r++) {
      if (cursor >= order.length) {
        epoch++;
        cursor = 0;
        order = orderOf(epoch);
      }
      indices[r] = order[cursor++]!;
    }
    fillBatch(into, sequences, indices, scratch);
    return { epoch, cursor };
  }

  const epochsDone = (): number => s.epoch + s.cursor / split.train.length;

  function fraction(): number {
    const { epochs, steps, seconds } = settings.stop;
    return Math.min(1, Math.max(
      epochs ? epochsDone() / epochs : 0,
      steps ? s.step / steps : 0,
      seconds ? s.milliseconds / 1000 / seconds : 0,
    ));
  }

  function learningRate(): number {
    const { learningRate: lr, schedule } = settings;
    if (schedule === 'constant') return lr;
    // cosine from lr down to 0 over the stop condition, or over twice the best step if sooner
    const horizon = schedule === 'best-horizon' && s.bestStep > 0 ? s.step / (2 * s.bestStep) : 0;
    const done = Math.min(1, Math.max(fraction(), horizon));
    return lr * s.lrScale * 0.5 * (1 + Math.cos(Math.PI * done));
  }

  /** Epochs without a better validation loss (counted from a continued run's start). */
  const epochsWithoutBest = (): number => epochsDone() - Math.max(s.bestEpoch, s.patienceFrom);

  /** After a scheduled evaluation: 'plateau' halves the rate; the patience may end training. */
  function afterEvaluation(): void {
    const { patience, schedule } = settings;
    if (patience > 0 && split.validation.length > 0 && epochsWithoutBest() >= patience) {
      stopReason = { kind: 'plateau', patience, bestStep: s.bestStep, seconds: s.milliseconds / 1000 };
      return;
    }
    if (schedule === 'plateau' && Math.min(epochsWithoutBest(), epochsDone() - s.lrScaledAt) >= PLATEAU_EPOCHS) {
      s.lrScale /= 2;
      s.lrScaledAt = epochsDone();
    }
  }

  function evaluationDue(): boolean {
    if (settings.evalEvery !== 'auto') return s.step % settings.evalEvery === 0;
    if (s.tokens < s.nextEvalTokens) return false;
    while (s.nextEvalTokens <= s.tokens) s.nextEvalTokens += evalInterval;
    return true;
  }

  function evaluateNow(): number {
    let loss = 0;
    let tokens = 0;
    for (let start = 0; start < split.validation.length; start += EVAL_BATCH) {
      fillBatch(evalBatch, sequences, split.validation.slice(start, start + EVAL_BATCH), scratch);
      loss += kernels.forward(params, evalBatch, workspace);
      tokens += evalBatch.tokens;
    }
    return tokens > 0 ? loss / tokens : NaN;
  }

  const trainer: Trainer = {
    vocab,
    settings,
    params,
    trainingNames: new Set(dataset.names),
    bestParams: () => (s.bestValLoss === null ? params : s.best),
    stopped: () => stopReason,
    history: () => s.history,
    state: () => s,

    step() {
      if (stopReason) return null;
      const started = now();
      const at = { epoch: s.epoch, cursor: s.cursor };
      const { batch, next } = ahead && ahead.at.epoch === at.epoch && ahead.at.cursor === at.cursor
        ? ahead
        : { batch: trainBatches[0]!, next: fillFrom(at, trainBatches[0]!) };
      s.epoch = next.epoch;
      s.cursor = next.cursor;
      const spare = batch === trainBatches[0] ? trainBatches[1]! : trainBatches[0]!;
      const loss = forwardBackward(params, batch, workspace, grads, () => {
        ahead = { at: next, batch: spare, next: fillFrom(next, spare) };
      });
      // the gradient of the mean loss per token is the summed gradient times `scale`
      const scale = 1 / batch.tokens;
      update.sumSquares(grads, workspace, sumSquares);
      for (let k = 0; k < sumSquares.length; k++) sumSquares[k] = sumSquares[k]! * scale * scale;
      const perToken = loss * scale;
      const sum = sumSquares.reduce((a, b) => a + b, 0);
      if (!Number.isFinite(perToken) || !Number.isFinite(sum)) {
        stopReason = {
          kind: 'diverged',
          message: `training diverged at step ${s.step + 1}: the ${Number.isFinite(perToken) ? 'gradient' : 'loss'} is not finite. ` +
            'The last good weights are kept; try a lower learning rate or a smaller clip value.',
        };
        return null;
      }
      const paramGradNorms = {} as Record<ParamName, number>;
      PARAM_NAMES.forEach((name, k) => (paramGradNorms[name] = Math.sqrt(sumSquares[k]!)));
      const norm = Math.sqrt(sum);
      const clip = clipFactor(norm, settings.clip);
      update.step(s.optimizer, params, grads, learningRate(), scale * clip);
      s.step++;
      s.tokens += batch.tokens;
      s.trainLoss = smoothLoss(s.trainLoss, perToken);
      const report: StepReport = {
        step: s.step,
        loss: perToken,
        tokens: batch.tokens,
        dLdhNorms: Array.from(workspace.dLdhNorms.subarray(0, batch.T)),
        paramGradNorms,
        gradNorm: norm,
        clipped: clip < 1,
      };
      s.milliseconds += now() - started;
      const evaluated = evaluationDue();
      if (evaluated) {
        trainer.evaluate();
        afterEvaluation();
      }
      if (!stopReason && fraction() >= 1) {
        if (!evaluated) trainer.evaluate();
        stopReason = { kind: 'finished', bestStep: s.bestStep, seconds: s.milliseconds / 1000 };
      }
      return report;
    },

    evaluate() {
      const started = now();
      const valLoss = evaluateNow();
      s.milliseconds += now() - started;
      if (Number.isFinite(valLoss)) {
        s.valLoss = valLoss;
        if (s.bestValLoss === null || valLoss < s.bestValLoss) {
          s.bestValLoss = valLoss;
          s.bestStep = s.step;
          s.bestEpoch = epochsDone();
          s.best.data.set(params.data);
        }
        s.history.push({ step: s.step, tokens: s.tokens, seconds: s.milliseconds / 1000, trainLoss: s.trainLoss, valLoss });
      }
      return valLoss;
    },

    progress() {
      const seconds = s.milliseconds / 1000;
      const done = fraction();
      return {
        step: s.step,
        epoch: s.epoch + s.cursor / split.train.length,
        tokens: s.tokens,
        seconds,
        tokensPerSecond: seconds > 0 ? s.tokens / seconds : 0,
        trainLoss: s.trainLoss,
        valLoss: s.valLoss,
        bestValLoss: s.bestValLoss,
        learningRate: learningRate(),
        fraction: done,
        etaSeconds: done > 0 && done < 1 ? (seconds * (1 - done)) / done : done >= 1 ? 0 : null,
      };
    },
  };
  return trainer;
}
