// A seeded pseudo-random generator, so that the same data, settings and seed give bit-identical
// weights. sfc32 (Chris Doty-Humphrey's Small Fast Chaotic generator): 128 bits of state, passes
// PractRand, and its state is four 32-bit words that a checkpoint can store and restore.

export type RngState = [number, number, number, number];

export type Rng = {
  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal N(0, 1) by Box–Muller. */
  normal(): number;
  /** The four state words, to resume the exact same stream later. */
  state(): RngState;
};

export function createRng(seed: number | RngState): Rng {
  let a: number, b: number, c: number, d: number;
  if (typeof seed === 'number') {
    // splitmix32 spreads any integer seed over the four state words.
    let s = seed >>> 0;
    const mix = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    a = mix(); b = mix(); c = mix(); d = mix();
  } else {
    [a, b, c, d] = seed;
  }
  const nextU32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  const next = (): number => nextU32() / 4294967296;
  return {
    next,
    int: (n) => Math.floor(next() * n),
    normal: () => {
      const u = 1 - next(); // (0, 1]: log(u) is finite
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    state: () => [a >>> 0, b >>> 0, c >>> 0, d >>> 0],
  };
}

/** Fisher–Yates shuffle in place, driven by the seeded generator. */
export function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = items[i]!;
    items[i] = items[j]!;
    items[j] = tmp;
  }
  return items;
}
