// Numbers as the panels show them.

export function duration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds)) return '—';
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes} min ${String(whole % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

export function count(value: number | null | undefined): string {
  return value == null || !Number.isFinite(value) ? '—' : Math.round(value).toLocaleString('en-US');
}

export function loss(value: number | null | undefined): string {
  return value == null || !Number.isFinite(value) ? '—' : value.toFixed(3);
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

function superscript(exponent: number): string {
  const digits = '⁰¹²³⁴⁵⁶⁷⁸⁹';
  return (exponent < 0 ? '⁻' : '') + String(Math.abs(exponent)).replace(/\d/g, (digit) => digits[Number(digit)]!);
}

export function probability(logProb: number): string {
  return percent(Math.exp(logProb));
}
