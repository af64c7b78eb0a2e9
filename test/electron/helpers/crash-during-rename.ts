// Run as its own process: save a model as "Before", then die by SIGKILL in the middle of renaming
// it to "After" — the model file already renamed into place, the index's temporary file written
// but not yet renamed over library.json. Prints the model's id first.
// argv: library dir, file holding a checkpoint.

import fs from 'node:fs';
import { libraryKilledOnRenameTo } from './kill-on-rename.ts';

const [dir, file] = process.argv.slice(2) as [string, string];
const { library, arm } = await libraryKilledOnRenameTo(dir, 'library.json');
const { id } = library.save('Before', fs.readFileSync(file, 'utf8'));
fs.writeSync(1, `${id}\n`);
arm();
library.rename(id, 'After');
console.log('not reached: the rename completed');
