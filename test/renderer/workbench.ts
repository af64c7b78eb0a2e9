// The panels under test, rendered on one Workbench over a fake API (fake-api.ts), started as the app starts it.
import { render } from '@testing-library/svelte';
import type { Component } from 'svelte';
import { Workbench } from '../../renderer/state/app.svelte.ts';
import { createFakeApi } from './fake-api.ts';

export async function renderPanels(...panels: Component<{ app: Workbench }>[]) {
  const fake = createFakeApi();
  const app = new Workbench(fake.api);
  await app.init();
  for (const panel of panels) render(panel, { props: { app } });
  return { ...fake, app };
}
