// How far training has come: epochs done, and the share of the stop condition done.

import type { TrainerRun } from './run.ts';

/** Epochs done, fractional. */
export function epochsDone(run: TrainerRun): number {
  return run.state.epoch + run.state.cursor / run.split.train.length;
}

/** 0 … 1 of the stop condition: the furthest of its epochs, steps and seconds. */
export function stopFraction(run: TrainerRun): number {
  const { state } = run;
  const { epochs, steps, seconds } = run.settings.stop;
  return Math.min(1, Math.max(
    epochs ? epochsDone(run) / epochs : 0,
    steps ? state.step / steps : 0,
    seconds ? state.milliseconds / 1000 / seconds : 0,
  ));
}
