// What main does for each request of the window: check the arguments, then ask the training
// process, the library, the dialogs or the disk.

import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CHANNELS, type Channel, type DatasetSummary, type NamedBytes } from './contract.ts';
import type { Dialogs } from './dialogs.ts';
import type { Handler } from './ipc.ts';
import * as check from './ipc-arguments.ts';
import type { Library } from './library.ts';
import { namesFileText } from '../core/names-file.ts';
import type { TrainingHost } from './training-host.ts';

export type HandlerDeps = {
  host: TrainingHost;
  library: Library;
  dialogs: Dialogs;
  /** The bundled names list shipped with the build. */
  bundledNamesPath: string;
  /** True while a run is running or paused (its autosave is then still the recovery point). */
  isTraining(): boolean;
};

export function createHandlers({ host, library, dialogs, bundledNamesPath, isTraining }: HandlerDeps): Record<Exclude<Channel, typeof CHANNELS.trainingEvent | typeof CHANNELS.trainingPort | typeof CHANNELS.menu>, Handler> {
  const importDataset = (files: NamedBytes[]): Promise<DatasetSummary> => host.request({ type: 'importDataset', files });

  return {
    [CHANNELS.datasetsLoadBundled]: async () => importDataset([{ fileName: 'names.txt', bytes: await readFile(bundledNamesPath) }]),
    [CHANNELS.datasetsImportFiles]: (files: unknown) => importDataset(check.namesFiles(files)),
    [CHANNELS.datasetsOpenDialog]: async () => {
      const paths = await dialogs.openNames();
      if (!paths) return null;
      return importDataset(await readLimited(paths, check.IPC_LIMITS.totalBytes, 'names files'));
    },

    [CHANNELS.trainingStart]: async (settings: unknown) => {
      const checked = check.settings(settings);
      await host.request({ type: 'start', settings: checked });
      library.discardRecovery(); // a new run: its own autosaves are the recovery point from now on
    },
    [CHANNELS.trainingPause]: () => host.request({ type: 'pause' }),
    [CHANNELS.trainingResume]: () => host.request({ type: 'resume' }),
    [CHANNELS.trainingStop]: () => host.request({ type: 'stop' }),
    [CHANNELS.trainingContinue]: (id: unknown, stop: unknown) => {
      const checkpoint = library.modelText(check.modelId(id));
      return host.request({ type: 'continue', checkpoint, stop: check.stopCondition(stop) });
    },

    [CHANNELS.modelGenerate]: (options: unknown) => host.request({ type: 'generate', options: check.sampleOptions(options) }),
    [CHANNELS.modelInspect]: (name: unknown, category: unknown) =>
      host.request({ type: 'inspect', name: check.inspectedName(name), category: check.optionalCategory(category) }),

    [CHANNELS.libraryList]: () => library.list(),
    [CHANNELS.librarySave]: async (name: unknown) => {
      const checkedName = check.modelName(name);
      const summary = library.save(checkedName, await host.request({ type: 'snapshot' }));
      if (!isTraining()) library.discardRecovery(); // the finished run is safe in the library now
      return summary;
    },
    [CHANNELS.libraryLoad]: (id: unknown) => host.request({ type: 'loadModel', model: library.modelText(check.modelId(id)) }),
    [CHANNELS.libraryRename]: (id: unknown, name: unknown) => library.rename(check.modelId(id), check.modelName(name)),
    [CHANNELS.libraryRemove]: (id: unknown) => library.remove(check.modelId(id)),
    [CHANNELS.libraryHistory]: (id: unknown) => library.history(check.modelId(id)),
    [CHANNELS.libraryExport]: async (id: unknown) => {
      const checkedId = check.modelId(id);
      const text = library.modelText(checkedId);
      const name = library.list().models.find((m) => m.id === checkedId)?.name ?? 'model';
      const file = await dialogs.saveModel(name);
      if (!file) return false;
      await writeFile(file, text, 'utf8');
      return true;
    },
    [CHANNELS.libraryImport]: async (file: unknown) => {
      const dropped = check.modelFileDrop(file);
      if (dropped) return library.importModel(dropped.fileName, dropped.text);
      const chosen = await dialogs.openModel();
      if (!chosen) return null;
      const [read] = await readLimited([chosen], check.IPC_LIMITS.modelChars, 'a model file');
      return library.importModel(read!.fileName, new TextDecoder('utf-8', { fatal: true }).decode(read!.bytes));
    },
    [CHANNELS.libraryRecovery]: () => library.recovery(),
    [CHANNELS.libraryResumeRecovery]: () => {
      const checkpoint = library.recoveryCheckpoint();
      if (!checkpoint) throw new Error('there is no interrupted run to resume');
      return host.request({ type: 'continue', checkpoint });
    },
    [CHANNELS.libraryDiscardRecovery]: () => library.discardRecovery(),

    [CHANNELS.filesExportNames]: async (names: unknown, format: unknown) => {
      const checkedNames = check.namesToExport(names);
      const checkedFormat = check.exportFormat(format);
      const file = await dialogs.saveNames(checkedFormat);
      if (!file) return false;
      await writeFile(file, namesFileText(checkedNames, checkedFormat), 'utf8');
      return true;
    },
  };
}

/** Files chosen in a dialog, refused by size before they are read. */
async function readLimited(paths: string[], maxTotalBytes: number, what: string): Promise<NamedBytes[]> {
  let total = 0;
  for (const file of paths) total += (await stat(file)).size;
  if (total > maxTotalBytes) throw new Error(`${what}: ${(total / 1024 / 1024).toFixed(1)} MB is more than the ${maxTotalBytes / 1024 / 1024} MB allowed`);
  return Promise.all(paths.map(async (file) => ({ fileName: path.basename(file), bytes: new Uint8Array(await readFile(file)) })));
}
