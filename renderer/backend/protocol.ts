// The messages between the page and the training Web Worker (browser build only). The worker owns
// the core session and the IndexedDB library, so neither training nor the large model texts ever
// touch the UI thread; the page only sends small requests and receives ticks and replies.

import type { DatasetSummary, HistoryPoint, ModelInfo, ModelSummary, NamedBytes, NameScore, RecoveryOffer, SampledName, SampleOptions, StopCondition, StoreProblem } from '../../contract/api.ts';
import type { SessionEvent } from '../../core/session.ts';
import type { Reply } from '../../contract/process-messages.ts';

/** What the worker can do; each method answers once. */
export type WorkerMethods = {
  loadBundled(url: string): DatasetSummary;
  importFiles(files: NamedBytes[]): DatasetSummary;
  start(settings: unknown): null;
  pause(): null;
  resume(): null;
  stop(): null;
  continueModel(id: string, stop: StopCondition): DatasetSummary;
  generate(options: SampleOptions): SampledName[];
  inspect(name: string, category?: string): NameScore;
  list(): { models: ModelSummary[]; problems: StoreProblem[] };
  saveCurrent(name: string): ModelSummary;
  load(id: string): ModelInfo;
  rename(id: string, name: string): ModelSummary;
  remove(id: string): null;
  history(id: string): HistoryPoint[];
  /** The model file text of a saved model, for a download. */
  modelText(id: string): { fileName: string; text: string };
  importModel(file: { fileName: string; text: string }): ModelSummary;
  recovery(): RecoveryOffer | null;
  resumeRecovery(): DatasetSummary;
  discardRecovery(): null;
};

export type WorkerMethod = keyof WorkerMethods;

export type WorkerCall = { [M in WorkerMethod]: { id: number; method: M; args: Parameters<WorkerMethods[M]> } }[WorkerMethod];

/** Ticks and state changes; the worker keeps its checkpoints itself. */
export type WorkerEvent = Exclude<SessionEvent, { type: 'checkpoint' }>;

export type WorkerMessage =
  | Reply
  | { event: WorkerEvent }
  /** The worker could not keep an autosave checkpoint (storage full, private mode, …). */
  | { warning: string };
