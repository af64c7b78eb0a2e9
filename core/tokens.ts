// Characters ↔ tokens. The alphabet is built from the data (NFC code points, any script); token 0
// is the boundary that starts and ends every name, token i+1 is alphabet[i].
// A name "emma" becomes inputs [0,e,m,m,a] and targets [e,m,m,a,0].

export const BOUNDARY = 0;

/** What a model knows about its symbols: A = alphabet.length + 1 tokens, K = categories.length. */
export type Vocabulary = {
  alphabet: string[];
  /** Empty when the model is unconditioned (K = 0). */
  categories: string[];
};

export type Sizes = { A: number; K: number };

export function vocabSizes(vocab: Vocabulary): Sizes {
  return { A: vocab.alphabet.length + 1, K: vocab.categories.length };
}

/** Code points of a string (a surrogate pair is one character). */
export function codePoints(text: string): string[] {
  return Array.from(text);
}

/** The sorted set of code points used by the names. */
export function buildAlphabet(names: Iterable<string>): string[] {
  const seen = new Set<string>();
  for (const name of names) for (const ch of codePoints(name)) seen.add(ch);
  return [...seen].sort((x, y) => x.codePointAt(0)! - y.codePointAt(0)!);
}

export type Encoder = {
  /** Tokens of a name's characters, without boundaries; throws on a character outside the alphabet. */
  encode(name: string): number[];
  /** Characters of tokens 1…A−1; the boundary decodes to nothing. */
  decode(tokens: ArrayLike<number>): string;
  /** The token of one character, or −1 when it is not in the alphabet. */
  tokenOf(ch: string): number;
  /** The character of a token ('' for the boundary). */
  charOf(token: number): string;
  /** The index of a category name, or −1. */
  categoryOf(name: string): number;
};

export function createEncoder(vocab: Vocabulary): Encoder {
  const stoi = new Map<string, number>();
  vocab.alphabet.forEach((ch, i) => stoi.set(ch, i + 1));
  const tokenOf = (ch: string): number => stoi.get(ch) ?? -1;
  const charOf = (token: number): string => (token === BOUNDARY ? '' : vocab.alphabet[token - 1] ?? '');
  return {
    tokenOf,
    charOf,
    encode(name) {
      return codePoints(name.normalize('NFC')).map((ch) => {
        const token = tokenOf(ch);
        if (token < 0) {
          const hex = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
          throw new Error(`"${name}": the character "${ch}" (U+${hex}) is not in this model's alphabet`);
        }
        return token;
      });
    },
    decode: (tokens) => Array.from(tokens, charOf).join(''),
    categoryOf: (name) => vocab.categories.indexOf(name),
  };
}

/** Resolve a category given by name or index; unconditioned models take none. */
export function resolveCategory(vocab: Vocabulary, category: string | number | undefined): number {
  const K = vocab.categories.length;
  if (K === 0) {
    if (category !== undefined && category !== '') throw new Error(`this model has no categories, but category "${category}" was given`);
    return -1;
  }
  if (category === undefined || category === '') {
    throw new Error(`this model needs a category: one of ${vocab.categories.join(', ')}`);
  }
  const index = typeof category === 'number' ? category : vocab.categories.indexOf(category);
  if (!Number.isInteger(index) || index < 0 || index >= K) {
    throw new Error(`unknown category "${category}": expected one of ${vocab.categories.join(', ')}`);
  }
  return index;
}
