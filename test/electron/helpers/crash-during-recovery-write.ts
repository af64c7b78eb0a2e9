// Run as its own process: autosave checkpoint A, then die by SIGKILL in the middle of autosaving
// checkpoint B — after the temporary file is written, before it is renamed over recovery.json.
// argv: library dir, file holding checkpoint A, file holding checkpoint B.

import fs from 'node:fs';
import { libraryKilledOnRenameTo } from './kill-on-rename.ts';

const [dir, fileA, fileB] = process.argv.slice(2) as [string, string, string];
const { library, arm } = await libraryKilledOnRenameTo(dir, 'recovery.json');
library.writeRecovery(fs.readFileSync(fileA, 'utf8'));
arm();
library.writeRecovery(fs.readFileSync(fileB, 'utf8'));
console.log('not reached: the write of B completed');
