// The page's side of the training Web Worker: requests answered by promises (one id each), the
// worker's events handed on, and a worker that dies replaced at once, unless it has reached the
// crash limit (the same policy as Electron's training process).

import { createCrashPolicy } from '../../contract/crash-policy.ts';
import { createPendingRequests } from '../../contract/pending-requests.ts';
import type { WorkerEvent, WorkerMessage, WorkerMethod, WorkerMethods } from './protocol.ts';

export type WorkerConnection = {
  call<M extends WorkerMethod>(method: M, ...args: Parameters<WorkerMethods[M]>): Promise<ReturnType<WorkerMethods[M]>>;
};

export type WorkerConnectionOptions = {
  createWorker(): Worker;
  onEvent(event: WorkerEvent): void;
  /** The worker died; when `restarting`, a new one already takes calls. */
  onCrash(crash: { reason: string; restarting: boolean }): void;
};

export function connectWorker({ createWorker, onEvent, onCrash }: WorkerConnectionOptions): WorkerConnection {
  const pending = createPendingRequests<WorkerMethod>();
  const policy = createCrashPolicy();
  let worker = spawn();

  function spawn(): Worker {
    const w = createWorker();
    w.onmessage = (e: MessageEvent<WorkerMessage>) => onMessage(e.data);
    w.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      crashed(e.message || 'the training worker stopped unexpectedly');
    };
    return w;
  }

  function onMessage(message: WorkerMessage): void {
    if ('event' in message) onEvent(message.event);
    else if ('warning' in message) console.warn(message.warning);
    else pending.settle(message);
  }

  function crashed(reason: string): void {
    worker.terminate();
    pending.failAll(new Error(`the training worker crashed: ${reason}`));
    const restarting = policy.recordCrash();
    if (restarting) worker = spawn();
    onCrash({ reason, restarting });
  }

  return {
    call(method, ...args) {
      return pending.send(method, (id) => worker.postMessage({ id, method, args }));
    },
  };
}
