// The median the bench's figures are reported by (of turns, rounds or ratios).

/** The middle value of `values` (the upper middle of an even count); values is left as it is. */
export function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[values.length >> 1]!;
}
