// Numbers as the panels show them.

export function duration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

export function count(n: number | null | undefined): string {
  return n == null || !Number.isFinite(n) ? '—' : Math.round(n).toLocaleString('en-US');
}

export function loss(n: number | null | undefined): string {
  return n == null || !Number.isFinite(n) ? '—' : n.toFixed(3);
}

export function percent(p: number): string {
  if (p >= 0.995) return `${(p * 100).toFixed(0)}%`;
  if (p >= 0.001) return `${(p * 100).toFixed(1)}%`;
  return `${(p * 100).toExponential(0)}%`;
}

export function probability(logProb: number): string {
  return percent(Math.exp(logProb));
}
