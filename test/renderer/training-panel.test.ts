// @vitest-environment jsdom
import { fireEvent, render, screen } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import TrainingPanel from '../../renderer/panels/TrainingPanel.svelte';
import { Workbench } from '../../renderer/state/app.svelte.ts';
import { createFakeApi, progress, tick } from './fake-api.ts';
import { trainingProps } from './panel-props.ts';

async function setup() {
  const fake = createFakeApi();
  const app = new Workbench(fake.api);
  await app.init();
  render(TrainingPanel, { props: trainingProps(app) });
  return { ...fake, app };
}

const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;

describe('TrainingPanel', () => {
  it('trains, pauses, resumes and stops through the backend, with buttons that follow the state', async () => {
    const { api, emitEvent } = await setup();
    expect(button('Pause').disabled).toBe(true);
    expect(button('Stop').disabled).toBe(true);
    await fireEvent.click(button('Train'));
    expect(api.training.start).toHaveBeenCalledOnce();
    emitEvent({ type: 'state', state: 'running' });
    flushSync();
    expect(button('Train').disabled).toBe(true);
    await fireEvent.click(button('Pause'));
    expect(api.training.pause).toHaveBeenCalledOnce();
    emitEvent({ type: 'state', state: 'paused' });
    flushSync();
    expect(screen.queryByRole('button', { name: 'Pause' })).toBeNull();
    await fireEvent.click(button('Resume'));
    expect(api.training.resume).toHaveBeenCalledOnce();
    emitEvent({ type: 'state', state: 'running' });
    flushSync();
    await fireEvent.click(button('Stop'));
    expect(api.training.stop).toHaveBeenCalledOnce();
    emitEvent({ type: 'state', state: 'stopped' });
    flushSync();
    expect(button('Train').disabled).toBe(false);
    expect(screen.getByTestId('status').textContent).toContain('Training stopped');
  });

  it('shows epoch, step, tokens/s, ETA and the progress bar from ticks', async () => {
    const { emitEvent, emitTick } = await setup();
    emitEvent({ type: 'state', state: 'running' });
    emitTick(tick({ progress: progress({ step: 1234, epoch: 1.5, tokensPerSecond: 20500, etaSeconds: 75, fraction: 0.4, valLoss: 2.25 }) }));
    flushSync();
    expect(screen.getByTestId('step').textContent).toBe('1,234');
    expect(screen.getByTestId('epoch').textContent).toBe('1.50');
    expect(screen.getByText('20,500')).toBeTruthy();
    expect(screen.getByText('1 min 15 s')).toBeTruthy();
    expect(screen.getByText('2.250')).toBeTruthy();
    expect((screen.getByRole('progressbar', { name: 'Training progress' }) as HTMLProgressElement).value).toBe(0.4);
  });

  it('stays stopped when a tick arrives after the stop (ticks come over another channel than state events)', async () => {
    const { emitEvent, emitTick } = await setup();
    await fireEvent.click(button('Train'));
    emitEvent({ type: 'state', state: 'running' });
    emitTick(tick({ progress: progress({ step: 100 }) }));
    emitEvent({ type: 'state', state: 'stopped' });
    // The stop's own last tick, overtaken by the state event; shaped as ticks were when they carried a state.
    emitTick(Object.assign(tick({ progress: progress({ step: 140 }) }), { state: 'running' }));
    flushSync();
    expect(screen.getByTestId('training-state').textContent).toBe('Stopped');
    expect(screen.getByTestId('step').textContent).toBe('140'); // its progress still counts
    expect(button('Train').disabled).toBe(false);
    expect(screen.queryByRole('button', { name: 'Pause' })?.disabled ?? true).toBe(true);
  });

  it('says why training ended by itself', async () => {
    const { emitEvent } = await setup();
    emitEvent({ type: 'state', state: 'finished', message: 'stopped after 6.2 s: validation loss has not improved for 5 epochs; kept the weights from step 70' });
    flushSync();
    expect(screen.getByTestId('status').textContent).toContain('Training stopped after 6.2 s: validation loss has not improved for 5 epochs; kept the weights from step 70.');
    expect(screen.getByTestId('training-state').textContent).toBe('Finished');
  });

  it('explains a diverged run and what to do', async () => {
    const { emitEvent } = await setup();
    emitEvent({ type: 'state', state: 'diverged', message: 'the loss became NaN at step 812' });
    flushSync();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Training diverged (the loss became NaN at step 812)');
    expect(alert.textContent).toContain('Lower the learning rate');
    expect(screen.getByTestId('training-state').textContent).toBe('Diverged');
  });

  it('reports a crashed training process and offers to resume the interrupted run', async () => {
    const { api, emitEvent } = await setup();
    api.library.recovery.mockResolvedValue({ savedAt: Date.UTC(2025, 0, 1), steps: 4000, bestValLoss: 2.1, dataset: { files: ['names.txt'], names: 29494 } });
    emitEvent({ type: 'crashed', reason: 'out of memory', restarting: true, canResume: true });
    flushSync();
    expect(screen.getByRole('alert').textContent).toContain('The training process crashed (out of memory). It was restarted. Resume the interrupted run');
    await fireEvent.click(await screen.findByRole('button', { name: 'Resume interrupted run' }));
    expect(api.library.resumeRecovery).toHaveBeenCalledOnce();
  });

  it('shows a failing autosave once, with the time of the one that is kept, until one succeeds again', async () => {
    const { emitEvent } = await setup();
    const keptFrom = new Date(2025, 0, 1, 14, 7).getTime();
    const time = new Date(keptFrom).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    emitEvent({ type: 'state', state: 'running' });
    emitEvent({ type: 'autosave', failure: { reason: 'no space left on device', keptFrom } });
    flushSync();
    expect(screen.getByTestId('autosave').textContent).toContain(`Autosave failed: no space left on device; the last autosave, from ${time}, is kept`);
    expect(screen.getByTestId('training-state').textContent).toBe('Training'); // training goes on
    emitEvent({ type: 'autosave', failure: null });
    flushSync();
    expect(screen.queryByTestId('autosave')).toBeNull();
  });

  it('shows a refused start as an error', async () => {
    const { api } = await setup();
    api.training.start.mockRejectedValueOnce(new Error('load a names file first'));
    await fireEvent.click(button('Train'));
    expect((await screen.findByRole('alert')).textContent).toBe('Load a names file first');
    expect(button('Train').disabled).toBe(false);
  });
});
