// A training session driven by messages: the one piece of logic shared by Electron's utility
// process and the browser's Web Worker. It owns the dataset, the trainer and the current model,
// runs training in short slices between which requests (pause, generate, …) are answered, and
// emits ticks a few times a second and a checkpoint every few seconds. The driver supplies the
// transport (emit), the scheduler and the clock; nothing here knows which process it is in.
// Its parts, in session/, share one SessionState record: the requests, the run loop and the events.

import type { NamedBytes } from './dataset.ts';
import type { DatasetSummary } from './dataset-summary.ts';
import type { RnnKernels } from './kernels.ts';
import type { ParamName } from './params.ts';
import type { SampledName, SampleOptions } from './sample.ts';
import type { NameScore } from './score.ts';
import type { StopCondition } from './settings.ts';
import type { HistoryPoint, Progress } from './trainer.ts';
import type { Vocabulary } from './tokens.ts';
import { modelHandlers, trainingHandlers, type RequestHandlers } from './session/requests.ts';
import { createSessionState } from './session/state.ts';

export type SessionRequest =
  | { type: 'importDataset'; files: NamedBytes[] }
  | { type: 'start'; settings: unknown }
  | { type: 'continue'; checkpoint: string; stop?: StopCondition }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }
  | { type: 'generate'; options: SampleOptions }
  | { type: 'inspect'; name: string; category?: string }
  /** withDataset: its training names become the dataset too (a restarted process taking over a continued run). */
  | { type: 'loadModel'; model: string; withDataset?: boolean }
  | { type: 'snapshot' };

/** What each request answers with. */
export type SessionReplies = {
  importDataset: DatasetSummary;
  start: null;
  continue: DatasetSummary;
  pause: null;
  resume: null;
  stop: null;
  generate: SampledName[];
  inspect: NameScore;
  loadModel: ModelInfo;
  /** A checkpoint of the current run (or the loaded model file): what the library saves. */
  snapshot: string;
};

export type TrainingState = 'idle' | 'running' | 'paused' | 'finished' | 'stopped' | 'diverged';

/** Progress only: the training state travels in state events alone, so a tick that arrives late (over another channel) cannot undo a stop. */
export type TrainingTick = {
  progress: Progress;
  /** Raw per-token batch loss of every step since the last tick. */
  losses: { step: number; loss: number }[];
  /** ‖dL/dh_t‖ per timestep of the latest step (mean over its batch). */
  dLdhNorms: number[];
  /** Per-parameter gradient norms of the latest step. */
  paramGradNorms: Record<ParamName, number> | null;
  /** Steps since the last tick on which clipping fired. */
  clippedSteps: number[];
  /** Evaluations of the validation set since the last tick (on a small list, several a tick). */
  evaluations: HistoryPoint[];
};

export type ModelInfo = { vocab: Vocabulary; hiddenSize: number; trainingNames: number; canContinue: boolean };

export type SessionEvent =
  | { type: 'tick'; tick: TrainingTick }
  | { type: 'state'; state: TrainingState; message?: string }
  /** Autosave: the latest checkpoint of the run in progress. */
  | { type: 'checkpoint'; checkpoint: string };

export type SessionDriver = {
  emit(event: SessionEvent): void;
  /** Run fn soon, after pending messages (setImmediate in Node, a MessageChannel in a worker). */
  schedule(fn: () => void): void;
  now(): number;
  kernels?: RnnKernels;
};

export { SESSION_TIMING } from './session/run-loop.ts';

export type Session = {
  handle<R extends SessionRequest>(request: R): SessionReplies[R['type']];
};

export function createSession(driver: SessionDriver): Session {
  const session = createSessionState(driver);
  const handlers: RequestHandlers<keyof SessionReplies> = { ...trainingHandlers(session), ...modelHandlers(session) };
  return {
    handle(request) {
      const handler = handlers[request.type] as (r: SessionRequest) => unknown;
      if (!handler) throw new Error(`unknown request "${String((request as { type?: unknown }).type)}"`);
      return handler(request) as never;
    },
  };
}
