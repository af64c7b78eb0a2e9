// The window's shared state and the actions that change it. Panels read it and call its methods;
// only this module talks to the backend (Electron's preload or the Web Worker), so a fake
// NamesakeApi is all a component test needs.

import type { DatasetSummary, HistoryPoint, ModelSummary, NamedBytes, NamesakeApi, RecoveryOffer, StoreProblem, TrainingEvent } from '../../contract/api.ts';
import { CRASH_LIMIT_TEXT } from '../../contract/crash-policy.ts';
import { presetForm, toSettings, type SettingsForm } from './settings-form.ts';
import { TrainingView } from './training.svelte.ts';
import { messageOf } from '../../core/errors.ts';

export type Notice = { kind: 'info' | 'success' | 'warning' | 'error'; text: string };

const MODEL_FILE = /\.json$/i;

export class Workbench {
  readonly api: NamesakeApi;
  dataset = $state.raw<DatasetSummary | null>(null);
  datasetNotice = $state<Notice | null>(null);
  loadingDataset = $state(false);
  settings = $state<SettingsForm>(presetForm('balanced'));
  readonly training = new TrainingView();
  status = $state<Notice | null>(null);
  /** A failing autosave, told once and cleared when one succeeds again. */
  autosave = $state<Notice | null>(null);
  /** A model to generate from and inspect: the run (in progress or done) or a loaded one. */
  model = $state.raw<{ label: string; categories: string[]; savedId: string | null } | null>(null);
  models = $state.raw<ModelSummary[]>([]);
  problems = $state.raw<StoreProblem[]>([]);
  compare = $state.raw<string[]>([]);
  histories = $state.raw<Record<string, HistoryPoint[]>>({});
  recovery = $state.raw<RecoveryOffer | null>(null);
  busy = $state(false);
  /** Counts the menu's Settings… commands: the settings panel takes the focus at each. */
  settingsRequests = $state(0);
  #unsubscribe: (() => void)[] = [];

  readonly settingsCheck = $derived(toSettings(this.settings));
  readonly canTrain = $derived(this.dataset !== null && this.settingsCheck.ok && !this.training.active && !this.busy);

  constructor(api: NamesakeApi) {
    this.api = api;
  }

  async init(): Promise<void> {
    this.#unsubscribe.push(
      this.api.training.onTick((tick) => this.training.applyTick(tick)),
      this.api.training.onEvent((event) => this.#onEvent(event)),
      this.api.onMenu((command) => {
        if (command === 'open-names') void this.openDialog();
        else if (command === 'import-model') void this.importModel();
        else if (command === 'export-model' && this.model?.savedId) void this.exportModel(this.model.savedId);
        else if (command === 'settings') this.settingsRequests++;
        else if (command === 'about') this.status = { kind: 'info', text: 'Namesake: a character-level RNN, written by hand, that learns names and invents new ones offline.' };
      }),
    );
    await Promise.all([this.loadBundled(), this.refreshLibrary(), this.#checkRecovery()]);
  }

  dispose(): void {
    for (const off of this.#unsubscribe.splice(0)) off();
  }

  // ── datasets ────────────────────────────────────────────────────────────────────────────────

  async loadBundled(): Promise<void> {
    await this.#loadDataset(() => this.api.datasets.loadBundled(), 'the bundled US names');
  }

  async importFiles(files: NamedBytes[]): Promise<void> {
    if (files.length === 0) return;
    await this.#loadDataset(() => this.api.datasets.importFiles(files), files.map((f) => f.fileName).join(', '));
  }

  async openDialog(): Promise<void> {
    await this.#loadDataset(() => this.api.datasets.openDialog(), 'the chosen files');
  }

  /** Files dropped or picked: model files go to the library, the rest become the dataset. */
  async dropFiles(files: File[]): Promise<void> {
    const models = files.filter((f) => MODEL_FILE.test(f.name));
    const names = files.filter((f) => !MODEL_FILE.test(f.name));
    for (const file of models) await this.importModel({ fileName: file.name, text: await readText(file) });
    if (names.length > 0) await this.importFiles(await Promise.all(names.map(readBytes)));
  }

  async #loadDataset(load: () => Promise<DatasetSummary | null>, what: string): Promise<void> {
    if (this.training.active) {
      this.datasetNotice = { kind: 'warning', text: 'Stop training before loading other names.' };
      return;
    }
    this.loadingDataset = true;
    try {
      const summary = await load();
      if (summary) {
        this.dataset = summary;
        this.datasetNotice = { kind: 'success', text: `Loaded ${summary.names.toLocaleString('en-US')} names from ${what}.` };
      }
    } catch (error) {
      // The engine refused the file; what was loaded before stays.
      this.datasetNotice = { kind: 'error', text: messageOf(error) };
    } finally {
      this.loadingDataset = false;
    }
  }

  // ── training ────────────────────────────────────────────────────────────────────────────────

  async train(): Promise<void> {
    const check = this.settingsCheck;
    if (!check.ok) {
      this.status = { kind: 'error', text: `Check the settings: ${check.error}` };
      return;
    }
    this.training.reset(check.settings.clip);
    this.training.state = 'running';
    this.status = { kind: 'info', text: 'Training…' };
    await this.#act(async () => {
      await this.api.training.start(check.settings);
      this.model = { label: 'Current run', categories: this.dataset?.categories ?? [], savedId: null };
    });
  }

