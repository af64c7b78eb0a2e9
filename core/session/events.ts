// What a session tells its driver while training: ticks with the progress and what the steps
// since the last tick reported, and checkpoints of the run so far.

import { serializeCheckpoint } from '../checkpoint.ts';
import type { TrainingTick } from '../session.ts';
import type { StepReport } from '../trainer.ts';
import type { SessionState } from './state.ts';

/** A tick's per-step part, gathered until it is sent. */
export type PendingTick = Omit<TrainingTick, 'progress' | 'evaluations'>;

export function emptyPending(): PendingTick {
  return { losses: [], dLdhNorms: [], paramGradNorms: null, clippedSteps: [] };
}

export function recordStep(pending: PendingTick, report: StepReport): void {
  pending.losses.push({ step: report.step, loss: report.loss });
  pending.dLdhNorms = report.dLdhNorms;
  pending.paramGradNorms = report.paramGradNorms;
  if (report.clipped) pending.clippedSteps.push(report.step);
}

/** Sends the progress, the pending steps and the evaluations not yet sent. */
export function emitTick(session: SessionState): void {
  const { trainer, driver } = session;
  if (!trainer) return;
  const history = trainer.history();
  driver.emit({ type: 'tick', tick: { progress: trainer.progress(), ...session.pending, evaluations: history.slice(session.evaluationsSent) } });
  session.evaluationsSent = history.length;
  session.pending = emptyPending();
  session.lastTick = driver.now();
}

export function emitCheckpoint(session: SessionState): void {
  const { trainer, trainerDataset, driver } = session;
  if (!trainer || !trainerDataset) return;
  driver.emit({ type: 'checkpoint', checkpoint: serializeCheckpoint(trainer, trainerDataset) });
  session.lastCheckpoint = driver.now();
}
