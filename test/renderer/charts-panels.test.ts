// @vitest-environment jsdom
import { fireEvent, render, screen } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import GradientPanel from '../../renderer/panels/GradientPanel.svelte';
import LossChart from '../../renderer/panels/LossChart.svelte';
import { Workbench } from '../../renderer/state/app.svelte.ts';
import { createFakeApi, progress, tick } from './fake-api.ts';
import { lossProps } from './panel-props.ts';

async function setup() {
  const fake = createFakeApi();
  const app = new Workbench(fake.api);
  await app.init();
  render(LossChart, { props: lossProps(app) });
  render(GradientPanel, { props: { training: app.training } });
  return { ...fake, app };
}

const norms = { U: 0.5, W: 0.4, V: 1.2, b: 0.1, c: 0.2 };

describe('LossChart and GradientPanel', () => {
  it('are labelled charts with a uniform-guess reference before training', async () => {
    await setup();
    expect(screen.getByRole('img', { name: 'Loss' })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Gradient norm per timestep' })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Gradient norm per timestep over training' })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Gradient norm per parameter' })).toBeTruthy();
    // 6 characters + the boundary: ln 7
    expect(screen.getByTestId('loss-summary').textContent).toContain('ln 7 = 1.95');
  });

  it('follow the ticks: smoothed loss, validation, the latest gradient profile, the heatmap columns and clipping', async () => {
    const { app, emitTick } = await setup();
    app.training.reset(5);
    emitTick(tick({ losses: [{ step: 1, loss: 3 }, { step: 2, loss: 2.8 }], dLdhNorms: [0.4, 0.2, 0.1], paramGradNorms: norms, progress: progress({ step: 2 }) }));
    emitTick(tick({ losses: [{ step: 3, loss: 1 }], dLdhNorms: [0.5, 0.3, 0.2, 0.05], paramGradNorms: norms, clippedSteps: [3], progress: progress({ step: 3, valLoss: 2.5 }),
      evaluations: [{ step: 3, tokens: 30, seconds: 0.1, trainLoss: 2.9, valLoss: 2.5 }] }));
    flushSync();
    const loss = screen.getByTestId('loss-summary');
    expect(loss.dataset.points).toBe('3');
    expect(Number(loss.dataset.first)).toBe(3);
    expect(Number(loss.dataset.latest)).toBeCloseTo(0.98 * (0.98 * 3 + 0.02 * 2.8) + 0.02 * 1, 10);
    expect(loss.textContent).toContain('validation 2.500');
    const grad = screen.getByTestId('grad-summary');
    expect(grad.dataset.timesteps).toBe('4');
    expect(grad.textContent).toContain('the gradient at t = 0 is 10× the one at the last step');
    expect(document.querySelector('canvas.heatmap')!.getAttribute('data-columns')).toBe('2');
    expect(screen.getByText('1 clipped steps shown (threshold 5).')).toBeTruthy();
  });

  it('switch the loss axis between linear and log', async () => {
    await setup();
    const log = screen.getByRole('button', { name: 'Log' });
    await fireEvent.click(log);
    expect(log.getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: 'Linear' }).getAttribute('aria-pressed')).toBe('false');
  });
});
