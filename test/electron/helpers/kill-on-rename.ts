// For scripts run as their own process: a library whose process dies by SIGKILL at the moment a
// file is renamed over the one named `target` (its temporary file written, not yet in place), once
// armed. Every rename the library makes goes through the wrapper, named imports of node:fs too.

import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import type { Library } from '../../../electron/library.ts';

export async function libraryKilledOnRenameTo(dir: string, target: string): Promise<{ library: Library; arm(): void }> {
  const rename = fs.renameSync;
  let armed = false;
  fs.renameSync = (from, to) => {
    if (armed && String(to).endsWith(target)) process.kill(process.pid, 'SIGKILL');
    rename(from, to);
  };
  syncBuiltinESMExports(); // named imports of node:fs see the wrapper too

  // Imported only now, so that every import of renameSync is the wrapper above.
  const { openConf } = await import('./conf-store.ts');
  const { createLibrary } = await import('../../../electron/library.ts');
  return { library: createLibrary({ dir, open: openConf }), arm: () => void (armed = true) };
}
