// Run as its own process: autosave checkpoint A, then die by SIGKILL in the middle of autosaving
// checkpoint B — after the temporary file is written, before it is renamed over recovery.json.
// argv: library dir, file holding checkpoint A, file holding checkpoint B.

import fs from 'node:fs';
import { killOnRenameOver } from './kill-on-rename.ts';

const [dir, fileA, fileB] = process.argv.slice(2) as [string, string, string];
const kill = killOnRenameOver('recovery.json');

// Imported only now, so that every import of renameSync is the wrapper.
const { openConf } = await import('./conf-store.ts');
const { createLibrary } = await import('../../../electron/library.ts');
const library = createLibrary({ dir, open: openConf });
library.writeRecovery(fs.readFileSync(fileA, 'utf8'));
kill.arm();
library.writeRecovery(fs.readFileSync(fileB, 'utf8'));
console.log('not reached: the write of B completed');
