// What a restarted training process must be told to hold what the window still shows: the last
// dataset and the current model (the run's latest autosave, or the model loaded from the library),
// so that Train, Resume, Generate and Inspect go on working after a crash. The browser build does
// the same for its worker (renderer/backend/web-backend.ts).

import type { NamedBytes } from '../core/dataset.ts';
import type { SessionEvent, SessionRequest } from '../core/session.ts';

/** Imported files, or the names a continued checkpoint carries. */
type DatasetSource = { files: NamedBytes[] } | { checkpoint: string };

export type SessionReplay = {
  /** A request the process answered without an error. */
  answered(request: SessionRequest): void;
  /** An event of the process: each autosave becomes the current model. */
  observed(event: SessionEvent): void;
  /** What to send a fresh process, in order, before anything else. */
  requests(): SessionRequest[];
};

export function createSessionReplay(): SessionReplay {
  let dataset: DatasetSource | null = null;
  let model: string | null = null;

  return {
    answered(request) {
      switch (request.type) {
        case 'importDataset':
          dataset = { files: request.files };
          break;
        case 'start':
          model = null; // the new run's model is its first autosave; the one before is no longer current
          break;
        case 'continue':
          dataset = { checkpoint: request.checkpoint };
          model = request.checkpoint;
          break;
        case 'loadModel':
          model = request.model;
          if (request.withDataset) dataset = { checkpoint: request.model };
          break;
      }
    },
    observed(event) {
      if (event.type === 'checkpoint') model = event.checkpoint;
    },
    requests() {
      const replay: SessionRequest[] = [];
      if (dataset && 'files' in dataset) replay.push({ type: 'importDataset', files: dataset.files });
      else if (dataset) replay.push({ type: 'loadModel', model: dataset.checkpoint, withDataset: true });
      const modelLoaded = dataset !== null && 'checkpoint' in dataset && dataset.checkpoint === model;
      if (model !== null && !modelLoaded) replay.push({ type: 'loadModel', model });
      return replay;
    },
  };
}
