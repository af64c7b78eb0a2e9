// One training run as a single named record that the trainer's parts share: the kernels, the
// names as token sequences, the buffers the kernels work in, and the resumable TrainerState.

import { allocBatch, stepsOf, type Batch, type Sequence } from '../batch.ts';
import { splitTrainValidation, type Dataset } from '../dataset.ts';
import { kernelsFor, typescriptKernels, typescriptUpdate, type KernelUpdate, type KernelWorkspace, type RnnKernels } from '../kernels.ts';
import type { OptimizerState } from '../optim.ts';
import { cloneParams, initParams, PARAM_NAMES, type Params } from '../params.ts';
import { createRng } from '../rng.ts';
import { fitToList, type FittedSettings, type TrainSettings } from '../settings.ts';
import { createEncoder, vocabSizes } from '../tokens.ts';
import type { StopReason, TrainerOptions, TrainerState } from '../trainer.ts';
import { createBatchFeed, type BatchFeed } from './batches.ts';
import { evaluationInterval } from './evaluation-schedule.ts';
import { EVAL_BATCH } from './evaluation.ts';

/** Forward then backward over one batch, running `meanwhile` while the kernels work; the summed loss. */
type ForwardBackward = (params: Params, batch: Batch, ws: KernelWorkspace, grads: Params, meanwhile: () => void) => number;

export type TrainerRun = {
  /** As they run: an 'auto' hidden size and rate chosen for the list. */
  readonly settings: FittedSettings;
  readonly kernels: RnnKernels;
  readonly update: KernelUpdate;
  readonly forwardBackward: ForwardBackward;
  /** Milliseconds clock. */
  readonly now: () => number;
  /** Every name of the dataset as tokens, and the indices of those that train and those that validate. */
  readonly sequences: Sequence[];
  readonly split: { train: number[]; validation: number[] };
  /** Training tokens between two automatic evaluations (evalEvery 'auto'). */
  readonly evalInterval: number;
  readonly params: Params;
  readonly grads: Params;
  readonly workspace: KernelWorkspace;
  readonly feed: BatchFeed;
  readonly evalBatch: Batch;
  /** fillBatch's scratch space, shared by the training and the validation batches. */
  readonly scratch: number[];
  /** Σ g² of each parameter (in PARAM_NAMES order) of the latest step, scaled to the mean loss. */
  readonly sumSquares: Float64Array;
  readonly state: TrainerState;
  /** Set once training has ended. */
  stopReason: StopReason | null;
};

export function createRun(dataset: Dataset, requested: TrainSettings, options: TrainerOptions): TrainerRun {
  const kernels = kernelsFor(options.kernels ?? typescriptKernels, requested.dtype);
  const update = kernels.update ?? typescriptUpdate;
  const { sequences, split, tokens, maxT } = trainingData(dataset, requested);
  const settings = fitToList(requested, tokens.train);
  const { A, K } = vocabSizes(dataset.vocab);
  const dims = { A, K, H: settings.hiddenSize };
  const evalInterval = evaluationInterval(tokens);
  // allocated in this order, since kernels may place them in their own memory
  const params = kernels.allocParams(dims, settings.dtype);
  if (options.resume) params.data.set(options.resume.params.data);
  else initParams(params, createRng(settings.seed));
  const grads = kernels.allocParams(dims, settings.dtype);
  const batchSize = Math.min(settings.batchSize, split.train.length);
  const workspace = kernels.allocWorkspace(params, Math.max(batchSize, EVAL_BATCH), maxT);
  const feed = createBatchFeed(batchSize, maxT);
  const evalBatch = allocBatch(EVAL_BATCH, maxT);
  const state: TrainerState = options.resume
    ? { ...options.resume, params }
    : initialState(params, () => update.createOptimizer(settings.optimizer, params.data.length), evalInterval, Math.log(A));
  if (options.freshPatience) state.patienceFrom = state.epoch + state.cursor / split.train.length;
  return {
    settings,
    kernels,
    update,
    forwardBackward: kernels.forwardBackward?.bind(kernels) ?? separateForwardBackward(kernels),
    now: options.now ?? Date.now,
    sequences,
    split,
    evalInterval,
    params,
    grads,
    workspace,
    feed,
    evalBatch,
    scratch: [],
    sumSquares: new Float64Array(PARAM_NAMES.length),
    state,
    stopReason: null,
  };
}

/** The names as token sequences, split into training and validation with the tokens of each; maxT is the longest's steps. */
type TrainingData = Pick<TrainerRun, 'sequences' | 'split'> & { tokens: { train: number; validation: number }; maxT: number };

function trainingData(dataset: Dataset, settings: TrainSettings): TrainingData {
  const encoder = createEncoder(dataset.vocab);
  const sequences: Sequence[] = dataset.names.map((name, i) => ({
    tokens: Int32Array.from(encoder.encode(name)),
    category: dataset.categoryOf[i]!,
  }));
  const split = splitTrainValidation(dataset, settings.validationFraction, settings.seed);
  if (split.train.length === 0) throw new Error('the dataset has no names left to train on');
  const maxT = sequences.reduce((longest, sequence) => Math.max(longest, stepsOf(sequence)), 1);
  const tokensOf = (indices: number[]): number => indices.reduce((sum, i) => sum + stepsOf(sequences[i]!), 0);
  return { sequences, split, tokens: { train: tokensOf(split.train), validation: tokensOf(split.validation) }, maxT };
}

/** A fresh run: no evaluation yet, the loss at its initial ln A, the first evaluation one interval away. */
function initialState(params: Params, createOptimizer: () => OptimizerState, evalInterval: number, initialLoss: number): TrainerState {
  return {
    params,
    best: cloneParams(params),
    bestValLoss: null,
    bestStep: 0,
    bestEpoch: 0,
    patienceFrom: 0,
    nextEvalTokens: evalInterval,
    lrScale: 1,
    lrScaledAt: 0,
    optimizer: createOptimizer(), // after the copy of the weights, as the kernels' memory may grow
    step: 0,
    epoch: 0,
    cursor: 0,
    tokens: 0,
    milliseconds: 0,
    trainLoss: initialLoss,
    valLoss: null,
    history: [],
  };
}

/** For kernels without a fused forwardBackward: forward, backward, then `meanwhile`. */
function separateForwardBackward(kernels: RnnKernels): ForwardBackward {
  return (params, batch, ws, grads, meanwhile) => {
    const loss = kernels.forward(params, batch, ws);
    kernels.backward(params, batch, ws, grads);
    meanwhile();
    return loss;
  };
}
