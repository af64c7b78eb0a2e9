// One JSON store file (electron-store in the app, its base class `conf` in the tests: the class is
// the caller's `open`), with a schema and a format version for migrations. A file that cannot be
// read is moved aside and reported by name, never cleared: conf's `clearInvalidConfig` would wipe
// it silently, so it stays off.

import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type Conf from 'conf';
import type { Schema } from 'conf';
import type { StoreProblem } from '../contract/api.ts';
import { messageOf } from '../core/errors.ts';

export type StoreData = Record<string, unknown> & { formatVersion: number };

export type StoreOptions<T extends StoreData> = {
  cwd: string;
  /** The file's name without `.json`. */
  name: string;
  /** Checked by conf on every read and write; a store without one is checked by its caller. */
  schema?: Schema<T>;
  clearInvalidConfig: false;
};

export type StoreFileSpec<T extends StoreData> = Omit<StoreOptions<T>, 'clearInvalidConfig'> & {
  /** Keys a written file must have (conf's schema cannot require them: an empty store would fail). */
  required: (keyof T & string)[];
  formatVersion: number;
};

export type OpenStore = <T extends StoreData>(options: StoreOptions<T>) => Conf<T>;

/** `data` is what the file held when opened; `undefined` when there is no file (or it just vanished). */
export type Opened<T extends StoreData> = { store: Conf<T>; data: T | undefined; problem?: undefined } | { store?: undefined; data?: undefined; problem: StoreProblem };

/** The temporary file a write renames into place; conf's atomic writer (atomically) names its own the same way. */
const TEMP_FILE = /\.json\.tmp-\d{10}[0-9a-f]{6}$/;

export function storePath(cwd: string, name: string): string {
  return path.join(cwd, `${name}.json`);
}

/**
 * Open a store and read it once, so that a damaged file is found here and not halfway through a
 * request. A file written by a newer format is reported and left where it is.
 */
export function openStoreFile<T extends StoreData>(open: OpenStore, spec: StoreFileSpec<T>, now: () => number = Date.now): Opened<T> {
  const { cwd, name, schema, required, formatVersion } = spec;
  const file = storePath(cwd, name);
  const newer = (version: unknown): StoreProblem | null =>
    typeof version === 'number' && version > formatVersion
      ? { file, movedTo: null, message: `written by a newer Namesake (format ${version}; this one reads format ${formatVersion})` }
      : null;
  try {
    const store = open<T>({ cwd, name, schema, clearInvalidConfig: false });
    const data = store.store;
    const problem = newer(data.formatVersion);
    if (problem) return { problem };
    if (Object.keys(data).length === 0 && !existsSync(file)) return { store, data: undefined };
    const missing = required.filter((key) => data[key] === undefined);
    if (missing.length > 0) throw new Error(`missing ${missing.join(', ')}`);
    return { store, data };
  } catch (error) {
    const problem = newer(peekFormatVersion(file));
    if (problem) return { problem };
    return { problem: moveAside(file, error, now) };
  }
}

/**
 * Write a store file whole or not at all: the JSON goes to a temporary file beside it, is flushed
 * to the disk, and the temporary file is renamed over the store file. conf's own writer is not
 * used for this: on a nearly full disk it takes a short write for a whole one and renames a
 * cut-off file over the good one.
 */
export function writeStoreFile(cwd: string, name: string, data: StoreData): void {
  const file = storePath(cwd, name);
  const temp = `${file}.tmp-${String(Date.now()).slice(-10)}${randomBytes(3).toString('hex')}`;
  try {
    const fd = openSync(temp, 'w');
    try {
      writeFileSync(fd, JSON.stringify(data, undefined, '\t')); // loops until every byte is written, or throws
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // Left for removeTempFiles on the next start.
    }
    throw error;
  }
}

function peekFormatVersion(file: string): unknown {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { formatVersion?: unknown }).formatVersion;
  } catch {
    return undefined;
  }
}

/** Rename an unreadable file out of the way (kept for the user, never deleted) and say why. */
export function moveAside(file: string, error: unknown, now: () => number): StoreProblem {
  const message = messageOf(error);
  const movedTo = `${file}.unreadable-${now()}`;
  try {
    renameSync(file, movedTo);
    return { file, movedTo, message };
  } catch (renameError) {
    return { file, movedTo: null, message: `${message}; it could not be moved aside either (${systemReason(renameError)})` };
  }
}

/**
 * Delete the temporary files of writes that never finished (a crash or a kill between writing
 * and renaming). Called on open, before this process writes anything: under the app's
 * single-instance lock no other process writes here, so none of them is being written now.
 */
export function removeTempFiles(dir: string): void {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return;
  }
  for (const file of files) {
    if (!TEMP_FILE.test(file)) continue;
    try {
      rmSync(path.join(dir, file), { force: true });
    } catch {
      // A read-only disk: the file stays until a later start can remove it; nothing reads it.
    }
  }
}

/** The system's reason for a failed file operation, in words and without the paths it names. */
export function systemReason(error: unknown): string {
  const message = messageOf(error);
  // Node: "ENOSPC: no space left on device, write" / "EROFS: read-only file system, open '/x.json.tmp-…'"
  const node = /^[A-Z][A-Z0-9_]*: (.+?), [a-z_]+(?: '.*')?$/s.exec(message);
  return node ? node[1]! : message;
}
