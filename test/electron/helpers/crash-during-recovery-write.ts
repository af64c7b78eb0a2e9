// Run as its own process: autosave checkpoint A, then die by SIGKILL in the middle of autosaving
// checkpoint B — after the temporary file is written, before it is renamed over recovery.json.
// argv: library dir, file holding checkpoint A, file holding checkpoint B.

import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const [dir, fileA, fileB] = process.argv.slice(2) as [string, string, string];
const rename = fs.renameSync;
let armed = false;
fs.renameSync = (from, to) => {
  if (armed && String(to).endsWith('recovery.json')) process.kill(process.pid, 'SIGKILL');
  rename(from, to);
};
syncBuiltinESMExports(); // named imports of node:fs see the wrapper too

// Imported only now, so that every import of renameSync is the wrapper above.
const { openConf } = await import('./conf-store.ts');
const { createLibrary } = await import('../../../electron/library.ts');
const library = createLibrary({ dir, open: openConf });
library.writeRecovery(fs.readFileSync(fileA, 'utf8'));
armed = true;
library.writeRecovery(fs.readFileSync(fileB, 'utf8'));
console.log('not reached: the write of B completed');
