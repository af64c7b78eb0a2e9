// Checks for everything the window sends to main: the renderer is treated as untrusted, so every
// argument is checked for type, size and shape before it reaches the library, the disk or the
// training process. Each refusal names the argument.

import { LIMITS as IMPORT_LIMITS } from '../core/import-names.ts';
import { MODEL_LIMITS } from '../core/model-checks.ts';
import { SAMPLE_LIMITS } from '../core/sample.ts';
import { validateSettings } from '../core/settings.ts';
import type { NamedBytes, NamesExportFormat, SampleOptions, StopCondition, TrainSettings } from '../contract/api.ts';
import { MAX_MODEL_NAME, MODEL_ID } from './library.ts';

export const IPC_LIMITS = {
  files: 64,
  /** All names files of one import together. */
  totalBytes: IMPORT_LIMITS.maxFileBytes,
  fileName: 255,
  modelName: MAX_MODEL_NAME,
  modelChars: MODEL_LIMITS.maxFileChars,
  /** A name to inspect or a prefix: far beyond any real name, small enough to be harmless. */
  nameChars: 256,
  categoryChars: MODEL_LIMITS.maxCategoryLength,
  exportNames: SAMPLE_LIMITS.maxCount,
} as const;

export function argumentError(argument: string, expected: string, got: unknown): Error {
  const shown = typeof got === 'string' ? `a string of ${got.length} characters` : got === null ? 'null' : Array.isArray(got) ? `an array of ${got.length}` : typeof got;
  return new Error(`${argument}: expected ${expected}, got ${shown}`);
}

export function boundedString(argument: string, value: unknown, max: number, min = 0): string {
  if (typeof value !== 'string' || value.length < min || value.length > max) throw argumentError(argument, `a string of ${min} to ${max} characters`, value);
  return value;
}

export function modelId(value: unknown): string {
  if (typeof value !== 'string' || !MODEL_ID.test(value)) throw argumentError('id', 'a model id', value);
  return value;
}

export function modelName(value: unknown): string {
  return boundedString('name', value, IPC_LIMITS.modelName, 1);
}

export function settings(value: unknown): TrainSettings {
  return validateSettings(value);
}

export function stopCondition(value: unknown): StopCondition {
  return validateSettings({ stop: value }).stop;
}

export function namesFiles(value: unknown): NamedBytes[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > IPC_LIMITS.files) throw argumentError('files', `1 to ${IPC_LIMITS.files} files`, value);
  let total = 0;
  return value.map((file: unknown, i) => {
    const { fileName, bytes } = record(`files[${i}]`, file, ['fileName', 'bytes']);
    if (!(bytes instanceof Uint8Array)) throw argumentError(`files[${i}].bytes`, 'a Uint8Array', bytes);
    total += bytes.byteLength;
    if (total > IPC_LIMITS.totalBytes) throw new Error(`files: more than ${IPC_LIMITS.totalBytes / 1024 / 1024} MB of names in one import`);
    return { fileName: boundedString(`files[${i}].fileName`, fileName, IPC_LIMITS.fileName, 1), bytes };
  });
}

export function sampleOptions(value: unknown): SampleOptions {
  const o = record('options', value, ['count', 'temperature', 'topK', 'prefix', 'category', 'maxLength', 'seed', 'onlyNew']);
  for (const key of ['count', 'temperature', 'topK', 'maxLength', 'seed'] as const) {
    if (o[key] !== undefined && (typeof o[key] !== 'number' || !Number.isFinite(o[key]))) throw argumentError(`options.${key}`, 'a finite number', o[key]);
  }
  if (typeof o.count === 'number' && o.count > SAMPLE_LIMITS.maxCount) throw argumentError('options.count', `at most ${SAMPLE_LIMITS.maxCount}`, o.count);
  if (o.prefix !== undefined) boundedString('options.prefix', o.prefix, IPC_LIMITS.nameChars);
  if (o.category !== undefined && typeof o.category !== 'number') boundedString('options.category', o.category, IPC_LIMITS.categoryChars);
  if (o.onlyNew !== undefined && typeof o.onlyNew !== 'boolean') throw argumentError('options.onlyNew', 'true or false', o.onlyNew);
  return o as SampleOptions;
}

export function inspectedName(value: unknown): string {
  return boundedString('name', value, IPC_LIMITS.nameChars, 1);
}

export function optionalCategory(value: unknown): string | undefined {
  return value === undefined ? undefined : boundedString('category', value, IPC_LIMITS.categoryChars);
}

export function modelFileDrop(value: unknown): { fileName: string; text: string } | undefined {
  if (value === undefined) return undefined;
  const { fileName, text } = record('file', value, ['fileName', 'text']);
  return { fileName: boundedString('file.fileName', fileName, IPC_LIMITS.fileName, 1), text: boundedString('file.text', text, IPC_LIMITS.modelChars, 1) };
}

export function namesToExport(value: unknown): string[] {
  if (!Array.isArray(value) || value.length > IPC_LIMITS.exportNames) throw argumentError('names', `at most ${IPC_LIMITS.exportNames} names`, value);
  return value.map((name, i) => boundedString(`names[${i}]`, name, IPC_LIMITS.nameChars));
}

export function exportFormat(value: unknown): NamesExportFormat {
  if (value !== 'txt' && value !== 'csv') throw argumentError('format', '"txt" or "csv"', value);
  return value;
}

function record(argument: string, value: unknown, keys: string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw argumentError(argument, 'an object', value);
  for (const key of Object.keys(value)) if (!keys.includes(key)) throw new Error(`${argument}.${key}: unknown key (expected ${keys.join(', ')})`);
  return value as Record<string, unknown>;
}
