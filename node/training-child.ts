// The training process forked with plain Node and tsx: the same file Electron forks as a utility
// process, over Node IPC (structured clone, so Uint8Arrays survive as they do over parentPort).
// The tests and `bench --app` drive it through main's own host (training-host.ts).

import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ProcessInbound, ProcessMessage } from '../contract/process-messages.ts';
import type { TrainingChild } from './training-host.ts';

export const TRAINING_PROCESS = fileURLToPath(new URL('./training-process.ts', import.meta.url));

export function forkTrainingProcess(): TrainingChild & { pid: number } {
  const child = fork(TRAINING_PROCESS, [], { execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return {
    pid: child.pid!,
    send: (message: ProcessInbound) => void child.send(message),
    onMessage: (listener) => child.on('message', (message) => listener(message as ProcessMessage)),
    onExit: (listener) => child.once('exit', (code, signal) => listener(signal ? `killed by ${signal}` : `exited with code ${code}`)),
    kill: () => void child.kill(),
  };
}
