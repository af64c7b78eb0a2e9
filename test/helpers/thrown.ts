// The error a call throws, checked to be of the expected class, so that a test can go on to assert its fields.

import { expect } from 'vitest';

/** What `run` throws, as a `type`; fails the test when it throws nothing or something else. */
export function thrownBy<E extends Error>(type: new (...args: never[]) => E, run: () => unknown): E {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as E;
  }
  throw new Error(`expected ${type.name}, but nothing was thrown`);
}
