// When to restart the training process after it dies: right away, unless it has already died
// `limit` times within `windowMs` (then main stops and lets the user decide).

export const CRASH_LIMIT = { crashes: 3, windowMs: 5 * 60_000 } as const;

export type CrashPolicy = {
  /** Record a crash now; true when the process should be restarted. */
  recordCrash(): boolean;
};

export function createCrashPolicy(now: () => number = Date.now, limit: { crashes: number; windowMs: number } = CRASH_LIMIT): CrashPolicy {
  const crashes: number[] = [];
  return {
    recordCrash() {
      const t = now();
      crashes.push(t);
      while (crashes.length > 0 && crashes[0]! <= t - limit.windowMs) crashes.shift();
      return crashes.length < limit.crashes;
    },
  };
}
