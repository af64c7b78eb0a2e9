// How a batch is cut into chunks for the kernels' 6- and 5-row register blocks (core/wasm/abi.ts).

import { describe, expect, it } from 'vitest';
import { CHUNK_ROWS, chunkRows } from '../../core/wasm/abi.ts';

describe('chunkRows', () => {
  it('cuts every batch size into chunks of at most CHUNK_ROWS that add up to it', () => {
    for (let B = 1; B <= 200; B++) {
      const rows = chunkRows(B);
      expect(rows.reduce((sum, r) => sum + r, 0), `B=${B}`).toBe(B);
      expect(rows.every((r) => r >= 1 && r <= CHUNK_ROWS), `B=${B}: ${rows}`).toBe(true);
      // as many chunks as ⌈B/6⌉, which the workspace allocates for its largest batch
      expect(rows.length, `B=${B}`).toBe(Math.ceil(B / CHUNK_ROWS));
      // as even as they can be, the larger first (the longest names of a length-sorted batch)
      expect(Math.max(...rows) - Math.min(...rows), `B=${B}: ${rows}`).toBeLessThanOrEqual(1);
      expect(rows.every((r, c) => c === 0 || r <= rows[c - 1]!), `B=${B}: ${rows}`).toBe(true);
    }
  });

  it('leaves no chunk of 1 or 2 rows (the one-row kernels) in a batch of more than 2', () => {
    for (let B = 3; B <= 200; B++) expect(chunkRows(B).every((r) => r >= 3), `B=${B}: ${chunkRows(B)}`).toBe(true);
    expect(chunkRows(32)).toEqual([6, 6, 5, 5, 5, 5]);
    expect(chunkRows(31)).toEqual([6, 5, 5, 5, 5, 5]);
    expect(chunkRows(13)).toEqual([5, 4, 4]);
    expect(chunkRows(11)).toEqual([6, 5]);
    expect(chunkRows(7)).toEqual([4, 3]);
    expect(chunkRows(2)).toEqual([2]);
    expect(chunkRows(1)).toEqual([1]);
  });
});
