// The model library: the saved models and the files that could not be read, the models ticked for
// comparison with their validation histories, and the actions on a saved model.

import type { HistoryPoint, ModelSummary, NamesakeApi, StoreProblem } from '../../contract/api.ts';
import { messageOf } from '../../core/errors.ts';
import type { Activity } from './activity.svelte.ts';
import type { CurrentModel } from './current-model.svelte.ts';
import { deleted, exportedModel, imported, libraryUnreadable, loadedModel, notAModel, saved } from './messages.ts';
import type { TrainingView } from './training.svelte.ts';

export class LibraryState {
  models = $state.raw<ModelSummary[]>([]);
  problems = $state.raw<StoreProblem[]>([]);
  compare = $state.raw<string[]>([]);
  histories = $state.raw<Record<string, HistoryPoint[]>>({});
  /** Electron picks model files with its own dialog; the browser build with a file input. */
  readonly nativeDialog: boolean;
  /** Where saved models live, as the empty library says it. */
  readonly place: 'browser' | 'computer';
  readonly #api: NamesakeApi['library'];
  readonly #activity: Activity;
  readonly #model: CurrentModel;
  readonly #training: TrainingView;

  constructor(api: NamesakeApi, activity: Activity, model: CurrentModel, training: TrainingView) {
    this.#api = api.library;
    this.nativeDialog = api.kind === 'electron';
    this.place = api.kind === 'web' ? 'browser' : 'computer';
    this.#activity = activity;
    this.#model = model;
    this.#training = training;
  }

  async refresh(): Promise<void> {
    try {
      const { models, problems } = await this.#api.list();
      this.models = models;
      this.problems = problems;
      this.compare = this.compare.filter((id) => models.some((saved) => saved.id === id));
    } catch (error) {
      this.#activity.status = libraryUnreadable(messageOf(error));
    }
  }

  async saveCurrent(name: string): Promise<ModelSummary | null> {
    return this.#activity.run(async () => {
      const summary = await this.#api.saveCurrent(name);
      this.#model.markSaved(summary.id);
      await this.refresh();
      this.#activity.status = saved(summary.name);
      return summary;
    });
  }

  /** Make a saved model the current one, with the curves of how it learned. */
  async load(model: ModelSummary): Promise<void> {
    await this.#activity.run(async () => {
      const [info, history] = await Promise.all([this.#api.load(model.id), this.#api.history(model.id)]);
      this.#model.use(model.name, info.vocab.categories, model.id);
      this.#training.showHistory(history, model.settings.clip);
      this.#training.state = 'idle';
      this.#activity.status = loadedModel(model.name);
    });
  }

  async rename(id: string, name: string): Promise<void> {
    await this.#activity.run(async () => {
      await this.#api.rename(id, name);
      await this.refresh();
    });
  }

  async remove(model: ModelSummary): Promise<void> {
    await this.#activity.run(async () => {
      await this.#api.remove(model.id);
      this.#model.forget(model.id);
      await this.refresh();
      this.#activity.status = deleted(model.name);
    });
  }

  async exportModel(id: string): Promise<void> {
    await this.#activity.run(async () => {
      if (await this.#api.exportModel(id)) this.#activity.status = exportedModel;
    });
  }

  /** A model file read by the window, or (none given) one the native dialog picks. */
  async importModel(file?: { fileName: string; text: string }): Promise<void> {
    await this.#activity.run(async () => {
      const summary = await this.#api.importModel(file);
      if (!summary) return;
      await this.refresh();
      this.#activity.status = imported(summary.name);
    }, file ? notAModel(file.fileName) : undefined);
  }

  async toggleCompare(id: string, on: boolean): Promise<void> {
    this.compare = on ? [...new Set([...this.compare, id])] : this.compare.filter((other) => other !== id);
    if (on && !this.histories[id]) {
      await this.#activity.run(async () => {
        this.histories = { ...this.histories, [id]: await this.#api.history(id) };
      });
    }
  }
}
