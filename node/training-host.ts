// The parent's side of the training process (main's, or the CLI's in `bench --app` and the tests):
// requests with ids answered by promises, session events passed on, and the process's death
// reported as data with a reason, then a restart (VS Code's utility process handling), and the new
// process told what the old one held (session-replay.ts). Which kind of process it is (Electron's
// utilityProcess, or a Node child) is the caller's `spawn`.

import type { SessionEvent, SessionReplies, SessionRequest } from '../core/session.ts';
import type { CrashPolicy } from '../contract/crash-policy.ts';
import { createPendingRequests } from '../contract/pending-requests.ts';
import type { ProcessInbound, ProcessMessage } from '../contract/process-messages.ts';
import type { SessionReplay } from './session-replay.ts';

export type TrainingChild = {
  send(message: ProcessInbound): void;
  onMessage(listener: (message: ProcessMessage) => void): void;
  /** Called once when the process is gone, with a reason a person can read ("killed by SIGKILL", "oom"). */
  onExit(listener: (reason: string) => void): void;
  kill(): void;
};

export type TrainingHostOptions<C extends TrainingChild> = {
  spawn(): C;
  /** Each new process (the first and every restart): main hands it and the window a tick port here. */
  onSpawn?(child: C): void;
  onEvent(event: SessionEvent): void;
  onCrash(crash: { reason: string; restarting: boolean }): void;
  policy: CrashPolicy;
  /** Records what the process holds and replays it to each restarted one, before any other request. */
  replay?: SessionReplay;
  /** A replayed request the new process refused (not expected: it was accepted once). */
  onReplayError?(error: Error): void;
};

export type TrainingHost = {
  request<R extends SessionRequest>(request: R): Promise<SessionReplies[R['type']]>;
  /** The process now, starting one if there is none (after the user chose to go on past the crash limit). */
  ensureRunning(): void;
  /** Stop the process on purpose (quit): not a crash. */
  dispose(): void;
};

export function createTrainingHost<C extends TrainingChild>(options: TrainingHostOptions<C>): TrainingHost {
  let child: C | null = null;
  let disposed = false;
  const pending = createPendingRequests<SessionRequest>();

  function start(): C {
    const started = options.spawn();
    child = started;
    started.onMessage((message) => {
      if (child !== started) return;
      if ('event' in message) {
        options.replay?.observed(message.event);
        return options.onEvent(message.event);
      }
      const answered = pending.settle(message);
      if (answered) options.replay?.answered(answered);
    });
    started.onExit((reason) => {
      if (child !== started) return;
      child = null;
      pending.failAll(new Error(`the training process stopped (${reason})`));
      if (disposed) return;
      const restarting = options.policy.recordCrash();
      if (restarting) start();
      options.onCrash({ reason, restarting });
    });
    options.onSpawn?.(started);
    for (const request of options.replay?.requests() ?? []) send(started, request).catch((error: Error) => options.onReplayError?.(error));
    return started;
  }

  function send<R extends SessionRequest>(target: C, request: R): Promise<SessionReplies[R['type']]> {
    return pending.send(request, (id) => target.send({ id, request }));
  }

  function running(): C {
    if (disposed) throw new Error('the app is quitting');
    return child ?? start();
  }

  return {
    request(request) {
      try {
        return send(running(), request);
      } catch (error) {
        return Promise.reject(error as Error);
      }
    },
    ensureRunning() {
      running();
    },
    dispose() {
      disposed = true;
      child?.kill();
      child = null;
    },
  };
}
