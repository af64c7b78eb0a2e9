// The NumPy reference (numpy_rnn.py), run only where python3 with numpy is installed.

import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./numpy_rnn.py', import.meta.url));

export function numpyAvailable(): boolean {
  return spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
}

/** Tokens per second of W1 and W0 in NumPy, `seconds` each; null without python3 + numpy. */
export function numpyTokensPerSecond(namesFile: string, seconds: number): { W1: number; W0: number } | null {
  if (!numpyAvailable()) return null;
  const out = execFileSync('python3', [SCRIPT, namesFile, String(seconds)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').pop()!) as { W1: number; W0: number };
}
