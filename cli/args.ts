// Flag values arrive as strings; these turn them into numbers or refuse with the flag's name.

import { CliError } from './io.ts';

export function number(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new CliError(`${flag}: expected a number, got "${text}"`, 2);
  return value;
}

export function optionalNumber(flag: string, text: string | undefined): number | undefined {
  return text === undefined ? undefined : number(flag, text);
}

/** A number flag that also takes 'auto' (a setting training chooses). */
export function numberOrAuto(flag: string, text: string | undefined): number | 'auto' | undefined {
  return text === 'auto' ? 'auto' : optionalNumber(flag, text);
}

export function requireOne(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new CliError(`expected one ${what}, got ${positionals.length === 0 ? 'none' : positionals.join(' ')}`, 2);
  return positionals[0]!;
}

/** Only the keys whose value is given. */
export function definedOnly<T extends object>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as Partial<T>;
}
