// The CLI's contact with the file system and the terminal; everything else it does is core/.

import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LIMITS, type NamedBytes } from '../core/import-names.ts';
import { parseModel, type ModelFile } from '../core/model-file.ts';

export const BUNDLED_NAMES = fileURLToPath(new URL('../data/names.txt', import.meta.url));

/** An error the user can act on: printed as a message, never as a stack trace. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

export function readNamesFile(path: string): NamedBytes {
  const size = statOrThrow(path).size;
  if (size > LIMITS.maxFileBytes) {
    throw new CliError(`${path}: ${size} bytes is larger than the ${LIMITS.maxFileBytes}-byte limit for a names file`);
  }
  return { fileName: path === BUNDLED_NAMES ? basename(path) : path, bytes: readFileSync(path) };
}

export function readModel(path: string): ModelFile {
  statOrThrow(path);
  try {
    return parseModel(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CliError(`${path}: ${(error as Error).message}`);
  }
}

/** Write via a temporary file and a rename, so an interrupted write never leaves half a model. */
export function writeFileAtomic(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

function statOrThrow(path: string) {
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new CliError(`${path}: not a file`);
    return stat;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}
