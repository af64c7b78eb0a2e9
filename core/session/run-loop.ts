// Training in short slices: each runs steps for sliceMs and schedules the next, so requests are
// answered in between; ticks go out every tickMs and checkpoints every checkpointMs.

import type { Dataset } from '../dataset.ts';
import { describeStop, type Trainer } from '../trainer.ts';
import { emitCheckpoint, emitTick, emptyPending, recordStep } from './events.ts';
import { setTraining, type SessionState } from './state.ts';

export const SESSION_TIMING = { sliceMs: 40, tickMs: 200, checkpointMs: 5000 } as const;

/** Makes `trainer` the session's and starts running it. */
export function beginTraining(session: SessionState, trainer: Trainer, data: Dataset): void {
  session.trainer = trainer;
  session.trainerDataset = data;
  session.loaded = null;
  session.pending = emptyPending();
  session.evaluationsSent = trainer.history().length;
  session.lastTick = session.lastCheckpoint = session.driver.now();
  setTraining(session, 'running');
  scheduleSlice(session);
}

export function scheduleSlice(session: SessionState): void {
  session.driver.schedule(() => runSlice(session));
}

function runSlice(session: SessionState): void {
  const { trainer, driver } = session;
  if (session.training !== 'running' || !trainer) return;
  const end = driver.now() + SESSION_TIMING.sliceMs;
  while (driver.now() < end) {
    const report = trainer.step();
    if (!report) break;
    recordStep(session.pending, report);
  }
  const stopped = trainer.stopped();
  if (stopped) {
    session.training = stopped.kind === 'diverged' ? 'diverged' : 'finished';
    emitTick(session);
    emitCheckpoint(session);
    setTraining(session, session.training, describeStop(stopped));
    return;
  }
  if (driver.now() - session.lastTick >= SESSION_TIMING.tickMs) emitTick(session);
  if (driver.now() - session.lastCheckpoint >= SESSION_TIMING.checkpointMs) emitCheckpoint(session);
  scheduleSlice(session);
}

/** Ends the run on request: a last evaluation, tick and checkpoint, then 'stopped'. */
export function stopTraining(session: SessionState): void {
  session.trainer?.evaluate();
  emitTick(session);
  emitCheckpoint(session);
  setTraining(session, 'stopped');
}
