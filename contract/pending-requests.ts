// Requests sent to another process or worker and not answered yet: each gets an id, and the reply
// with that id settles its promise. Used by the training host (node/) and the browser build's
// worker connection (renderer/backend/).

import type { Reply } from './process-messages.ts';

export type PendingRequests<Sent> = {
  /** A new id for `sent`, handed to `post` to send it, and the promise of its reply. */
  send<T>(sent: Sent, post: (id: number) => void): Promise<T>;
  /** Settle the request a reply answers; returns what was sent when it succeeded (undefined for an unknown id or an error). */
  settle(reply: Reply): Sent | undefined;
  /** The process is gone: every request still waiting fails with `error`. */
  failAll(error: Error): void;
};

type Waiting<Sent> = { sent: Sent; resolve(value: unknown): void; reject(error: Error): void };

export function createPendingRequests<Sent>(): PendingRequests<Sent> {
  const waiting = new Map<number, Waiting<Sent>>();
  let nextId = 1;
  return {
    send<T>(sent: Sent, post: (id: number) => void): Promise<T> {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, { sent, resolve: resolve as (value: unknown) => void, reject });
        try {
          post(id);
        } catch (error) {
          waiting.delete(id);
          reject(error as Error);
        }
      });
    },
    settle(reply) {
      const request = waiting.get(reply.id);
      if (!request) return undefined;
      waiting.delete(reply.id);
      if (!reply.ok) return void request.reject(new Error(reply.error));
      request.resolve(reply.value);
      return request.sent;
    },
    failAll(error) {
      for (const request of waiting.values()) request.reject(error);
      waiting.clear();
    },
  };
}
