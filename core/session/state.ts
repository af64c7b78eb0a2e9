// What a session holds between requests, in one named record that its parts share, and the
// model that generate, inspect and snapshot use: the trainer's best weights, or a loaded model.

import type { Dataset } from '../dataset.ts';
import type { Params } from '../params.ts';
import type { SessionDriver, TrainingState } from '../session.ts';
import type { Vocabulary } from '../tokens.ts';
import type { Trainer } from '../trainer.ts';
import { emptyPending, type PendingTick } from './events.ts';

type CurrentModel = { vocab: Vocabulary; params: Params; trainingNames: ReadonlySet<string>; modelText: string | null };

export type SessionState = {
  readonly driver: SessionDriver;
  /** The names imported last, which the next start trains on. */
  dataset: Dataset | null;
  trainer: Trainer | null;
  /** The names the trainer trains on, which its checkpoints carry. */
  trainerDataset: Dataset | null;
  /** A model loaded from a file, while there is no trainer; its text is kept for snapshots. */
  loaded: CurrentModel | null;
  training: TrainingState;
  /** What the steps since the last tick reported. */
  pending: PendingTick;
  lastTick: number;
  /** Evaluations already sent in a tick. */
  evaluationsSent: number;
  lastCheckpoint: number;
};

export function createSessionState(driver: SessionDriver): SessionState {
  return { driver, dataset: null, trainer: null, trainerDataset: null, loaded: null, training: 'idle', pending: emptyPending(), lastTick: 0, evaluationsSent: 0, lastCheckpoint: 0 };
}

export function currentModel(session: SessionState): CurrentModel {
  const { trainer, loaded } = session;
  if (trainer) return { vocab: trainer.vocab, params: trainer.bestParams(), trainingNames: trainer.trainingNames, modelText: null };
  if (loaded) return loaded;
  throw new Error('there is no model yet: train one or load one from the library');
}

/** Moves to `next` and tells the driver, with the message when there is one. */
export function setTraining(session: SessionState, next: TrainingState, message?: string): void {
  session.training = next;
  session.driver.emit(message === undefined ? { type: 'state', state: next } : { type: 'state', state: next, message });
}

export function requireIdle(session: SessionState, action: string): void {
  const { training } = session;
  if (training === 'running' || training === 'paused') throw new Error(`cannot ${action} while training is ${training}: stop it first`);
}
