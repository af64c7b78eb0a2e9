// A one-line progress bar with ETA for a terminal, redrawn in place on stderr.

const WIDTH = 28;

export type BarLine = { fraction: number; etaSeconds: number | null; text: string };

export function formatBar({ fraction, etaSeconds, text }: BarLine): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * WIDTH);
  const eta = etaSeconds === null ? '–' : formatDuration(etaSeconds);
  return `[${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%  ${text}  ETA ${eta}`;
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** Draws at most every `intervalMs`; clears itself when done. */
export function createBar(stream: NodeJS.WriteStream, intervalMs = 100) {
  let last = 0;
  return {
    draw(line: BarLine, force = false): void {
      const now = Date.now();
      if (!force && now - last < intervalMs) return;
      last = now;
      const text = formatBar(line).slice(0, Math.max(20, (stream.columns ?? 100) - 1));
      stream.write(`\r\x1b[2K${text}`);
    },
    clear(): void {
      stream.write('\r\x1b[2K');
    },
  };
}
