// The run: starting, pausing, resuming and stopping training, continuing a saved model, and what
// the training process's state events mean for the window.

import type { ModelSummary, NamesakeApi, TrainingEvent } from '../../contract/api.ts';
import type { Activity } from './activity.svelte.ts';
import type { CurrentModel } from './current-model.svelte.ts';
import type { DatasetState } from './datasets.svelte.ts';
import { autosaveFailed, checkSettings, continuedLabel, continuing, crashed, CURRENT_RUN, running, trainingStateNotice, type Notice } from './messages.ts';
import type { SettingsState } from './settings.svelte.ts';
import type { TrainingView } from './training.svelte.ts';

export type SessionParts = {
  api: NamesakeApi;
  training: TrainingView;
  settings: SettingsState;
  datasets: DatasetState;
  activity: Activity;
  model: CurrentModel;
  /** Called when the training process crashed: it may have left a run to resume. */
  onCrash: () => void;
};

export class TrainingSession {
  readonly training: TrainingView;
  readonly activity: Activity;
  readonly settings: SettingsState;
  /** A failing autosave, told once and cleared when one succeeds again. */
  autosave = $state<Notice | null>(null);
  readonly #parts: SessionParts;

  readonly canTrain = $derived.by(() => {
    const { datasets, settings, training, activity } = this.#parts;
    return datasets.summary !== null && settings.check.ok && !training.active && !activity.busy;
  });

  constructor(parts: SessionParts) {
    this.#parts = parts;
    this.training = parts.training;
    this.activity = parts.activity;
    this.settings = parts.settings;
  }

  async train(): Promise<void> {
    const check = this.settings.check;
    if (!check.ok) {
      this.activity.status = checkSettings(check.error);
      return;
    }
    this.training.reset(check.settings.clip);
    this.training.state = 'running';
    this.activity.status = running;
    await this.activity.run(async () => {
      await this.#parts.api.training.start(check.settings);
      this.#parts.model.use(CURRENT_RUN, this.#parts.datasets.summary?.categories ?? []);
    });
  }

  pause = () => this.activity.run(() => this.#parts.api.training.pause());
  resume = () => this.activity.run(() => this.#parts.api.training.resume());
  stop = () => this.activity.run(() => this.#parts.api.training.stop());

  /** Train a saved model further on its own names, with the stop condition of the settings. */
  async continueModel(model: ModelSummary): Promise<void> {
    const check = this.settings.check;
    if (!check.ok) {
      this.activity.status = checkSettings(check.error);
      return;
    }
    this.training.reset(model.settings.clip);
    await this.activity.run(async () => {
      const summary = await this.#parts.api.training.continueModel(model.id, check.settings.stop);
      this.#parts.datasets.summary = summary;
      this.#parts.model.use(continuedLabel(model.name), summary.categories);
      this.activity.status = continuing(model.name);
    });
  }

  handleEvent(event: TrainingEvent): void {
    if (event.type === 'autosave') {
      this.autosave = event.failure && autosaveFailed(event.failure);
      return;
    }
    if (event.type === 'crashed') {
      this.training.state = 'idle';
      this.activity.status = crashed(event);
      this.#parts.onCrash();
      return;
    }
    this.training.state = event.state;
    const notice = trainingStateNotice(event.state, event.message, this.training.progress?.bestValLoss ?? null);
    if (notice) this.activity.status = notice;
  }
}
