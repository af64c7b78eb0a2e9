// The answers to a session's requests: those that start, steer and end training, and those that
// use the current model (the trainer's best weights, or a model loaded from a file).

import { parseCheckpoint, serializeCheckpoint, type Resumable } from '../checkpoint.ts';
import { datasetFromFiles } from '../dataset.ts';
import { summarizeDataset } from '../dataset-summary.ts';
import { datasetOfModel, trainingNamesOf } from '../model.ts';
import { parseModel, serializeModel } from '../model-file.ts';
import { sampleNames } from '../sample.ts';
import { scoreName } from '../score.ts';
import type { SessionReplies, SessionRequest } from '../session.ts';
import { extendStop, validateSettings, type StopCondition, type TrainSettings } from '../settings.ts';
import { createTrainer } from '../trainer.ts';
import { beginTraining, scheduleSlice, stopTraining } from './run-loop.ts';
import { currentModel, requireIdle, setTraining, type SessionState } from './state.ts';

/** A handler for each of these request types, answering with that type's reply. */
export type RequestHandlers<K extends keyof SessionReplies> = {
  [T in K]: (request: Extract<SessionRequest, { type: T }>) => SessionReplies[T];
};

export function trainingHandlers(session: SessionState): RequestHandlers<'importDataset' | 'start' | 'continue' | 'pause' | 'resume' | 'stop'> {
  const { driver } = session;
  return {
    importDataset({ files }) {
      session.dataset = datasetFromFiles(files); // throws ImportError; the previous dataset stays
      return summarizeDataset(session.dataset);
    },
    start({ settings }) {
      requireIdle(session, 'start');
      if (!session.dataset) throw new Error('load a names file first');
      beginTraining(session, createTrainer(session.dataset, validateSettings(settings), { kernels: driver.kernels }), session.dataset);
      return null;
    },
    continue({ checkpoint: text, stop }) {
      requireIdle(session, 'continue');
      const resumable = parseCheckpoint(text);
      const next = createTrainer(resumable.dataset, continuedSettings(resumable, stop), { kernels: driver.kernels, resume: resumable.state, freshPatience: stop !== undefined });
      session.dataset = resumable.dataset;
      beginTraining(session, next, resumable.dataset);
      return summarizeDataset(resumable.dataset);
    },
    pause() {
      if (session.training === 'running') setTraining(session, 'paused');
      return null;
    },
    resume() {
      if (session.training === 'paused') {
        setTraining(session, 'running');
        scheduleSlice(session);
      }
      return null;
    },
    stop() {
      if (session.training === 'running' || session.training === 'paused') stopTraining(session);
      return null;
    },
  };
}

/** "Train N more" extends the saved stop condition (and gives the patience a fresh start); a plain resume continues exactly. */
function continuedSettings({ settings: saved, state: at }: Resumable, stop: StopCondition | undefined): TrainSettings {
  return stop ? { ...saved, stop: extendStop(stop, at) } : saved;
}

export function modelHandlers(session: SessionState): RequestHandlers<'generate' | 'inspect' | 'loadModel' | 'snapshot'> {
  return {
    generate({ options }) {
      const model = currentModel(session);
      return sampleNames(model.params, model.vocab, options, model.trainingNames);
    },
    inspect({ name, category }) {
      const model = currentModel(session);
      return scoreName(model.params, model.vocab, name, category);
    },
    loadModel({ model: text, withDataset }) {
      requireIdle(session, 'load a model');
      const model = parseModel(text);
      const data = datasetOfModel(model);
      if (withDataset) {
        if (!data) throw new Error('this model file does not carry the names it was trained on');
        session.dataset = data;
      }
      session.trainer = null;
      session.trainerDataset = null;
      session.loaded = { vocab: model.vocab, params: model.params, trainingNames: trainingNamesOf(model), modelText: text };
      session.training = 'idle';
      return { vocab: model.vocab, hiddenSize: model.params.dims.H, trainingNames: data?.names.length ?? 0, canContinue: model.metadata.checkpoint !== undefined && data !== null };
    },
    snapshot() {
      const { trainer, trainerDataset, loaded } = session;
      if (trainer && trainerDataset) return serializeCheckpoint(trainer, trainerDataset);
      if (loaded?.modelText) return loaded.modelText;
      const model = currentModel(session);
      return serializeModel({ vocab: model.vocab, params: model.params, metadata: {} });
    },
  };
}
