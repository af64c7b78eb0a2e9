// The training process as Electron runs it: a utility process (a Chromium child with Node), with
// its death turned into a reason a person can read.

import { utilityProcess, type MessagePortMain } from 'electron';
import type { ProcessMessage } from '../contract/process-messages.ts';
import type { TrainingChild } from '../node/training-host.ts';

export type UtilityTrainingChild = TrainingChild & { sendTickPort(port: MessagePortMain): void };

export function forkUtilityTrainingProcess(modulePath: string): UtilityTrainingChild {
  const child = utilityProcess.fork(modulePath, [], { serviceName: 'Namesake training', stdio: 'inherit' });
  let fatal: string | null = null;
  child.on('error', (type, location) => void (fatal = `${type} at ${location}`));
  return {
    send: (message) => child.postMessage(message),
    sendTickPort: (port) => child.postMessage({ tickPort: true }, [port]),
    onMessage: (listener) => child.on('message', (message) => listener(message as ProcessMessage)),
    onExit: (listener) => child.once('exit', (code) => listener(fatal ?? (code === 0 ? 'it exited' : `it exited with code ${code}`))),
    kill: () => void child.kill(),
  };
}
