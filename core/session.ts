// A training session driven by messages: the one piece of logic shared by Electron's utility
// process and the browser's Web Worker. It owns the dataset, the trainer and the current model,
// runs training in short slices between which requests (pause, generate, …) are answered, and
// emits ticks a few times a second and a checkpoint every few seconds. The driver supplies the
// transport (emit), the scheduler and the clock; nothing here knows which process it is in.

import { parseCheckpoint, serializeCheckpoint } from './checkpoint.ts';
import { datasetFromFiles, type Dataset, type NamedBytes } from './dataset.ts';
import { summarizeDataset, type DatasetSummary } from './dataset-summary.ts';
import type { RnnKernels } from './kernels.ts';
import { datasetOfModel, trainingNamesOf } from './model.ts';
import { parseModel, serializeModel } from './model-file.ts';
import type { ParamName, Params } from './params.ts';
import { sampleNames, type SampledName, type SampleOptions } from './sample.ts';
import { scoreName, type NameScore } from './score.ts';
import { extendStop, validateSettings, type StopCondition } from './settings.ts';
import { createTrainer, describeStop, type HistoryPoint, type Progress, type Trainer } from './trainer.ts';
import type { Vocabulary } from './tokens.ts';

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

export const SESSION_TIMING = { sliceMs: 40, tickMs: 200, checkpointMs: 5000 } as const;

export type Session = {
  handle<R extends SessionRequest>(request: R): SessionReplies[R['type']];
};

type Current = { vocab: Vocabulary; params: Params; trainingNames: ReadonlySet<string>; modelText: string | null };

export function createSession(driver: SessionDriver): Session {
  let dataset: Dataset | null = null;
  let trainer: Trainer | null = null;
  let trainerDataset: Dataset | null = null;
  let loaded: Current | null = null;
  let state: TrainingState = 'idle';
  let pending: Omit<TrainingTick, 'progress' | 'evaluations'> = emptyPending();
  let lastTick = 0;
  /** Evaluations already sent in a tick. */
  let evaluationsSent = 0;
  let lastCheckpoint = 0;

  function current(): Current {
    if (trainer) return { vocab: trainer.vocab, params: trainer.bestParams(), trainingNames: trainer.trainingNames, modelText: null };
    if (loaded) return loaded;
    throw new Error('there is no model yet: train one or load one from the library');
  }

  function setState(next: TrainingState, message?: string): void {
    state = next;
    driver.emit(message === undefined ? { type: 'state', state } : { type: 'state', state, message });
  }

  function tick(): void {
    if (!trainer) return;
    const history = trainer.history();
    driver.emit({ type: 'tick', tick: { progress: trainer.progress(), ...pending, evaluations: history.slice(evaluationsSent) } });
    evaluationsSent = history.length;
    pending = emptyPending();
    lastTick = driver.now();
  }

  function checkpoint(): void {
    if (!trainer || !trainerDataset) return;
    driver.emit({ type: 'checkpoint', checkpoint: serializeCheckpoint(trainer, trainerDataset) });
    lastCheckpoint = driver.now();
  }

  function runSlice(): void {
    if (state !== 'running' || !trainer) return;
    const end = driver.now() + SESSION_TIMING.sliceMs;
    while (driver.now() < end) {
      const report = trainer.step();
      if (!report) break;
      pending.losses.push({ step: report.step, loss: report.loss });
      pending.dLdhNorms = report.dLdhNorms;
      pending.paramGradNorms = report.paramGradNorms;
      if (report.clipped) pending.clippedSteps.push(report.step);
    }
    const stopped = trainer.stopped();
    if (stopped) {
      state = stopped.kind === 'diverged' ? 'diverged' : 'finished';
      tick();
      checkpoint();
      setState(state, describeStop(stopped));
      return;
    }
    if (driver.now() - lastTick >= SESSION_TIMING.tickMs) tick();
    if (driver.now() - lastCheckpoint >= SESSION_TIMING.checkpointMs) checkpoint();
    driver.schedule(runSlice);
  }

  function begin(next: Trainer, data: Dataset): void {
    trainer = next;
    trainerDataset = data;
    loaded = null;
    pending = emptyPending();
    evaluationsSent = next.history().length;
    lastTick = lastCheckpoint = driver.now();
    setState('running');
    driver.schedule(runSlice);
  }

  function requireIdle(action: string): void {
    if (state === 'running' || state === 'paused') throw new Error(`cannot ${action} while training is ${state}: stop it first`);
  }

  const handlers: { [K in keyof SessionReplies]: (request: Extract<SessionRequest, { type: K }>) => SessionReplies[K] } = {
    importDataset({ files }) {
      dataset = datasetFromFiles(files); // throws ImportError; the previous dataset stays
      return summarizeDataset(dataset);
    },
    start({ settings }) {
      requireIdle('start');
      if (!dataset) throw new Error('load a names file first');
      begin(createTrainer(dataset, validateSettings(settings), { kernels: driver.kernels }), dataset);
      return null;
    },
    continue({ checkpoint: text, stop }) {
      requireIdle('continue');
      const resumable = parseCheckpoint(text);
      // "train N more" gives the patience a fresh start; a plain resume continues exactly
      const { settings: saved, state: at } = resumable;
      const settings = stop ? { ...saved, stop: extendStop(stop, at) } : saved;
      const next = createTrainer(resumable.dataset, settings, { kernels: driver.kernels, resume: at, freshPatience: stop !== undefined });
      dataset = resumable.dataset;
      begin(next, resumable.dataset);
      return summarizeDataset(resumable.dataset);
    },
    pause() {
      if (state === 'running') setState('paused');
      return null;
    },
    resume() {
      if (state === 'paused') {
        setState('running');
        driver.schedule(runSlice);
      }
      return null;
    },
    stop() {
      if (state === 'running' || state === 'paused') {
        trainer?.evaluate();
        tick();
        checkpoint();
        setState('stopped');
      }
      return null;
    },
    generate({ options }) {
      const model = current();
      return sampleNames(model.params, model.vocab, options, model.trainingNames);
    },
    inspect({ name, category }) {
      const model = current();
      return scoreName(model.params, model.vocab, name, category);
    },
    loadModel({ model: text, withDataset }) {
      requireIdle('load a model');
      const model = parseModel(text);
      const data = datasetOfModel(model);
      if (withDataset) {
        if (!data) throw new Error('this model file does not carry the names it was trained on');
        dataset = data;
      }
      trainer = null;
      trainerDataset = null;
      loaded = { vocab: model.vocab, params: model.params, trainingNames: trainingNamesOf(model), modelText: text };
      state = 'idle';
      return { vocab: model.vocab, hiddenSize: model.params.dims.H, trainingNames: data?.names.length ?? 0, canContinue: model.metadata.checkpoint !== undefined && data !== null };
    },
    snapshot() {
      if (trainer && trainerDataset) return serializeCheckpoint(trainer, trainerDataset);
      if (loaded?.modelText) return loaded.modelText;
      const model = current();
      return serializeModel({ vocab: model.vocab, params: model.params, metadata: {} });
    },
  };

  return {
    handle(request) {
      const handler = handlers[request.type] as (r: SessionRequest) => unknown;
      if (!handler) throw new Error(`unknown request "${String((request as { type?: unknown }).type)}"`);
      return handler(request) as never;
    },
  };
}

function emptyPending(): Omit<TrainingTick, 'progress' | 'evaluations'> {
  return { losses: [], dLdhNorms: [], paramGradNorms: null, clippedSteps: [] };
}
