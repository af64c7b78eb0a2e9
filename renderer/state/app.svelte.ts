// The window's state, assembled from small modules that each own one part: the names, the
// settings, the run, the library, an interrupted run, and the current model. Only these modules
// talk to the backend (Electron's preload or the Web Worker), so a fake NamesakeApi is all a
// component test needs; App.svelte hands each panel the parts it shows.

import type { MenuCommand, NamesakeApi } from '../../contract/api.ts';
import { Activity } from './activity.svelte.ts';
import { CurrentModel } from './current-model.svelte.ts';
import { DatasetState } from './datasets.svelte.ts';
import { LibraryState } from './library.svelte.ts';
import { about } from './messages.ts';
import { readBytes, readText } from './read-file.ts';
import { RecoveryState } from './recovery.svelte.ts';
import { TrainingSession } from './session.svelte.ts';
import { SettingsState } from './settings.svelte.ts';
import { TrainingView } from './training.svelte.ts';

const MODEL_FILE = /\.json$/i;

export class Workbench {
  readonly api: NamesakeApi;
  readonly training = new TrainingView();
  readonly model = new CurrentModel();
  readonly settings = new SettingsState();
  readonly activity: Activity;
  readonly datasets: DatasetState;
  readonly library: LibraryState;
  readonly recovery: RecoveryState;
  readonly session: TrainingSession;
  #unsubscribe: (() => void)[] = [];

  constructor(api: NamesakeApi) {
    this.api = api;
    const { training, model, settings } = this;
    // A start the backend refused never began: the run is idle again.
    const activity = new Activity(() => {
      if (training.state === 'running' && training.progress === null) training.state = 'idle';
    });
    const datasets = new DatasetState(api, () => training.active);
    this.activity = activity;
    this.datasets = datasets;
    this.library = new LibraryState(api, activity, model, training);
    this.recovery = new RecoveryState({ api, activity, model, training, datasets });
    this.session = new TrainingSession({ api, training, settings, datasets, activity, model, onCrash: () => void this.recovery.check() });
  }

  async init(): Promise<void> {
    this.#unsubscribe.push(
      this.api.training.onTick((tick) => this.training.applyTick(tick)),
      this.api.training.onEvent((event) => this.session.handleEvent(event)),
      this.api.onMenu((command) => this.#onMenu(command)),
    );
    await Promise.all([this.datasets.loadBundled(), this.library.refresh(), this.recovery.check()]);
  }

  dispose(): void {
    for (const off of this.#unsubscribe.splice(0)) off();
  }

  /** Files dropped or picked: model files go to the library, the rest become the dataset. */
  async dropFiles(files: File[]): Promise<void> {
    const models = files.filter((file) => MODEL_FILE.test(file.name));
    const names = files.filter((file) => !MODEL_FILE.test(file.name));
    for (const file of models) await this.library.importModel({ fileName: file.name, text: await readText(file) });
    if (names.length > 0) await this.datasets.importFiles(await Promise.all(names.map(readBytes)));
  }

  #onMenu(command: MenuCommand): void {
    const savedId = this.model.value?.savedId;
    if (command === 'open-names') void this.datasets.openDialog();
    else if (command === 'import-model') void this.library.importModel();
    else if (command === 'export-model' && savedId) void this.library.exportModel(savedId);
    else if (command === 'settings') this.settings.focusRequests++;
    else if (command === 'about') this.activity.status = about;
  }
}
