// The names the next run trains on: the loaded dataset's summary, the notice of the last load, and
// the ways to load names (the bundled list, files, the native dialog).

import type { DatasetSummary, NamedBytes, NamesakeApi } from '../../contract/api.ts';
import { messageOf } from '../../core/errors.ts';
import { BUNDLED_NAMES, CHOSEN_FILES, loadedNames, refusedFile, stopBeforeLoading, type Notice } from './messages.ts';

export class DatasetState {
  summary = $state.raw<DatasetSummary | null>(null);
  notice = $state<Notice | null>(null);
  loading = $state(false);
  /** Electron opens files with its own dialog; the browser build with a file input. */
  readonly nativeDialog: boolean;
  readonly #api: NamesakeApi['datasets'];
  readonly #locked: () => boolean;

  /** `locked` is true while a run trains on the current names. */
  constructor(api: NamesakeApi, locked: () => boolean) {
    this.#api = api.datasets;
    this.nativeDialog = api.kind === 'electron';
    this.#locked = locked;
  }

  async loadBundled(): Promise<void> {
    await this.#load(() => this.#api.loadBundled(), BUNDLED_NAMES);
  }

  async importFiles(files: NamedBytes[]): Promise<void> {
    if (files.length === 0) return;
    await this.#load(() => this.#api.importFiles(files), files.map((file) => file.fileName).join(', '));
  }

  async openDialog(): Promise<void> {
    await this.#load(() => this.#api.openDialog(), CHOSEN_FILES);
  }

  async #load(load: () => Promise<DatasetSummary | null>, source: string): Promise<void> {
    if (this.#locked()) {
      this.notice = stopBeforeLoading;
      return;
    }
    this.loading = true;
    try {
      const summary = await load();
      if (summary) {
        this.summary = summary;
        this.notice = loadedNames(summary.names, source);
      }
    } catch (error) {
      // The engine refused the file; what was loaded before stays.
      this.notice = refusedFile(messageOf(error));
    } finally {
      this.loading = false;
    }
  }
}
