// For the crash scripts run as their own process: once armed, the process dies by SIGKILL at the
// rename that would put a temporary file over the named store file, so that file is left as it was
// and its temporary file stays beside it.

import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

/** Wrap fs.renameSync; call this before importing the library, so that its imports see the wrapper. */
export function killOnRenameOver(fileName: string): { arm: () => void } {
  const rename = fs.renameSync;
  let armed = false;
  fs.renameSync = (from, to) => {
    if (armed && String(to).endsWith(fileName)) process.kill(process.pid, 'SIGKILL');
    rename(from, to);
  };
  syncBuiltinESMExports(); // named imports of node:fs see the wrapper too
  return { arm: () => void (armed = true) };
}
