// Every sentence the state modules show the user, in one place: the notices under the panels, the
// labels of the current model, and how a refused request reads.

import type { TrainingEvent, TrainingState } from '../../contract/api.ts';
import { CRASH_LIMIT_TEXT } from '../../contract/crash-policy.ts';

export type Notice = { kind: 'info' | 'success' | 'warning' | 'error'; text: string };

const info = (text: string): Notice => ({ kind: 'info', text });
const success = (text: string): Notice => ({ kind: 'success', text });
const warning = (text: string): Notice => ({ kind: 'warning', text });
const error = (text: string): Notice => ({ kind: 'error', text });

export const about = info('Namesake: a character-level RNN, written by hand, that learns names and invents new ones offline.');
export const startupFailed = (reason: string) => `Namesake could not start its training engine: ${reason}`;

// ── names files ─────────────────────────────────────────────────────────────────────────────────

export const BUNDLED_NAMES = 'the bundled US names';
export const CHOSEN_FILES = 'the chosen files';
export const stopBeforeLoading = warning('Stop training before loading other names.');
export const loadedNames = (names: number, from: string) => success(`Loaded ${names.toLocaleString('en-US')} names from ${from}.`);
export const fileUnreadable = (fileName: string, reason = 'unknown error') => `${fileName} could not be read: ${reason}`;
/** The engine's own refusal of a file, as it wrote it. */
export const refusedFile = (reason: string) => error(reason);

// ── training ────────────────────────────────────────────────────────────────────────────────────

export const CURRENT_RUN = 'Current run';
export const RESUMED_RUN = 'Resumed run';
export const continuedLabel = (name: string) => `${name} (continued)`;
export const checkSettings = (problem: string) => error(`Check the settings: ${problem}`);
export const running = info('Training…');
export const continuing = (name: string) => info(`Continuing “${name}”…`);

/** What a state event means for the user, or null when it needs no word (idle). */
export function trainingStateNotice(state: TrainingState, message: string | undefined, bestValLoss: number | null): Notice | null {
  const best = bestValLoss != null ? ` Best validation loss ${bestValLoss.toFixed(3)}.` : '';
  switch (state) {
    case 'running':
      return running;
    case 'paused':
      return info('Paused. Generate or inspect names now, then Resume.');
    case 'finished':
      return success(`Training ${message ?? 'finished'}.${best} Save the model in Models to keep it.`);
    case 'stopped':
      return info(`Training stopped.${best} The best weights so far are the current model.`);
    case 'diverged':
      return error(`Training diverged${message ? ` (${message})` : ''}. The last good weights are kept. Lower the learning rate or turn clipping on, then Train again.`);
    default:
      return null;
  }
}

export function crashed({ reason, restarting, canResume }: Extract<TrainingEvent, { type: 'crashed' }>): Notice {
  const restart = restarting ? 'It was restarted.' : `It crashed ${CRASH_LIMIT_TEXT} and was not restarted: save your work and restart Namesake.`;
  const next = canResume ? 'Resume the interrupted run from its last checkpoint (below), or train again.' : 'Train again to continue.';
  return error(`The training process crashed (${reason}). ${restart} ${next}`);
}

export function autosaveFailed({ reason, keptFrom }: { reason: string; keptFrom: number | null }): Notice {
  const kept = keptFrom === null
    ? 'no earlier autosave of this run is kept'
    : `the last autosave, from ${new Date(keptFrom).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}, is kept`;
  return warning(`Autosave failed: ${reason}; ${kept}. Training goes on, and the next autosave is tried in a few seconds.`);
}

// ── the library ─────────────────────────────────────────────────────────────────────────────────

export const libraryUnreadable = (reason: string) => error(`The model library could not be read: ${reason}`);
export const saved = (name: string) => success(`Saved “${name}”.`);
export const loadedModel = (name: string) => success(`Loaded “${name}”: generate or inspect names with it.`);
export const deleted = (name: string) => info(`Deleted “${name}”.`);
export const exportedModel = success('Model exported.');
export const imported = (name: string) => success(`Imported “${name}” into the library.`);
export const notAModel = (fileName: string) => `${fileName} is not a model Namesake can read`;

// ── generated names ─────────────────────────────────────────────────────────────────────────────

export const copiedNames = (count: number) => `Copied ${count} names.`;
export const exportedNames = (count: number) => `Exported ${count} names.`;
export const CLIPBOARD_UNAVAILABLE = 'The clipboard is not available here; use Export instead.';

/** A backend's refusal: with what was being done, or the message itself as a sentence. */
export function refused(reason: string, context?: string): Notice {
  return error(context ? `${context}: ${reason}` : reason.charAt(0).toUpperCase() + reason.slice(1));
}
