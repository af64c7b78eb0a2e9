// Every message between the window, main and the training process, in one place. Imported by
// main, preload, the training process and the renderer (which also implements it over a Web
// Worker in the browser build). Requests return promises; events are subscriptions that return
// their own unsubscribe function.

import type { DatasetSummary } from '../core/dataset-summary.ts';
import type { NamedBytes } from '../core/dataset.ts';
import type { ModelFacts } from '../core/model-summary.ts';
import type { NamesFileFormat } from '../core/names-file.ts';
import type { HistoryPoint } from '../core/trainer.ts';
import type { NameScore } from '../core/score.ts';
import type { SampledName, SampleOptions } from '../core/sample.ts';
import type { ModelInfo, SessionEvent, TrainingState, TrainingTick } from '../core/session.ts';
import type { StopCondition, TrainSettings } from '../core/settings.ts';

export type { DatasetSummary, HistoryPoint, ModelInfo, NamedBytes, NameScore, SampledName, SampleOptions, StopCondition, TrainingState, TrainingTick, TrainSettings };

/** A saved model as the library lists it. */
export type ModelSummary = { id: string; name: string; createdAt: number; updatedAt: number } & ModelFacts;

/** A store file that could not be read: moved aside and reported, never fatal. */
export type StoreProblem = { file: string; movedTo: string | null; message: string };

/** Left by a run that did not end cleanly (crash or forced quit): it can be resumed. */
export type RecoveryOffer = { savedAt: number; steps: number; bestValLoss: number | null; dataset: { files: string[]; names: number } };

export type TrainingEvent =
  | { type: 'state'; state: TrainingState; message?: string }
  /** The training process died; main restarts it unless it crashed 3 times within 5 minutes. */
  | { type: 'crashed'; reason: string; restarting: boolean; canResume: boolean }
  /** An autosave failed (told once, then retried at each checkpoint; `keptFrom` is when the kept one was saved), or works again (null). */
  | { type: 'autosave'; failure: { reason: string; keptFrom: number | null } | null };

export type MenuCommand = 'open-names' | 'import-model' | 'export-model' | 'about' | 'settings';

export type NamesExportFormat = NamesFileFormat;

/** The one API the renderer talks to (preload in Electron, a Web Worker in the browser). */
export interface NamesakeApi {
  readonly kind: 'electron' | 'web';
  datasets: {
    /** The bundled US names (32,032 lines). */
    loadBundled(): Promise<DatasetSummary>;
    /** Files read by the renderer (drop or file input); several files become categories. */
    importFiles(files: NamedBytes[]): Promise<DatasetSummary>;
    /** A native open dialog (Electron); null when cancelled. The web build uses a file input instead. */
    openDialog(): Promise<DatasetSummary | null>;
  };
  training: {
    start(settings: TrainSettings): Promise<void>;
    pause(): Promise<void>;
    resume(): Promise<void>;
    stop(): Promise<void>;
    /** Continue a saved model ("train N more"); resumes its dataset too. */
    continueModel(id: string, stop: StopCondition): Promise<DatasetSummary>;
    onTick(listener: (tick: TrainingTick) => void): () => void;
    onEvent(listener: (event: TrainingEvent) => void): () => void;
  };
  model: {
    generate(options: SampleOptions): Promise<SampledName[]>;
    inspect(name: string, category?: string): Promise<NameScore>;
  };
  library: {
    list(): Promise<{ models: ModelSummary[]; problems: StoreProblem[] }>;
    /** Save the current model (the run in progress or finished) under a name. */
    saveCurrent(name: string): Promise<ModelSummary>;
    /** Make a saved model the current one, for generating and inspecting. */
    load(id: string): Promise<ModelInfo>;
    rename(id: string, name: string): Promise<ModelSummary>;
    remove(id: string): Promise<void>;
    /** Validation-loss history, to compare runs. */
    history(id: string): Promise<HistoryPoint[]>;
    /** Electron: a save dialog; web: a download. False when cancelled. */
    exportModel(id: string): Promise<boolean>;
    /** A model file's text from a drop, or (Electron, no argument) an open dialog; null when cancelled. */
    importModel(file?: { fileName: string; text: string }): Promise<ModelSummary | null>;
    /** A checkpoint left by a crash or forced quit, if any. */
    recovery(): Promise<RecoveryOffer | null>;
    resumeRecovery(): Promise<DatasetSummary>;
    discardRecovery(): Promise<void>;
  };
  files: {
    exportNames(names: string[], format: NamesExportFormat): Promise<boolean>;
  };
  onMenu(listener: (command: MenuCommand) => void): () => void;
}

/** IPC channels between preload and main (invoke/handle for requests, send for events). */
export const CHANNELS = {
  datasetsLoadBundled: 'datasets:load-bundled',
  datasetsImportFiles: 'datasets:import-files',
  datasetsOpenDialog: 'datasets:open-dialog',
  trainingStart: 'training:start',
  trainingPause: 'training:pause',
  trainingResume: 'training:resume',
  trainingStop: 'training:stop',
  trainingContinue: 'training:continue',
  trainingEvent: 'training:event',
  /** Main hands the window a MessagePort wired straight to the training process for ticks. */
  trainingPort: 'training:port',
  modelGenerate: 'model:generate',
  modelInspect: 'model:inspect',
  libraryList: 'library:list',
  librarySave: 'library:save',
  libraryLoad: 'library:load',
  libraryRename: 'library:rename',
  libraryRemove: 'library:remove',
  libraryHistory: 'library:history',
  libraryExport: 'library:export',
  libraryImport: 'library:import',
  libraryRecovery: 'library:recovery',
  libraryResumeRecovery: 'library:resume-recovery',
  libraryDiscardRecovery: 'library:discard-recovery',
  filesExportNames: 'files:export-names',
  menu: 'menu:command',
} as const;

export type Channel = (typeof CHANNELS)[keyof typeof CHANNELS];

/** Between main and the training process: a request with an id, answered once; or an event. */
export type ProcessRequest = { id: number; request: import('../core/session.ts').SessionRequest };
export type ProcessReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };
export type ProcessMessage = ProcessReply | { event: SessionEvent };
/**
 * Main → training process: a request, or (Electron only) a fresh MessagePort, transferred with the
 * message, over which ticks go straight to the window. Without one (plain Node) ticks come to the
 * parent as events.
 */
export type ProcessInbound = ProcessRequest | { tickPort: true };