  pause = () => this.#act(() => this.api.training.pause());
  resume = () => this.#act(() => this.api.training.resume());
  stop = () => this.#act(() => this.api.training.stop());

  #onEvent(event: TrainingEvent): void {
    if (event.type === 'autosave') {
      this.autosave = event.failure && { kind: 'warning', text: autosaveFailed(event.failure) };
      return;
    }
    if (event.type === 'crashed') {
      this.training.state = 'idle';
      const restart = event.restarting ? 'It was restarted.' : `It crashed ${CRASH_LIMIT_TEXT} and was not restarted: save your work and restart Namesake.`;
      const next = event.canResume ? 'Resume the interrupted run from its last checkpoint (below), or train again.' : 'Train again to continue.';
      this.status = { kind: 'error', text: `The training process crashed (${event.reason}). ${restart} ${next}` };
      void this.#checkRecovery();
      return;
    }
    this.training.state = event.state;
    const p = this.training.progress;
    const best = p?.bestValLoss != null ? ` Best validation loss ${p.bestValLoss.toFixed(3)}.` : '';
    switch (event.state) {
      case 'running':
        this.status = { kind: 'info', text: 'Training…' };
        break;
      case 'paused':
        this.status = { kind: 'info', text: 'Paused. Generate or inspect names now, then Resume.' };
        break;
      case 'finished':
        this.status = { kind: 'success', text: `Training ${event.message ?? 'finished'}.${best} Save the model in Models to keep it.` };
        break;
      case 'stopped':
        this.status = { kind: 'info', text: `Training stopped.${best} The best weights so far are the current model.` };
        break;
      case 'diverged':
        this.status = {
          kind: 'error',
          text: `Training diverged${event.message ? ` (${event.message})` : ''}. The last good weights are kept. Lower the learning rate or turn clipping on, then Train again.`,
        };
        break;
    }
  }

  // ── the library ─────────────────────────────────────────────────────────────────────────────

  async refreshLibrary(): Promise<void> {
    try {
      const { models, problems } = await this.api.library.list();
      this.models = models;
      this.problems = problems;
      this.compare = this.compare.filter((id) => models.some((m) => m.id === id));
    } catch (error) {
      this.status = { kind: 'error', text: `The model library could not be read: ${messageOf(error)}` };
    }
  }

  async saveCurrent(name: string): Promise<ModelSummary | null> {
    return this.#act(async () => {
      const saved = await this.api.library.saveCurrent(name);
      if (this.model) this.model = { ...this.model, savedId: saved.id };
      await this.refreshLibrary();
      this.status = { kind: 'success', text: `Saved “${saved.name}”.` };
      return saved;
    });
  }

  async load(model: ModelSummary): Promise<void> {
    await this.#act(async () => {
      const [info, history] = await Promise.all([this.api.library.load(model.id), this.api.library.history(model.id)]);
      this.model = { label: model.name, categories: info.vocab.categories, savedId: model.id };
      this.training.showHistory(history, model.settings.clip);
      this.training.state = 'idle';
      this.status = { kind: 'success', text: `Loaded “${model.name}”: generate or inspect names with it.` };
    });
  }

  async rename(id: string, name: string): Promise<void> {
    await this.#act(async () => {
      await this.api.library.rename(id, name);
      await this.refreshLibrary();
    });
  }

  async remove(model: ModelSummary): Promise<void> {
    await this.#act(async () => {
      await this.api.library.remove(model.id);
      if (this.model?.savedId === model.id) this.model = { ...this.model, savedId: null };
      await this.refreshLibrary();
      this.status = { kind: 'info', text: `Deleted “${model.name}”.` };
    });
  }

  async exportModel(id: string): Promise<void> {
    await this.#act(async () => {
      if (await this.api.library.exportModel(id)) this.status = { kind: 'success', text: 'Model exported.' };
    });
  }

  async importModel(file?: { fileName: string; text: string }): Promise<void> {
    await this.#act(async () => {
      const imported = await this.api.library.importModel(file);
      if (!imported) return;
      await this.refreshLibrary();
      this.status = { kind: 'success', text: `Imported “${imported.name}” into the library.` };
    }, file ? `${file.fileName} is not a model Namesake can read` : undefined);
  }

  async continueModel(model: ModelSummary): Promise<void> {
    const check = this.settingsCheck;
    if (!check.ok) {
      this.status = { kind: 'error', text: `Check the settings: ${check.error}` };
      return;
    }
    this.training.reset(model.settings.clip);
    await this.#act(async () => {
      const summary = await this.api.training.continueModel(model.id, check.settings.stop);
      this.dataset = summary;
      this.model = { label: `${model.name} (continued)`, categories: summary.categories, savedId: null };
      this.status = { kind: 'info', text: `Continuing “${model.name}”…` };
    });
  }

  async toggleCompare(id: string, on: boolean): Promise<void> {
    this.compare = on ? [...new Set([...this.compare, id])] : this.compare.filter((c) => c !== id);
    if (on && !this.histories[id]) {
      await this.#act(async () => {
        this.histories = { ...this.histories, [id]: await this.api.library.history(id) };
      });
    }
  }

  async #checkRecovery(): Promise<void> {
    try {
      this.recovery = await this.api.library.recovery();
    } catch {
      this.recovery = null;
    }
  }

  async resumeRecovery(): Promise<void> {
    await this.#act(async () => {
      this.training.reset(0);
      this.dataset = await this.api.library.resumeRecovery();
      this.recovery = null;
      this.model = { label: 'Resumed run', categories: this.dataset.categories, savedId: null };
    });
  }

  async discardRecovery(): Promise<void> {
    await this.#act(async () => {
      await this.api.library.discardRecovery();
      this.recovery = null;
    });
  }

  /** Run a backend request, turning a refusal into a status message. */
  async #act<T>(fn: () => Promise<T>, context?: string): Promise<T | null> {
    this.busy = true;
    try {
      return await fn();
    } catch (error) {
      this.status = { kind: 'error', text: context ? `${context}: ${messageOf(error)}` : capitalize(messageOf(error)) };
      if (this.training.state === 'running' && this.training.progress === null) this.training.state = 'idle';
      return null;
    } finally {
      this.busy = false;
    }
  }
}

