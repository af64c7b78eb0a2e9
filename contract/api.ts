// The one API the window talks to, and the data it carries. Electron's preload implements it over
// IPC (channels.ts), the browser build over a Web Worker (renderer/backend/). Requests return
// promises; events are subscriptions that return their own unsubscribe function.

import type { DatasetSummary } from '../core/dataset-summary.ts';
import type { NamedBytes } from '../core/dataset.ts';
import type { ModelFacts } from '../core/model-summary.ts';
import type { NamesFileFormat } from '../core/names-file.ts';
import type { HistoryPoint } from '../core/trainer.ts';
import type { NameScore } from '../core/score.ts';
import type { SampledName, SampleOptions } from '../core/sample.ts';
import type { ModelInfo, TrainingState, TrainingTick } from '../core/session.ts';
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
  /** The training process died; it is restarted unless it has reached CRASH_LIMIT (crash-policy.ts). */
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
