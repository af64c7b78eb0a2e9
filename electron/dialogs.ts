// The native open and save dialogs, attached to the window. Each returns null when cancelled.

import { dialog, type BrowserWindow } from 'electron';
import type { NamesExportFormat } from '../contract/api.ts';

export type Dialogs = {
  openNames(): Promise<string[] | null>;
  openModel(): Promise<string | null>;
  saveModel(suggestedName: string): Promise<string | null>;
  saveNames(format: NamesExportFormat): Promise<string | null>;
};

export function nativeDialogs(window: () => BrowserWindow | null): Dialogs {
  const open = async (options: Electron.OpenDialogOptions) => {
    const owner = window();
    const result = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
    return result.canceled || result.filePaths.length === 0 ? null : result.filePaths;
  };
  const save = async (options: Electron.SaveDialogOptions) => {
    const owner = window();
    const result = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? null : result.filePath;
  };
  return {
    openNames: () => open({ title: 'Open names list', properties: ['openFile', 'multiSelections'], filters: [{ name: 'Names', extensions: ['txt', 'csv', 'tsv'] }, { name: 'All files', extensions: ['*'] }] }),
    openModel: async () => (await open({ title: 'Import model', properties: ['openFile'], filters: [{ name: 'Namesake model', extensions: ['json'] }] }))?.[0] ?? null,
    saveModel: (suggestedName) => save({ title: 'Export model', defaultPath: `${suggestedName.replace(/[\\/:*?"<>|]/g, '_')}.model.json`, filters: [{ name: 'Namesake model', extensions: ['json'] }] }),
    saveNames: (format) => save({ title: 'Export names', defaultPath: `names.${format}`, filters: [{ name: format === 'csv' ? 'CSV' : 'Text', extensions: [format] }] }),
  };
}
