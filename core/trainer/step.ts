// One training step: forward and backward over the next batch, the gradient's norms, one optimizer
// update with global-norm clipping, then a scheduled evaluation and the checks that end training.

import { clipFactor } from '../optim.ts';
import { PARAM_NAMES, type ParamName } from '../params.ts';
import { smoothLoss } from '../smoothing.ts';
import type { StepReport, StopReason } from '../trainer.ts';
import { takeBatch } from './batches.ts';
import { patienceStop } from './early-stop.ts';
import { evaluationDue } from './evaluation-schedule.ts';
import { evaluate } from './evaluation.ts';
import { learningRate, scaleOnPlateau } from './lr-schedule.ts';
import { stopFraction } from './progress.ts';
import type { TrainerRun } from './run.ts';

/** One update; after divergence or finishing it does nothing and returns null. */
export function trainStep(run: TrainerRun): StepReport | null {
  if (run.stopReason) return null;
  const { state, params, grads, workspace, sumSquares } = run;
  const started = run.now();
  const { batch, fillNext } = takeBatch(run);
  const loss = run.forwardBackward(params, batch, workspace, grads, fillNext);
  // the gradient of the mean loss per token is the summed gradient times `scale`
  const scale = 1 / batch.tokens;
  run.update.sumSquares(grads, workspace, sumSquares);
  for (let k = 0; k < sumSquares.length; k++) sumSquares[k] = sumSquares[k]! * scale * scale;
  const perToken = loss * scale;
  const sum = sumSquares.reduce((a, b) => a + b, 0);
  if (!Number.isFinite(perToken) || !Number.isFinite(sum)) {
    run.stopReason = divergedAt(state.step + 1, Number.isFinite(perToken) ? 'gradient' : 'loss');
    return null;
  }
  const paramGradNorms = {} as Record<ParamName, number>;
  PARAM_NAMES.forEach((name, k) => (paramGradNorms[name] = Math.sqrt(sumSquares[k]!)));
  const norm = Math.sqrt(sum);
  const clip = clipFactor(norm, run.settings.clip);
  run.update.step(state.optimizer, params, grads, learningRate(run), scale * clip);
  state.step++;
  state.tokens += batch.tokens;
  state.trainLoss = smoothLoss(state.trainLoss, perToken);
  const report: StepReport = {
    step: state.step,
    loss: perToken,
    tokens: batch.tokens,
    dLdhNorms: Array.from(workspace.dLdhNorms.subarray(0, batch.T)),
    paramGradNorms,
    gradNorm: norm,
    clipped: clip < 1,
  };
  state.milliseconds += run.now() - started;
  evaluateIfDue(run);
  return report;
}

/** A scheduled evaluation, then the patience and the 'plateau' rate; at the stop condition's end, a last evaluation. */
function evaluateIfDue(run: TrainerRun): void {
  const evaluated = evaluationDue(run);
  if (evaluated) {
    evaluate(run);
    run.stopReason = patienceStop(run);
    if (!run.stopReason) scaleOnPlateau(run);
  }
  if (!run.stopReason && stopFraction(run) >= 1) {
    if (!evaluated) evaluate(run);
    run.stopReason = { kind: 'finished', bestStep: run.state.bestStep, seconds: run.state.milliseconds / 1000 };
  }
}

function divergedAt(step: number, notFinite: 'loss' | 'gradient'): StopReason {
  return {
    kind: 'diverged',
    message: `training diverged at step ${step}: the ${notFinite} is not finite. ` +
      'The last good weights are kept; try a lower learning rate or a smaller clip value.',
  };
}
