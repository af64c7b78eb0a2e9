// core/ must run unchanged in the utility process, a Web Worker, the CLI and the tests: it compiles
// against ES2022 alone (no DOM, no Node types) and imports nothing from a platform.

import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;

describe('core/ is portable', () => {
  it('type-checks with neither DOM nor Node types (tsconfig.core.json)', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.core.json'], { cwd: root })
      .catch((error: { stdout: string }) => ({ stdout: error.stdout }));
    expect(stdout).toBe('');
  });

  it('imports only from core/ itself', () => {
    const files = readdirSync(`${root}core`, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const outside = files.flatMap((file) =>
      [...readFileSync(`${root}core/${file}`, 'utf8').matchAll(/^(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)]
        .map((m) => m[1]!)
        .filter((source) => !source.startsWith('./') && !source.startsWith('../') || source.startsWith('../../'))
        .map((source) => `${file}: ${source}`),
    );
    expect(outside).toEqual([]);
  });
});
