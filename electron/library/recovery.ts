// The autosave slot: the latest checkpoint of the run in progress, offered for recovery after a
// crash or a forced quit. Checked for damage when read; written whole over whatever is there.

import { existsSync, rmSync } from 'node:fs';
import type { RecoveryOffer } from '../../contract/api.ts';
import { describeModel } from '../../core/model-summary.ts';
import { attempt } from './checks.ts';
import { FORMAT_VERSION, openRecovery, recoveryFile, type LibraryState, type RecoveryData } from './files.ts';
import { writeStoreFile } from '../store-file.ts';

/** The autosave as it is now, or null; a damaged one is moved aside and reported by the next listing. */
export function readRecovery(state: LibraryState): RecoveryData | null {
  if (!existsSync(recoveryFile(state))) return null; // no store object to build, no schema to compile
  const opened = openRecovery(state);
  if (opened.problem) state.pending.push(opened.problem);
  return opened.data ?? null;
}

export function writeRecovery(state: LibraryState, checkpoint: string): void {
  attempt('autosave the run', () => {
    const { summary } = describeModel(checkpoint);
    const savedAt = state.now();
    const offer: RecoveryOffer = { savedAt, steps: summary.steps, bestValLoss: summary.bestValLoss, dataset: summary.dataset };
    writeStoreFile(state.dir, 'recovery', { formatVersion: FORMAT_VERSION, savedAt, checkpoint, offer });
  });
}

export function discardRecovery(state: LibraryState): void {
  rmSync(recoveryFile(state), { force: true });
}
