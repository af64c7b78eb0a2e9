// The patience: training ends once the validation loss has not improved for that many epochs.

import type { StopReason } from '../trainer.ts';
import { epochsDone } from './progress.ts';
import type { TrainerRun } from './run.ts';

/** Epochs without a better validation loss (counted from a continued run's start). */
export function epochsWithoutBest(run: TrainerRun): number {
  return epochsDone(run) - Math.max(run.state.bestEpoch, run.state.patienceFrom);
}

/** After a scheduled evaluation: the 'plateau' stop if the patience has run out, else null. */
export function patienceStop(run: TrainerRun): StopReason | null {
  const { patience } = run.settings;
  const { state } = run;
  if (patience > 0 && run.split.validation.length > 0 && epochsWithoutBest(run) >= patience) {
    return { kind: 'plateau', patience, bestStep: state.bestStep, seconds: state.milliseconds / 1000 };
  }
  return null;
}
