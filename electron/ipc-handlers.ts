// What main does for each request of the window: check the arguments, then ask the training
// process, the library, the dialogs or the disk.

import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DatasetSummary, NamedBytes } from '../contract/api.ts';
import type { MainHandlers } from '../contract/channels.ts';
import type { Dialogs } from './dialogs.ts';
import * as check from './ipc-arguments.ts';
import type { Library } from './library.ts';
import { namesFileText } from '../core/names-file.ts';
import type { TrainingHost } from '../node/training-host.ts';

export type HandlerDeps = {
  host: TrainingHost;
  library: Library;
  dialogs: Dialogs;
  /** The bundled names list shipped with the build. */
  bundledNamesPath: string;
  /** True while a run is running or paused (its autosave is then still the recovery point). */
  isTraining(): boolean;
};

export function createHandlers({ host, library, dialogs, bundledNamesPath, isTraining }: HandlerDeps): MainHandlers {
  const importDataset = (files: NamedBytes[]): Promise<DatasetSummary> => host.request({ type: 'importDataset', files });

  return {
    'datasets:loadBundled': async () => importDataset([{ fileName: 'names.txt', bytes: await readFile(bundledNamesPath) }]),
    'datasets:importFiles': (files: unknown) => importDataset(check.namesFiles(files)),
    'datasets:openDialog': async () => {
      const paths = await dialogs.openNames();
      if (!paths) return null;
      return importDataset(await readLimited(paths, check.IPC_LIMITS.totalBytes, 'names files'));
    },

    'training:start': async (settings: unknown) => {
      const checked = check.settings(settings);
      await host.request({ type: 'start', settings: checked });
      library.discardRecovery(); // a new run: its own autosaves are the recovery point from now on
    },
    'training:pause': () => host.request({ type: 'pause' }).then(() => {}),
    'training:resume': () => host.request({ type: 'resume' }).then(() => {}),
    'training:stop': () => host.request({ type: 'stop' }).then(() => {}),
    'training:continueModel': (id: unknown, stop: unknown) => {
      const checkpoint = library.modelText(check.modelId(id));
      return host.request({ type: 'continue', checkpoint, stop: check.stopCondition(stop) });
    },

    'model:generate': (options: unknown) => host.request({ type: 'generate', options: check.sampleOptions(options) }),
    'model:inspect': (name: unknown, category: unknown) =>
      host.request({ type: 'inspect', name: check.inspectedName(name), category: check.optionalCategory(category) }),

    'library:list': () => library.list(),
    'library:saveCurrent': async (name: unknown) => {
      const checkedName = check.modelName(name);
      const summary = library.save(checkedName, await host.request({ type: 'snapshot' }));
      if (!isTraining()) library.discardRecovery(); // the finished run is safe in the library now
      return summary;
    },
    'library:load': (id: unknown) => host.request({ type: 'loadModel', model: library.modelText(check.modelId(id)) }),
    'library:rename': (id: unknown, name: unknown) => library.rename(check.modelId(id), check.modelName(name)),
    'library:remove': (id: unknown) => library.remove(check.modelId(id)),
    'library:history': (id: unknown) => library.history(check.modelId(id)),
    'library:exportModel': async (id: unknown) => {
      const checkedId = check.modelId(id);
      const text = library.modelText(checkedId);
      const name = library.list().models.find((m) => m.id === checkedId)?.name ?? 'model';
      const file = await dialogs.saveModel(name);
      if (!file) return false;
      await writeFile(file, text, 'utf8');
      return true;
    },
    'library:importModel': async (file: unknown) => {
      const dropped = check.modelFileDrop(file);
      if (dropped) return library.importModel(dropped.fileName, dropped.text);
      const chosen = await dialogs.openModel();
      if (!chosen) return null;
      const [read] = await readLimited([chosen], check.IPC_LIMITS.modelChars, 'a model file');
      return library.importModel(read!.fileName, new TextDecoder('utf-8', { fatal: true }).decode(read!.bytes));
    },
    'library:recovery': () => library.recovery(),
    'library:resumeRecovery': () => {
      const checkpoint = library.recoveryCheckpoint();
      if (!checkpoint) throw new Error('there is no interrupted run to resume');
      return host.request({ type: 'continue', checkpoint });
    },
    'library:discardRecovery': () => library.discardRecovery(),

    'files:exportNames': async (names: unknown, format: unknown) => {
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
