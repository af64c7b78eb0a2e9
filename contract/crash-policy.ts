// When to restart the training process (Electron's utility process, or the browser build's Web
// Worker) after it dies: right away, unless it has already died `crashes` times within `windowMs`
// (then the app stops restarting it and lets the user decide).

export const CRASH_LIMIT = { crashes: 3, windowMs: 5 * 60_000 } as const;

/** The limit as the messages say it: "3 times within 5 minutes". */
export const CRASH_LIMIT_TEXT = `${CRASH_LIMIT.crashes} times within ${CRASH_LIMIT.windowMs / 60_000} minutes`;

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
