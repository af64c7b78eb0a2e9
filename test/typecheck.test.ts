// The types hold everywhere: the Node side (CLI, tests), the Electron shell and the Svelte renderer.
// (core/ alone, without DOM or Node types, is checked by test/core/portable.test.ts.)

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;

async function check(script: string, args: string[]): Promise<string> {
  return promisify(execFile)(process.execPath, [script, ...args], { cwd: root, maxBuffer: 1 << 24 })
    .then(() => '')
    .catch((error: { stdout: string; stderr: string }) => `${error.stdout}${error.stderr}`);
}

describe('type checks', () => {
  it('the CLI, node/ and the tests (tsconfig.json)', async () => {
    expect(await check('node_modules/typescript/bin/tsc', ['-p', 'tsconfig.json'])).toBe('');
  });

  it('the Electron shell (electron/tsconfig.json)', async () => {
    expect(await check('node_modules/typescript/bin/tsc', ['-p', 'electron/tsconfig.json'])).toBe('');
  });

  it('the Svelte renderer (svelte-check)', async () => {
    expect(await check('node_modules/svelte-check/bin/svelte-check', ['--tsconfig', 'renderer/tsconfig.json', '--threshold', 'error', '--output', 'machine'])).toBe('');
  });
});
