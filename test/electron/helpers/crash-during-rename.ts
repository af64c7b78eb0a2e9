// Run as its own process: save a model as "Before", then die by SIGKILL in the middle of renaming
// it to "After" — the model file already renamed into place, the index's temporary file written
// but not yet renamed over library.json. Prints the model's id first.
// argv: library dir, file holding a checkpoint.

import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const [dir, file] = process.argv.slice(2) as [string, string];
const rename = fs.renameSync;
let armed = false;
fs.renameSync = (from, to) => {
  if (armed && String(to).endsWith('library.json')) process.kill(process.pid, 'SIGKILL');
  rename(from, to);
};
syncBuiltinESMExports(); // named imports of node:fs see the wrapper too

// Imported only now, so that every import of renameSync is the wrapper above.
const { openConf } = await import('./conf-store.ts');
const { createLibrary } = await import('../../../electron/library.ts');
const library = createLibrary({ dir, open: openConf });
const { id } = library.save('Before', fs.readFileSync(file, 'utf8'));
fs.writeSync(1, `${id}\n`);
armed = true;
library.rename(id, 'After');
console.log('not reached: the rename completed');
