// Electron keeps user data in a folder named after productName, else the package name: giving the
// app its productName "Namesake" moved that folder from appData/namesake to appData/Namesake. The
// model library is carried over once, at start, so no saved model is left behind; everything
// else in the old folder (Chromium's caches) is left where it is.

import { cpSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';

export type LibraryMigration = 'moved' | 'copied' | null;

/**
 * Carry `from` (the old library folder) to `to` (the new one) when `to` does not exist yet: a
 * rename, or a copy when the two are on different disks. On a case-insensitive disk (macOS,
 * Windows) both names are one folder, which then exists: nothing is done.
 */
export function migrateLibrary(from: string, to: string): LibraryMigration {
  if (existsSync(to) || !existsSync(from)) return null;
  mkdirSync(path.dirname(to), { recursive: true });
  try {
    renameSync(from, to);
    return 'moved';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    cpSync(from, to, { recursive: true, errorOnExist: true, force: false });
    return 'copied';
  }
}
