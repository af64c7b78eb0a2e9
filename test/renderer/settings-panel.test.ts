// @vitest-environment jsdom
import { fireEvent, render, screen } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../core/settings.ts';
import SettingsPanel from '../../renderer/panels/SettingsPanel.svelte';
import TrainingPanel from '../../renderer/panels/TrainingPanel.svelte';
import { Workbench } from '../../renderer/state/app.svelte.ts';
import { createFakeApi } from './fake-api.ts';
import { settingsProps, trainingProps } from './panel-props.ts';

async function setup() {
  const fake = createFakeApi();
  const app = new Workbench(fake.api);
  await app.init();
  render(SettingsPanel, { props: settingsProps(app) });
  render(TrainingPanel, { props: trainingProps(app) });
  return { ...fake, app };
}

describe('SettingsPanel', () => {
  it('applies presets and marks the one that matches', async () => {
    const { app } = await setup();
    const quick = screen.getByRole('button', { name: /^Preset quick/ });
    expect(screen.getByRole('button', { name: /^Preset balanced/ }).getAttribute('aria-pressed')).toBe('true');
    await fireEvent.click(quick);
    expect(quick.getAttribute('aria-pressed')).toBe('true');
    expect(app.settings.form.hiddenSize).toBe(64);
    expect((screen.getByRole('spinbutton', { name: /Hidden size/ }) as HTMLInputElement).value).toBe('64');
    expect((screen.getByRole('spinbutton', { name: /Train at most this many minutes/ }) as HTMLInputElement).value).toBe('0.5');
  });

  it('validates each value with core’s limits, shows the hint inline and blocks Train', async () => {
    await setup();
    const hidden = screen.getByRole('spinbutton', { name: /Hidden size/ }) as HTMLInputElement;
    expect(hidden.disabled).toBe(true);
    await fireEvent.click(screen.getByRole('checkbox', { name: /Choose for the list/ }));
    expect(hidden.disabled).toBe(false);
    await fireEvent.input(hidden, { target: { value: '5000' } });
    expect(hidden.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById('hint-hiddenSize')!.textContent).toBe('expected a number from 1 to 1024, got 5000');
    expect((screen.getByRole('button', { name: 'Train' }) as HTMLButtonElement).disabled).toBe(true);

    await fireEvent.input(hidden, { target: { value: '32' } });
    expect(hidden.getAttribute('aria-invalid')).toBe('false');
    const lr = screen.getByRole('spinbutton', { name: /Learning rate/ }) as HTMLInputElement;
    expect(lr.disabled).toBe(true);
    await fireEvent.click(screen.getByRole('checkbox', { name: /Choose for the hidden size/ }));
    await fireEvent.input(lr, { target: { value: '0' } });
    expect(document.getElementById('hint-learningRate')!.textContent).toMatch(/^expected a number from 0\.000001 to 10/);
    await fireEvent.input(lr, { target: { value: '0.01' } });
    const batch = screen.getByRole('spinbutton', { name: /Batch size/ });
    await fireEvent.input(batch, { target: { value: '2.5' } });
    expect(document.getElementById('hint-batchSize')!.textContent).toBe('expected a whole number, got 2.5');
    await fireEvent.input(batch, { target: { value: '16' } });
    expect((screen.getByRole('button', { name: 'Train' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('sends the stop condition in the engine’s units and the optimizer chosen', async () => {
    const { api } = await setup();
    await fireEvent.change(screen.getByRole('combobox', { name: /Optimizer/ }), { target: { value: 'sgd' } });
    await fireEvent.change(screen.getByRole('combobox', { name: 'Stop condition unit' }), { target: { value: 'epochs' } });
    await fireEvent.input(screen.getByRole('spinbutton', { name: /Train at most this many epochs/ }), { target: { value: '3' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    expect(api.training.start).toHaveBeenCalledWith(expect.objectContaining({ optimizer: 'sgd', stop: { epochs: 3 }, hiddenSize: DEFAULT_SETTINGS.hiddenSize }));
  });

  it('stops by itself with the default patience, and can be told to train to the limit', async () => {
    const { api } = await setup();
    const patience = screen.getByRole('spinbutton', { name: 'Epochs without improvement before stopping' }) as HTMLInputElement;
    expect(patience.value).toBe(String(DEFAULT_SETTINGS.patience));
    await fireEvent.input(patience, { target: { value: '-2' } });
    expect(document.getElementById('hint-patience')!.textContent).toBe('expected a number from 0 to 1000000, got -2');
    await fireEvent.input(patience, { target: { value: '3' } });
    await fireEvent.change(screen.getByRole('combobox', { name: /Rate schedule/ }), { target: { value: 'plateau' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    expect(api.training.start).toHaveBeenLastCalledWith(expect.objectContaining({ patience: 3, schedule: 'plateau' }));

    await fireEvent.click(screen.getByRole('checkbox', { name: 'Stop when validation stops improving' }));
    expect(patience.disabled).toBe(true);
    await fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    expect(api.training.start).toHaveBeenLastCalledWith(expect.objectContaining({ patience: 0 }));
  });

  it('locks the settings while training runs', async () => {
    const { emitEvent } = await setup();
    emitEvent({ type: 'state', state: 'running' });
    await Promise.resolve();
    expect((screen.getByRole('group', { name: 'Training settings' }) as HTMLFieldSetElement).disabled).toBe(true);
  });

  it('takes the focus at the menu’s Settings… command: the first preset, or the heading while training locks the fields', async () => {
    const { emitEvent, emitMenu } = await setup();
    expect(document.activeElement).toBe(document.body);
    emitMenu('settings');
    flushSync();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: /^Preset quick/ }));
    emitEvent({ type: 'state', state: 'running' });
    emitMenu('settings');
    flushSync();
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Settings' }));
  });
});
