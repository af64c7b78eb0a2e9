// A run that did not end cleanly (a crash, a forced quit, a reload) and can be resumed from its
// last autosaved checkpoint.

import type { NamesakeApi, RecoveryOffer } from '../../contract/api.ts';
import type { Activity } from './activity.svelte.ts';
import type { CurrentModel } from './current-model.svelte.ts';
import type { DatasetState } from './datasets.svelte.ts';
import { RESUMED_RUN } from './messages.ts';
import type { TrainingView } from './training.svelte.ts';

export type RecoveryParts = { api: NamesakeApi; activity: Activity; model: CurrentModel; training: TrainingView; datasets: DatasetState };

export class RecoveryState {
  offer = $state.raw<RecoveryOffer | null>(null);
  readonly #parts: RecoveryParts;

  constructor(parts: RecoveryParts) {
    this.#parts = parts;
  }

  /** Ask the backend whether a run can be resumed. */
  async check(): Promise<void> {
    try {
      this.offer = await this.#parts.api.library.recovery();
    } catch {
      this.offer = null;
    }
  }

  async resume(): Promise<void> {
    const { api, activity, model, training, datasets } = this.#parts;
    await activity.run(async () => {
      training.reset(0);
      const summary = await api.library.resumeRecovery();
      datasets.summary = summary;
      this.offer = null;
      model.use(RESUMED_RUN, summary.categories);
    });
  }

  async discard(): Promise<void> {
    await this.#parts.activity.run(async () => {
      await this.#parts.api.library.discardRecovery();
      this.offer = null;
    });
  }
}
