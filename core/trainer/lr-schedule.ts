// The learning rate of each step: constant, or a cosine from the set rate down to 0 over the stop
// condition ('best-horizon': over twice the best step if sooner), times the factor that 'plateau'
// halves after an epoch without a better validation loss.

import { epochsWithoutBest } from './early-stop.ts';
import { epochsDone, stopFraction } from './progress.ts';
import type { TrainerRun } from './run.ts';

/** 'plateau' halves the learning rate after this many epochs without a better validation loss. */
const PLATEAU_EPOCHS = 1;

export function learningRate(run: TrainerRun): number {
  const { state } = run;
  const { learningRate: lr, schedule } = run.settings;
  if (schedule === 'constant') return lr;
  const horizon = schedule === 'best-horizon' && state.bestStep > 0 ? state.step / (2 * state.bestStep) : 0;
  const done = Math.min(1, Math.max(stopFraction(run), horizon));
  return lr * state.lrScale * 0.5 * (1 + Math.cos(Math.PI * done));
}

/** After a scheduled evaluation, 'plateau' halves the rate if no better loss came for PLATEAU_EPOCHS, nor a halving. */
export function scaleOnPlateau(run: TrainerRun): void {
  const { state } = run;
  if (run.settings.schedule === 'plateau' && Math.min(epochsWithoutBest(run), epochsDone(run) - state.lrScaledAt) >= PLATEAU_EPOCHS) {
    state.lrScale /= 2;
    state.lrScaledAt = epochsDone(run);
  }
}
