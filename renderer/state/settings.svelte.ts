// The settings form as the user fills it in, its check by core, and the menu's requests to focus it.

import { presetForm, toSettings, type SettingsForm } from './settings-form.ts';

export class SettingsState {
  form = $state<SettingsForm>(presetForm('balanced'));
  /** Counts the menu's Settings… commands: the settings panel takes the focus at each. */
  focusRequests = $state(0);
  readonly check = $derived(toSettings(this.form));
}
