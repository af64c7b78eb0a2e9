// The settings panel's form: what the user types, the presets, and a hint per field from core's
// own validation (so the panel and the engine never disagree about what is allowed).

import { AUTO_RATE, DEFAULT_SETTINGS, validateSettings, type Schedule, type TrainSettings } from '../../core/settings.ts';
import type { OptimizerName } from '../../core/optim.ts';
import { messageOf } from '../../core/errors.ts';

export type StopKind = 'epochs' | 'minutes';

export type SettingsForm = {
  /** Let training choose the hidden size for the list's size; `hiddenSize` is used when off. */
  autoHidden: boolean;
  hiddenSize: number | null;
  optimizer: OptimizerName;
  /** Let training choose Adam's rate for the hidden size; `learningRate` is used when off. */
  autoRate: boolean;
  learningRate: number | null;
  batchSize: number | null;
  clip: number | null;
  seed: number | null;
  schedule: Schedule;
  /** End by itself once validation stops improving for `patience` epochs. */
  earlyStop: boolean;
  patience: number | null;
  /** The most training: time or epochs. */
  stopKind: StopKind;
  stopValue: number | null;
};

export type FieldName = Exclude<keyof SettingsForm, 'stopKind' | 'schedule' | 'earlyStop' | 'autoHidden' | 'autoRate'>;

/** What the fields show while 'auto' chooses (and start from when it is turned off). */
const FIXED_HIDDEN = 128;
const FIXED_RATE = 0.003;

/** The fields that 'auto' can choose, and the check box that turns it on. */
export const AUTO_FIELDS = { hiddenSize: 'autoHidden', learningRate: 'autoRate' } as const;

/** Whether 'auto' can choose the field: any time for the size, for the rate only with Adam (core's AUTO_RATE). */
export function autoAllowed(form: SettingsForm, field: keyof typeof AUTO_FIELDS): boolean {
  return field !== 'learningRate' || form.optimizer === AUTO_RATE.optimizer;
}

/** Whether training chooses the field (false for a field 'auto' never chooses). */
export function chosenByTraining(form: SettingsForm, field: FieldName): boolean {
  const box = (AUTO_FIELDS as Partial<Record<FieldName, keyof SettingsForm>>)[field];
  return box !== undefined && form[box] === true && autoAllowed(form, field as keyof typeof AUTO_FIELDS);
}

const fitting = { schedule: DEFAULT_SETTINGS.schedule, earlyStop: true, patience: DEFAULT_SETTINGS.patience } as const;

/** The engine's defaults (core/settings.ts): size and rate chosen for the list. */
const chosen = {
  autoHidden: true, hiddenSize: FIXED_HIDDEN, optimizer: DEFAULT_SETTINGS.optimizer, autoRate: true, learningRate: FIXED_RATE,
  batchSize: DEFAULT_SETTINGS.batchSize, clip: DEFAULT_SETTINGS.clip, seed: DEFAULT_SETTINGS.seed, ...fitting,
} as const;

export const PRESETS = {
  quick: { autoHidden: false, hiddenSize: 64, optimizer: 'adam', autoRate: false, learningRate: 0.01, batchSize: 32, clip: 5, seed: 42, ...fitting, stopKind: 'minutes', stopValue: 0.5 },
  // the engine's defaults (core/settings.ts), chosen by experiment to learn best in a minute
  balanced: { ...chosen, stopKind: 'minutes', stopValue: 1 },
  // the defaults with five times the time: on a large list training goes on while validation improves
  best: { ...chosen, stopKind: 'minutes', stopValue: 5 },
} as const satisfies Record<string, SettingsForm>;

export type PresetName = keyof typeof PRESETS;

export const PRESET_DESCRIPTIONS: Record<PresetName, string> = {
  quick: '64 hidden units, 30 seconds',
  balanced: 'hidden size and rate chosen for the list, up to 1 minute',
  best: 'hidden size and rate chosen for the list, up to 5 minutes',
};

export function presetForm(name: PresetName): SettingsForm {
  return { ...PRESETS[name] };
}

export function matchingPreset(form: SettingsForm): PresetName | null {
  for (const name of Object.keys(PRESETS) as PresetName[]) {
    const preset: SettingsForm = PRESETS[name];
    if ((Object.keys(preset) as (keyof SettingsForm)[]).every((field) => preset[field] === form[field])) return name;
  }
  return null;
}

function stopOf(form: SettingsForm): TrainSettings['stop'] {
  const value = form.stopValue as number;
  return form.stopKind === 'epochs' ? { epochs: value } : { seconds: typeof value === 'number' ? value * 60 : value };
}

/** The one field given, checked by core alone: a hint without the field name, or null. */
export function fieldHint(form: SettingsForm, field: FieldName): string | null {
  const value = form[field];
  try {
    if (field === 'stopValue') validateSettings({ stop: stopOf(form) });
    else if (field === 'patience' && !form.earlyStop) return null;
    else if (chosenByTraining(form, field)) return null;
    else validateSettings({ [field]: value ?? null });
    return null;
  } catch (error) {
    const message = messageOf(error);
    const text = message.replace(/^[\w.]+: /, '');
    // Minutes are shown to the user; core speaks in seconds.
    if (field === 'stopValue' && form.stopKind === 'minutes') return 'expected a positive number of minutes';
    return text.replace(/got null$/, 'got nothing');
  }
}

export function formHints(form: SettingsForm): Partial<Record<FieldName, string>> {
  const hints: Partial<Record<FieldName, string>> = {};
  for (const field of ['hiddenSize', 'learningRate', 'batchSize', 'clip', 'seed', 'patience', 'stopValue'] as const) {
    const hint = fieldHint(form, field);
    if (hint) hints[field] = hint;
  }
  return hints;
}

/** Complete settings for the engine, or the first problem. */
export function toSettings(form: SettingsForm): { ok: true; settings: TrainSettings } | { ok: false; error: string } {
  try {
    const settings = validateSettings({
      ...DEFAULT_SETTINGS,
      hiddenSize: chosenByTraining(form, 'hiddenSize') ? 'auto' : form.hiddenSize,
      optimizer: form.optimizer,
      learningRate: chosenByTraining(form, 'learningRate') ? 'auto' : form.learningRate,
      batchSize: form.batchSize,
      clip: form.clip,
      seed: form.seed,
      schedule: form.schedule,
      patience: form.earlyStop ? form.patience : 0,
      stop: stopOf(form),
    });
    return { ok: true, settings };
  } catch (error) {
    return { ok: false, error: messageOf(error) };
  }
}

export function formOf(settings: TrainSettings): SettingsForm {
  const { stop } = settings;
  return {
    autoHidden: settings.hiddenSize === 'auto',
    hiddenSize: settings.hiddenSize === 'auto' ? FIXED_HIDDEN : settings.hiddenSize,
    optimizer: settings.optimizer,
    autoRate: settings.learningRate === 'auto',
    learningRate: settings.learningRate === 'auto' ? FIXED_RATE : settings.learningRate,
    batchSize: settings.batchSize,
    clip: settings.clip,
    seed: settings.seed,
    schedule: settings.schedule,
    earlyStop: settings.patience > 0,
    patience: settings.patience > 0 ? settings.patience : DEFAULT_SETTINGS.patience,
    stopKind: stop.epochs !== undefined ? 'epochs' : 'minutes',
    stopValue: stop.epochs ?? (stop.seconds !== undefined ? stop.seconds / 60 : 1),
  };
}
