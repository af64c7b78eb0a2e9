// @vitest-environment jsdom
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import ModelsPanel from '../../renderer/panels/ModelsPanel.svelte';
import { Workbench } from '../../renderer/state/app.svelte.ts';
import { createFakeApi, model } from './fake-api.ts';
import { libraryProps } from './panel-props.ts';

async function setup(models = [model(), model({ id: 'm2', name: 'Second ‏run' })]) {
  const fake = createFakeApi();
  fake.api.library.list.mockResolvedValue({ models, problems: [] });
  const app = new Workbench(fake.api);
  await app.init();
  render(ModelsPanel, { props: libraryProps(app) });
  return { ...fake, app };
}

describe('ModelsPanel', () => {
  it('lists saved models with their steps, best validation loss and size', async () => {
    await setup();
    const items = within(screen.getByRole('list', { name: 'Saved models' })).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]!.textContent).toContain('First run');
    expect(items[0]!.textContent).toContain(`1,200 steps · best val. 2.100 · H 384 · 3 names`);
  });

  it('saves the current model under a name', async () => {
    const { api, app } = await setup();
    app.model.use('Current run', []);
    await fireEvent.input(await screen.findByRole('textbox', { name: 'Name for the current model' }), { target: { value: 'Third' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save current model' }));
    expect(api.library.saveCurrent).toHaveBeenCalledWith('Third');
    await vi.waitFor(() => expect(api.library.list).toHaveBeenCalledTimes(2));
    expect(app.activity.status?.text).toBe('Saved “Third”.');
  });

  it('loads, continues, renames and exports', async () => {
    const { api, app } = await setup();
    await fireEvent.click(screen.getByRole('button', { name: 'Load First run' }));
    expect(api.library.load).toHaveBeenCalledWith('m1');
    await vi.waitFor(() => expect(app.model.value?.label).toBe('First run'));
    // its curves come with it: the loss chart shows how the saved model learned
    expect(app.training.valLoss).toEqual([{ x: 250, y: 2.4 }]);
    expect(app.training.lossSmooth).toEqual([{ x: 250, y: 2.5 }]);

    await fireEvent.click(screen.getByRole('button', { name: 'Continue training First run' }));
    expect(api.training.continueModel).toHaveBeenCalledWith('m1', { seconds: 60 });

    await fireEvent.click(screen.getByRole('button', { name: 'Rename First run' }));
    const input = screen.getByRole('textbox', { name: 'New name for First run' });
    await fireEvent.input(input, { target: { value: 'Renamed' } });
    await fireEvent.click(screen.getByRole('button', { name: 'OK' }));
    expect(api.library.rename).toHaveBeenCalledWith('m1', 'Renamed');

    await fireEvent.click(screen.getByRole('button', { name: 'Export First run' }));
    expect(api.library.exportModel).toHaveBeenCalledWith('m1');
  });

  it('deletes only after a confirmation, and can keep the model instead', async () => {
    const { api } = await setup();
    await fireEvent.click(screen.getByRole('button', { name: 'Delete First run' }));
    expect(api.library.remove).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByRole('button', { name: 'Keep' }));
    expect(screen.getByRole('button', { name: 'Delete First run' })).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Delete First run' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(api.library.remove).toHaveBeenCalledWith('m1');
  });

  it('compares runs by fetching the validation history of each selected model', async () => {
    const { api, app } = await setup();
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Compare First run' }));
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Compare Second ‏run' }));
    await vi.waitFor(() => expect(api.library.history).toHaveBeenCalledTimes(2));
    expect(app.library.compare).toEqual(['m1', 'm2']);
    expect(await screen.findByRole('img', { name: 'Validation loss of selected models' })).toBeTruthy();
  });

  it('imports a model file picked in the browser, and reports one it cannot read', async () => {
    const { api } = await setup();
    const input = screen.getByLabelText('Model files') as HTMLInputElement;
    const file = new File(['{"format":"namesake-rnn"}'], 'mine.model.json', { type: 'application/json' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    await fireEvent.change(input);
    await vi.waitFor(() => expect(api.library.importModel).toHaveBeenCalledWith({ fileName: 'mine.model.json', text: '{"format":"namesake-rnn"}' }));
    api.library.importModel.mockRejectedValueOnce(new Error('version: expected 1, got 7'));
    Object.defineProperty(input, 'files', { value: [new File(['{}'], 'old.json')], configurable: true });
    await fireEvent.change(input);
    await vi.waitFor(() => expect(api.library.importModel).toHaveBeenCalledTimes(2));
  });
});
