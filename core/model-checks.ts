// The checks a model file's vocabulary and sizes must pass, shared by writing and reading so that
// Namesake only ever writes files it can read back.

export const MODEL_LIMITS = { maxHidden: 2048, maxAlphabet: 512, maxCategories: 256, maxCategoryLength: 100, maxFileChars: 200 * 1024 * 1024 } as const;

/** A model file that cannot be read or written. The message reads "<field>: <problem>". */
export class ModelFileError extends Error {
  readonly field: string;
  /** The problem alone, without the field. */
  readonly problem: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'ModelFileError';
    this.field = field;
    this.problem = message;
  }
}

/** Keys that could reach an object's prototype if some reader copied them with assignment. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 64;

/** Refuse forbidden keys anywhere in a JSON value: top level, params and nested metadata alike. */
export function rejectForbiddenKeys(value: unknown, path: string, depth = 0): void {
  if (typeof value !== 'object' || value === null) return;
  if (depth > MAX_DEPTH) throw new ModelFileError(path, `nested more than ${MAX_DEPTH} levels deep`);
  if (Array.isArray(value)) {
    value.forEach((item, i) => rejectForbiddenKeys(item, `${path}[${i}]`, depth + 1));
    return;
  }
  for (const key of Object.keys(value)) {
    const field = path === '' ? key : `${path}.${key}`;
    if (FORBIDDEN_KEYS.has(key)) throw new ModelFileError(field, `the key "${key}" is not allowed in a model file`);
    rejectForbiddenKeys((value as Record<string, unknown>)[key], field, depth + 1);
  }
}

export function checkHiddenSize(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MODEL_LIMITS.maxHidden) {
    throw new ModelFileError('hiddenSize', `expected an integer from 1 to ${MODEL_LIMITS.maxHidden}, got ${show(value)}`);
  }
  return value;
}

/** One code point per entry, unique, no control characters, 1…512 entries. */
export function checkAlphabet(value: unknown): string[] {
  if (!Array.isArray(value)) throw new ModelFileError('alphabet', `expected an array of characters, got ${show(value)}`);
  if (value.length === 0) throw new ModelFileError('alphabet', 'is empty; a model needs at least one character');
  if (value.length > MODEL_LIMITS.maxAlphabet) {
    throw new ModelFileError('alphabet', `has ${value.length} characters; a model can have at most ${MODEL_LIMITS.maxAlphabet}`);
  }
  const firstIndex = new Map<string, number>();
  value.forEach((ch: unknown, i) => {
    const field = `alphabet[${i}]`;
    if (typeof ch !== 'string') throw new ModelFileError(field, `expected a one-character string, got ${show(ch)}`);
    const length = Array.from(ch).length;
    if (length !== 1) throw new ModelFileError(field, `${show(ch)} is ${length} characters; each entry must be exactly one character`);
    if (/\p{Cc}|\p{Cs}/u.test(ch)) throw new ModelFileError(field, `${codePoint(ch)} is a control character or a lone surrogate, not a character of a name`);
    const first = firstIndex.get(ch);
    if (first !== undefined) throw new ModelFileError(field, `${show(ch)} appears twice (also alphabet[${first}])`);
    firstIndex.set(ch, i);
  });
  return value as string[];
}

/** None, or 2…256 unique non-blank names of at most 100 characters. */
export function checkCategories(value: unknown): string[] {
  if (!Array.isArray(value)) throw new ModelFileError('categories', `expected an array of category names, got ${show(value)}`);
  if (value.length === 1) {
    throw new ModelFileError('categories', `has one category (${show(value[0])}); a model has none, or at least 2`);
  }
  if (value.length > MODEL_LIMITS.maxCategories) {
    throw new ModelFileError('categories', `has ${value.length} categories; a model can have at most ${MODEL_LIMITS.maxCategories}`);
  }
  const firstIndex = new Map<string, number>();
  value.forEach((name: unknown, i) => {
    const field = `categories[${i}]`;
    if (typeof name !== 'string') throw new ModelFileError(field, `expected a string, got ${show(name)}`);
    if (name.trim() === '') throw new ModelFileError(field, 'is blank; a category needs a name');
    const length = Array.from(name).length;
    if (length > MODEL_LIMITS.maxCategoryLength) {
      throw new ModelFileError(field, `has ${length} characters; a category can have at most ${MODEL_LIMITS.maxCategoryLength}`);
    }
    const bad = /\p{Cc}|\p{Cs}/u.exec(name);
    if (bad) throw new ModelFileError(field, `contains ${codePoint(bad[0])}, a control character or a lone surrogate`);
    const first = firstIndex.get(name);
    if (first !== undefined) throw new ModelFileError(field, `${show(name)} appears twice (also categories[${first}])`);
    firstIndex.set(name, i);
  });
  return value as string[];
}

/** A short description of a JSON value for an error message. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'an array';
  if (value === null || typeof value !== 'object') return String(value);
  return 'an object';
}

function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