export async function readBytes(file: File): Promise<NamedBytes> {
  return { fileName: file.name, bytes: new Uint8Array(await read(file, 'bytes')) };
}

export async function readText(file: File): Promise<string> {
  return read(file, 'text');
}

function read(file: File, as: 'bytes'): Promise<ArrayBuffer>;
function read(file: File, as: 'text'): Promise<string>;
function read(file: File, as: 'bytes' | 'text'): Promise<ArrayBuffer | string> {
  if (as === 'bytes' && typeof file.arrayBuffer === 'function') return file.arrayBuffer();
  if (as === 'text' && typeof file.text === 'function') return file.text();
  // FileReader where Blob lacks the promise methods (older engines, jsdom)
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer | string);
    reader.onerror = () => reject(new Error(`${file.name} could not be read: ${reader.error?.message ?? 'unknown error'}`));
    if (as === 'bytes') reader.readAsArrayBuffer(file);
    else reader.readAsText(file);
  });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function autosaveFailed({ reason, keptFrom }: { reason: string; keptFrom: number | null }): string {
  const kept = keptFrom === null
    ? 'no earlier autosave of this run is kept'
    : `the last autosave, from ${new Date(keptFrom).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}, is kept`;
  return `Autosave failed: ${reason}; ${kept}. Training goes on, and the next autosave is tried in a few seconds.`;
}
