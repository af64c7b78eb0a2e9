// Main's link to the training process: it forks it as a utility process, hands each new one and
// the window a fresh tick port (ticks then skip main), passes state changes to the window and
// autosaves checkpoints, and asks the user what to do once it has reached the crash limit.

import { dialog, MessageChannelMain, type BrowserWindow } from 'electron';
import type { TrainingEvent } from '../contract/api.ts';
import { EVENT_CHANNELS } from '../contract/channels.ts';
import { createCrashPolicy, CRASH_LIMIT_TEXT } from '../contract/crash-policy.ts';
import { createSessionReplay } from '../node/session-replay.ts';
import { createTrainingHost, type TrainingHost } from '../node/training-host.ts';
import { createAutosave } from './autosave.ts';
import type { Library } from './library.ts';
import { forkUtilityTrainingProcess, type UtilityTrainingChild } from './utility-child.ts';

export type TrainingLink = {
  host: TrainingHost;
  /** True while a run is running or paused. */
  isTraining(): boolean;
  /** A fresh tick channel between the process and the window (after each load of the page). */
  connectTicks(): void;
};

export function linkTraining(modulePath: string, library: Library, getWindow: () => BrowserWindow | null): TrainingLink {
  let child: UtilityTrainingChild | null = null;
  let training = false;
  const sendEvent = (event: TrainingEvent) => getWindow()?.webContents.send(EVENT_CHANNELS.trainingEvent, event);
  const autosave = createAutosave(library, sendEvent);

  function connectTicks(): void {
    const window = getWindow();
    if (!child || !window) return;
    const { port1, port2 } = new MessageChannelMain();
    child.sendTickPort(port1);
    window.webContents.postMessage(EVENT_CHANNELS.trainingPort, null, [port2]);
  }

  const host = createTrainingHost({
    spawn: () => forkUtilityTrainingProcess(modulePath),
    onSpawn: (started) => {
      child = started;
      connectTicks();
    },
    onEvent: (event) => {
      if (event.type === 'state') {
        training = event.state === 'running' || event.state === 'paused';
        sendEvent(event);
      } else if (event.type === 'checkpoint') {
        autosave.write(event.checkpoint);
      }
    },
    onCrash: ({ reason, restarting }) => {
      training = false;
      sendEvent({ type: 'crashed', reason, restarting, canResume: library.recovery() !== null });
      if (!restarting) void askToRestart(host, reason, getWindow());
    },
    policy: createCrashPolicy(),
    // A restarted process gets the window's dataset and current model back before anything else.
    replay: createSessionReplay(),
    onReplayError: (error) => console.error(`Namesake: the restarted training process refused what the last one held: ${error.message}`),
  });

  return { host, isTraining: () => training, connectTicks };
}

async function askToRestart(host: TrainingHost, reason: string, window: BrowserWindow | null): Promise<void> {
  const options = {
    type: 'warning' as const,
    message: 'Training keeps stopping',
    detail: `The training process stopped ${CRASH_LIMIT_TEXT} (last: ${reason}). Start it again?`,
    buttons: ['Start again', 'Not now'],
    defaultId: 0,
    cancelId: 1,
  };
  const { response } = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
  if (response === 0) host.ensureRunning();
}
