// @vitest-environment jsdom
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import GeneratePanel from '../../renderer/panels/GeneratePanel.svelte';
import { Workbench } from '../../renderer/state/app.svelte.ts';
import { createFakeApi } from './fake-api.ts';
import { modelProps } from './panel-props.ts';

async function setup(withModel = true) {
  const fake = createFakeApi();
  const app = new Workbench(fake.api);
  await app.init();
  if (withModel) app.model.use('Current run', ['de', 'fr']);
  render(GeneratePanel, { props: modelProps(app) });
  return { ...fake, app };
}

describe('GeneratePanel', () => {
  it('is disabled until there is a model', async () => {
    await setup(false);
    expect((screen.getByRole('button', { name: 'Generate' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText('Train or load a model to invent names.')).toBeTruthy();
  });

  it('sends count, temperature, top-k, prefix, category and “only new”, and lists names with probability and novelty', async () => {
    const { api } = await setup();
    await fireEvent.input(screen.getByRole('spinbutton', { name: 'How many' }), { target: { value: '5' } });
    await fireEvent.input(screen.getByRole('slider', { name: /Temperature/ }), { target: { value: '0.5' } });
    await fireEvent.input(screen.getByRole('spinbutton', { name: /Top-k/ }), { target: { value: '3' } });
    await fireEvent.input(screen.getByRole('textbox', { name: 'Starts with' }), { target: { value: 'am' } });
    await fireEvent.change(screen.getByRole('combobox', { name: 'Category' }), { target: { value: 'fr' } });
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Only new names' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Generate' }));
    expect(api.model.generate).toHaveBeenCalledWith(expect.objectContaining({ count: 5, temperature: 0.5, topK: 3, prefix: 'am', category: 'fr', onlyNew: true }));
    const list = await screen.findByRole('list', { name: 'Generated names' });
    await vi.waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(2));
    const [amara, anna] = within(list).getAllByRole('listitem').map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
    expect(amara).toBe('amara 0.2% new');
    expect(anna).toBe('anna 1.0% in training set');
    expect(screen.getByText('2 names, 1 new')).toBeTruthy();
  });

  it('exports the names through the backend and shows a refusal', async () => {
    const { api } = await setup();
    await fireEvent.click(screen.getByRole('button', { name: 'Generate' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Export…' }));
    expect(api.files.exportNames).toHaveBeenCalledWith(['amara', 'anna'], 'txt');
    api.model.generate.mockRejectedValueOnce(new Error('prefix: "q" is not in this model\'s alphabet'));
    await fireEvent.click(screen.getByRole('button', { name: 'Generate' }));
    expect((await screen.findByRole('alert')).textContent).toContain('not in this model');
  });

  it('copies all names to the clipboard', async () => {
    await setup();
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await fireEvent.click(screen.getByRole('button', { name: 'Generate' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Copy all' }));
    expect(writeText).toHaveBeenCalledWith('amara\nanna');
    expect(await screen.findByText('Copied 2 names.')).toBeTruthy();
  });
});
