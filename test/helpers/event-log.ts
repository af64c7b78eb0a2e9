// Events as they arrive, and a promise for the first one (from now or already seen) that matches.

export type EventLog<E> = { all: E[]; push(event: E): void; next(match: (event: E) => boolean, from?: number): Promise<E> };

export function eventLog<E>(): EventLog<E> {
  const all: E[] = [];
  const waiters: { match: (event: E) => boolean; from: number; resolve(event: E): void }[] = [];
  return {
    all,
    push(event) {
      all.push(event);
      for (const waiter of [...waiters]) {
        if (all.length - 1 >= waiter.from && waiter.match(event)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(event);
        }
      }
    },
    next(match, from = all.length) {
      const seen = all.slice(from).find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ match, from, resolve }));
    },
  };
}
