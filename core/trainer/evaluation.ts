// Evaluating the validation set, and keeping the weights of the best validation loss so far.

import { fillBatch } from '../batch.ts';
import { epochsDone } from './progress.ts';
import type { TrainerRun } from './run.ts';

/** Validation names per forward pass. */
export const EVAL_BATCH = 256;

/** Validation loss per token of the current weights (timed as training); records it in the history. */
export function evaluate(run: TrainerRun): number {
  const { state, params } = run;
  const started = run.now();
  const valLoss = validationLoss(run);
  state.milliseconds += run.now() - started;
  if (Number.isFinite(valLoss)) {
    state.valLoss = valLoss;
    if (state.bestValLoss === null || valLoss < state.bestValLoss) {
      state.bestValLoss = valLoss;
      state.bestStep = state.step;
      state.bestEpoch = epochsDone(run);
      state.best.data.set(params.data);
    }
    state.history.push({ step: state.step, tokens: state.tokens, seconds: state.milliseconds / 1000, trainLoss: state.trainLoss, valLoss });
  }
  return valLoss;
}

/** Mean NLL per token over the validation names (forward only); NaN when there are none. */
function validationLoss(run: TrainerRun): number {
  const { split, evalBatch, sequences, scratch } = run;
  let loss = 0;
  let tokens = 0;
  for (let start = 0; start < split.validation.length; start += EVAL_BATCH) {
    fillBatch(evalBatch, sequences, split.validation.slice(start, start + EVAL_BATCH), scratch);
    loss += run.kernels.forward(run.params, evalBatch, run.workspace);
    tokens += evalBatch.tokens;
  }
  return tokens > 0 ? loss / tokens : NaN;
}
