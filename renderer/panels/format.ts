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

/** 0.2 → "20.0%", 0.00057 → "0.057%", 3e-9 → "3.0 × 10⁻⁷%". */
export function percent(p: number): string {
  if (!Number.isFinite(p)) return '—';
  const pct = p * 100;
  if (pct >= 99.95) return '100%';
  if (pct >= 0.1) return `${pct.toFixed(1)}%`;
  if (pct >= 1e-4) return `${Number(pct.toPrecision(2))}%`;
  if (pct === 0) return '0%';
  const [mantissa, exponent] = pct.toExponential(1).split('e');
  return `${mantissa} × 10${superscript(Number(exponent))}%`;
}

function superscript(n: number): string {
  const digits = '⁰¹²³⁴⁵⁶⁷⁸⁹';
  return (n < 0 ? '⁻' : '') + String(Math.abs(n)).replace(/\d/g, (d) => digits[Number(d)]!);
}

export function probability(logProb: number): string {
  return percent(Math.exp(logProb));
}
