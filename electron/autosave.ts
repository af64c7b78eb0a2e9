// The autosaves of the run in progress, as main writes them on each checkpoint event. A failed one
// (a full disk, say) is told to the window once, with what is kept instead; the next checkpoint
// tries again quietly, and the first that succeeds clears the message.

import type { TrainingEvent } from '../contract/api.ts';
import { LibraryError, type Library } from './library.ts';
import { messageOf } from '../core/errors.ts';

export function createAutosave(library: Pick<Library, 'writeRecovery' | 'recovery'>, send: (event: TrainingEvent) => void) {
  let failing = false;
  return {
    write(checkpoint: string): void {
      try {
        library.writeRecovery(checkpoint);
      } catch (error) {
        if (failing) return;
        failing = true;
        const reason = error instanceof LibraryError ? error.reason : messageOf(error);
        send({ type: 'autosave', failure: { reason, keptFrom: library.recovery()?.savedAt ?? null } });
        return;
      }
      if (failing) send({ type: 'autosave', failure: null });
      failing = false;
    },
  };
}
