// When the trainer evaluates the validation set: every evalEvery steps, or with evalEvery 'auto'
// after every epoch's worth of training tokens, less often when the validation set is large.

import type { TrainerRun } from './run.ts';

/**
 * Automatic evaluation keeps evaluating within `share` of the training time. A validation token
 * (forward only, in batches of EVAL_BATCH) costs at most `cost` training tokens (npm run bench
 * measures the share).
 */
export const EVALUATION_BUDGET = { share: 0.05, cost: 0.5 } as const;

/** Training tokens between two automatic evaluations: an epoch's, or more when validating costs more. */
export function evaluationInterval(tokens: { train: number; validation: number }): number {
  return Math.max(tokens.train, (tokens.validation * EVALUATION_BUDGET.cost) / EVALUATION_BUDGET.share);
}

/** Whether the step just taken is followed by an evaluation; moves the next automatic one on. */
export function evaluationDue(run: TrainerRun): boolean {
  const { settings, state } = run;
  if (settings.evalEvery !== 'auto') return state.step % settings.evalEvery === 0;
  if (state.tokens < state.nextEvalTokens) return false;
  while (state.nextEvalTokens <= state.tokens) state.nextEvalTokens += run.evalInterval;
  return true;
}
