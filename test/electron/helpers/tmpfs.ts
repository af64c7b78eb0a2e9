// A small tmpfs mounted for a test: a disk that fills up, or turns read-only, for real. Mounting
// needs root (CI runs as root); where the machine refuses, `mountTmpfs` says why and the tests
// that need it skip themselves with that reason.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type Tmpfs = { dir: string; readOnly(): void; writable(): void; unmount(): void };

export function mountTmpfs(bytes: number): Tmpfs | { refused: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'namesake-tmpfs-'));
  const mount = (...args: string[]): void => {
    const refusal = run(...args);
    if (refusal) throw new Error(refusal);
  };
  const run = (...args: string[]): string | null => {
    const result = spawnSync('mount', args, { encoding: 'utf8' });
    return result.status === 0 ? null : (result.stderr || result.error?.message || `mount exited with ${result.status}`).trim();
  };
  const refused = run('-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir);
  if (refused) {
    rmSync(dir, { recursive: true, force: true });
    return { refused: `mounting a tmpfs was refused (${refused})` };
  }
  return {
    dir,
    readOnly: () => mount('-o', 'remount,ro', dir),
    writable: () => mount('-o', 'remount,rw', dir),
    unmount() {
      spawnSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Fill the file system with one file so that exactly `free` bytes (rounded to its blocks) stay free. */
export function fillLeaving(dir: string, free: number): string {
  const { bavail, bsize } = statfsSync(dir);
  const filler = path.join(dir, 'filler');
  writeFileSync(filler, Buffer.alloc(Math.max(0, bavail * bsize - Math.ceil(free / bsize) * bsize)));
  return filler;
}
