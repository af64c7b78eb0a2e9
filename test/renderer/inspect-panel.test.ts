// @vitest-environment jsdom
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import InspectPanel from '../../renderer/panels/InspectPanel.svelte';
import { Workbench } from '../../renderer/state/app.svelte.ts';
import { createFakeApi } from './fake-api.ts';
import { modelProps } from './panel-props.ts';

async function setup() {
  const fake = createFakeApi();
  const app = new Workbench(fake.api);
  await app.init();
  app.model.use('Current run', []);
  render(InspectPanel, { props: modelProps(app) });
  return { ...fake, app };
}

describe('InspectPanel', () => {
  it('shows each next-character probability with its top alternatives, the hidden-state map and the gradient chart', async () => {
    const { api } = await setup();
    await fireEvent.input(screen.getByRole('textbox', { name: 'Name to inspect' }), { target: { value: 'ab' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Inspect' }));
    expect(api.model.inspect).toHaveBeenCalledWith('ab', undefined);
    const table = await screen.findByRole('table', { name: 'Next-character probabilities' });
    const rows = within(table).getAllByRole('row').slice(1).map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent!.replace(/\s+/g, ' ').trim()));
    expect(rows).toEqual([
      ['start', 'a', '20.0%', 'a 20.0% e 10.0%'],
      ['a', 'b', '50.0%', 'b 50.0%'],
      ['b', 'end', '50.0%', 'end 50.0%'],
    ]);
    expect(screen.getByTestId('inspect-summary').textContent).toContain('P(ab) = 5.0%');
    expect(screen.getByRole('img', { name: 'Hidden activations of ab' })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Gradient norm per timestep of ab' })).toBeTruthy();
    expect(screen.getByText(/2 units × 3 steps/)).toBeTruthy();
  });

  it('shows the engine’s message for a name it cannot score', async () => {
    const { api } = await setup();
    api.model.inspect.mockRejectedValueOnce(new Error('"zoë": the character "ë" (U+00EB) is not in this model\'s alphabet'));
    await fireEvent.input(screen.getByRole('textbox', { name: 'Name to inspect' }), { target: { value: 'zoë' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Inspect' }));
    expect((await screen.findByRole('alert')).textContent).toContain('U+00EB');
  });
});
