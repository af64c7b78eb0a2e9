import { describe, expect, test } from 'vitest';
import { decodeBase64, encodeBase64 } from '../../core/base64.ts';
import { MODEL_LIMITS, ModelFileError, parseModel, serializeModel, validateModel, type ModelFile } from '../../core/model-file.ts';
import { allocParams, initParams, PARAM_NAMES, paramShapes, type DType, type ParamName } from '../../core/params.ts';
import { createRng } from '../../core/rng.ts';
import type { Vocabulary } from '../../core/tokens.ts';
import { thrownBy } from '../helpers/thrown.ts';

const LETTERS: Vocabulary = { alphabet: ['a', 'b', 'é', '李', '𠮷'], categories: [] };
const LANGUAGES: Vocabulary = { alphabet: ['a', 'n', 'o'], categories: ['es', 'it', 'fr'] };

function model(vocab: Vocabulary, H: number, dtype: DType = 'float32', metadata: Record<string, unknown> = {}): ModelFile {
  const params = allocParams({ A: vocab.alphabet.length + 1, K: vocab.categories.length, H }, dtype);
  initParams(params, createRng(7));
  return { vocab, params, metadata };
}

const bytesOf = (m: ModelFile): Uint8Array => new Uint8Array(m.params.data.buffer, m.params.data.byteOffset, m.params.data.byteLength);

/** A valid file as a JSON object, to break one field at a time. */
const validJson = (m = model(LETTERS, 3)): Record<string, any> => JSON.parse(serializeModel(m));

const modelError = (run: () => unknown): ModelFileError => thrownBy(ModelFileError, run);

describe('round trip', () => {
  test.each([
    ['float32', LETTERS],
    ['float64', LETTERS],
    ['float32', LANGUAGES],
    ['float64', LANGUAGES],
  ] as const)('%s, categories %j, is bit-exact', (dtype, vocab) => {
    const original = model(vocab, 5, dtype);
    const special = [-0, 0, 1, -1, 1e-45, -1.1754943508222875e-38, 3.4028234663852886e38, -3.4028234663852886e38];
    if (dtype === 'float64') special.push(5e-324, -5e-324, 1.7976931348623157e308, -Number.MAX_VALUE, 0.1);
    original.params.data.set(special, 0);
    const loaded = parseModel(serializeModel(original));
    expect(loaded.params.data).toBeInstanceOf(dtype === 'float32' ? Float32Array : Float64Array);
    expect(loaded.params.dims).toEqual(original.params.dims);
    expect(loaded.vocab).toEqual(vocab);
    expect(bytesOf(loaded)).toEqual(bytesOf(original));
    expect(Object.is(loaded.params.data[0], -0)).toBe(true);
    for (const name of PARAM_NAMES) expect(loaded.params[name]).toEqual(original.params[name]);
  });

  test('a float64 model written as float32 is rounded to float32', () => {
    const original = model(LETTERS, 4, 'float64');
    const loaded = parseModel(serializeModel(original, { dtype: 'float32' }));
    expect(loaded.params.data).toBeInstanceOf(Float32Array);
    expect(Array.from(loaded.params.data)).toEqual(Array.from(original.params.data, Math.fround));
  });

  test('the file is row-major little-endian base64, as any tool would read it', () => {
    const m = model(LANGUAGES, 2);
    const json = validJson(m);
    expect(Object.keys(json).slice(0, 6)).toEqual(['format', 'version', 'alphabet', 'categories', 'hiddenSize', 'params']);
    expect(json).toMatchObject({ format: 'namesake-rnn', version: 1, alphabet: ['a', 'n', 'o'], categories: ['es', 'it', 'fr'], hiddenSize: 2 });
    expect(json.params.dtype).toBe('float32');
    for (const name of PARAM_NAMES) {
      const buffer = Buffer.from(json.params[name], 'base64');
      const values = Array.from({ length: buffer.length / 4 }, (_, i) => buffer.readFloatLE(4 * i));
      expect(values).toEqual(Array.from(m.params[name]));
      const [rows, cols] = paramShapes(m.params.dims)[name];
      expect(values.length).toBe(rows * cols);
    }
  });

  test('metadata survives, and cannot replace the model keys', () => {
    const metadata = { settings: { hiddenSize: 3, learningRate: 0.01 }, training: { steps: 10, valLoss: null }, note: 'ünïcode ✓', names: ['emma', 'ava'] };
    const m = model(LETTERS, 3, 'float32', { ...metadata, format: 'evil', version: 9, hiddenSize: 99, params: 'x' });
    const loaded = parseModel(serializeModel(m));
    expect(loaded.metadata).toEqual(metadata);
    expect(loaded.params.dims.H).toBe(3);
  });

  test('validateModel accepts an already parsed object and copies the vocabulary', () => {
    const json = validJson();
    const loaded = validateModel(json);
    expect(loaded.vocab.alphabet).toEqual(LETTERS.alphabet);
    expect(loaded.vocab.alphabet).not.toBe(json.alphabet);
  });
});

describe('writing refuses what it could not read back', () => {
  test('a non-finite parameter', () => {
    const m = model(LETTERS, 3);
    m.params.V[4] = Number.NaN;
    expect(modelError(() => serializeModel(m)).message).toBe('params.V: value 4 (row 1, column 1) is NaN; every parameter must be a finite number');
    const big = model(LETTERS, 3, 'float64');
    big.params.c[2] = 1e300;
    expect(modelError(() => serializeModel(big, { dtype: 'float32' })).message).toBe('params.c: value 2 is Infinity; every parameter must be a finite number');
  });

  test('sizes that do not match the vocabulary, and forbidden metadata keys', () => {
    const m = model(LETTERS, 3);
    expect(modelError(() => serializeModel({ ...m, vocab: LANGUAGES })).field).toBe('params');
    const metadata = JSON.parse('{"__proto__": {"x": 1}}');
    expect(modelError(() => serializeModel({ ...m, metadata })).message).toBe('__proto__: the key "__proto__" is not allowed in a model file');
  });
});

describe('loading refuses bad files, naming the field', () => {
  const refuse = (change: (json: Record<string, any>) => void, vocab = LETTERS): string => {
    const json = validJson(model(vocab, 3));
    change(json);
    return modelError(() => parseModel(JSON.stringify(json))).message;
  };

  test('not JSON, cut short, or not an object', () => {
    const text = serializeModel(model(LETTERS, 3));
    expect(modelError(() => parseModel(text.slice(0, text.length / 2))).message).toMatch(/^file: is not valid JSON \(.+\); is it complete\?$/);
    expect(modelError(() => parseModel('null')).message).toBe('file: expected a JSON object, got null');
    expect(modelError(() => parseModel('[1]')).message).toBe('file: expected a JSON object, got an array');
    expect(modelError(() => parseModel('42')).message).toBe('file: expected a JSON object, got number');
    expect(modelError(() => validateModel('text')).message).toBe('file: expected a JSON object, got string');
  });

  test('a file over maxFileChars', () => {
    expect(modelError(() => parseModel(' '.repeat(MODEL_LIMITS.maxFileChars + 1))).message).toBe('file: is 209715201 characters; a model file can have at most 209715200');
  });

  test('format and version', () => {
    expect(refuse((j) => (j.format = 'other'))).toBe('format: expected "namesake-rnn", got "other": this is not a Namesake model file');
    expect(refuse((j) => delete j.format)).toBe('format: expected "namesake-rnn", got nothing: this is not a Namesake model file');
    expect(refuse((j) => (j.version = 2))).toBe('version: this file was written by a newer Namesake (version 2); this one reads version 1');
    expect(refuse((j) => (j.version = '1'))).toBe('version: expected 1, got "1"');
    expect(refuse((j) => (j.version = 0))).toBe('version: expected 1, got 0');
  });

  test.each([0, -1, 1.5, 2049, 1e9, '8', null])('hiddenSize %j', (H) => {
    expect(refuse((j) => (j.hiddenSize = H))).toBe(`hiddenSize: expected an integer from 1 to 2048, got ${typeof H === 'string' ? `"${H}"` : H}`);
  });

  test('alphabet entries', () => {
    expect(refuse((j) => (j.alphabet[3] = 'a'))).toBe('alphabet[3]: "a" appears twice (also alphabet[0])');
    expect(refuse((j) => (j.alphabet[1] = 'ab'))).toBe('alphabet[1]: "ab" is 2 characters; each entry must be exactly one character');
    expect(refuse((j) => (j.alphabet[2] = 'e\u0301'))).toBe('alphabet[2]: "e\u0301" is 2 characters; each entry must be exactly one character');
    expect(refuse((j) => (j.alphabet[0] = ''))).toBe('alphabet[0]: "" is 0 characters; each entry must be exactly one character');
    expect(refuse((j) => (j.alphabet[0] = '\t'))).toBe('alphabet[0]: U+0009 is a control character or a lone surrogate, not a character of a name');
    expect(refuse((j) => (j.alphabet[0] = '\ud800'))).toBe('alphabet[0]: U+D800 is a control character or a lone surrogate, not a character of a name');
    expect(refuse((j) => (j.alphabet[0] = 7))).toBe('alphabet[0]: expected a one-character string, got 7');
    expect(refuse((j) => (j.alphabet = []))).toBe('alphabet: is empty; a model needs at least one character');
    expect(refuse((j) => (j.alphabet = 'abc'))).toBe('alphabet: expected an array of characters, got "abc"');
    const many = Array.from({ length: 513 }, (_, i) => String.fromCodePoint(0x4e00 + i));
    expect(refuse((j) => (j.alphabet = many))).toBe('alphabet: has 513 characters; a model can have at most 512');
  });

  test('categories', () => {
    expect(refuse((j) => (j.categories = ['es']))).toBe('categories: has one category ("es"); a model has none, or at least 2');
    expect(refuse((j) => (j.categories[2] = 'es'), LANGUAGES)).toBe('categories[2]: "es" appears twice (also categories[0])');
    expect(refuse((j) => (j.categories[1] = ' '), LANGUAGES)).toBe('categories[1]: is blank; a category needs a name');
    expect(refuse((j) => (j.categories[1] = 'x'.repeat(101)), LANGUAGES)).toBe('categories[1]: has 101 characters; a category can have at most 100');
    expect(refuse((j) => (j.categories[0] = 'a\nb'), LANGUAGES)).toBe('categories[0]: contains U+000A, a control character or a lone surrogate');
    expect(refuse((j) => (j.categories = Array.from({ length: 257 }, (_, i) => `c${i}`)))).toBe('categories: has 257 categories; a model can have at most 256');
    expect(refuse((j) => delete j.categories)).toBe('categories: expected an array of category names, got nothing');
  });

  test('params object and dtype', () => {
    expect(refuse((j) => delete j.params)).toBe('params: expected an object with dtype, U, W, V, b and c, got nothing');
    expect(refuse((j) => (j.params = []))).toBe('params: expected an object with dtype, U, W, V, b and c, got an array');
    expect(refuse((j) => (j.params.dtype = 'float16'))).toBe('params.dtype: expected "float32" or "float64", got "float16"');
    expect(refuse((j) => (j.params.m = ''))).toBe('params.m: unknown key; params has dtype, U, W, V, b and c');
    expect(refuse((j) => (j.params.W = 12))).toBe('params.W: expected a base64 string, got 12');
  });

  // LETTERS, H = 3: A = 6, K = 0 → U (3×6), W (3×3), V (6×3), b (3), c (6)
  const shapes: Record<ParamName, string> = { U: '18 float32 values (3×6)', W: '9 float32 values (3×3)', V: '18 float32 values (6×3)', b: '3 float32 values (3)', c: '6 float32 values (6)' };

  test.each(PARAM_NAMES)('params.%s with the wrong number of values', (name) => {
    const shorter = (j: Record<string, any>): void => {
      j.params[name] = encodeBase64(Buffer.from(j.params[name], 'base64').subarray(4));
    };
    const count = Number(shapes[name].split(' ')[0]);
    expect(refuse(shorter)).toBe(`params.${name}: expected ${shapes[name]}, got ${count - 1}`);
    expect(refuse((j) => (j.params[name] = encodeBase64(new Uint8Array(count * 4 + 2))))).toBe(`params.${name}: expected ${shapes[name]}, got ${count * 4 + 2} bytes, not a whole number of values`);
    expect(refuse((j) => (j.params[name] = j.params[name].slice(0, -1)))).toMatch(new RegExp(`^params\\.${name}: expected ${shapes[name].replace(/[()]/g, '\\$&')}: its length \\d+ is not a multiple of 4`));
  });

  test('params.W for a float64 file counts float64 values', () => {
    const json = validJson(model(LETTERS, 3, 'float64'));
    json.params.W = encodeBase64(new Uint8Array(8 * 8));
    expect(modelError(() => validateModel(json)).message).toBe('params.W: expected 9 float64 values (3×3), got 8');
  });

  test('sizes are checked before the large buffer is allocated', () => {
    const json = validJson();
    json.hiddenSize = 2048;
    expect(modelError(() => validateModel(json)).message).toBe('params.U: expected 12288 float32 values (2048×6), got 18');
  });

  test('invalid base64 characters and padding', () => {
    expect(refuse((j) => (j.params.W = `AAA!${j.params.W.slice(4)}`))).toBe('params.W: invalid base64 character "!" (U+0021) at position 3');
    expect(refuse((j) => (j.params.U = `A=AA${j.params.U.slice(4)}`))).toBe('params.U: "=" at position 1 is padding, which may only end the text');
    expect(refuse((j) => (j.params.b = `${j.params.b.slice(0, 8)}é${j.params.b.slice(9)}`))).toBe('params.b: invalid base64 character "é" (U+00E9) at position 8');
  });

  test.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
  ])('an encoded %s', (label, value) => {
    const values = new Float32Array(18);
    values[7] = value;
    const message = refuse((j) => (j.params.V = Buffer.from(values.buffer).toString('base64')));
    expect(message).toBe(`params.V: value 7 (row 2, column 1) is ${label}; every parameter must be a finite number`);
  });

  test.each([
    ['__proto__', '__proto__'],
    ['constructor', 'constructor'],
    ['params.__proto__', 'prototype'],
    ['training.__proto__', '__proto__'],
  ])('a forbidden key at %s', (field, key) => {
    const text = serializeModel(model(LETTERS, 3, 'float32', { training: { steps: 1 } }));
    const inserted = field.startsWith('params.') ? text.replace('"params":{', `"params":{"${key}":{"polluted":true},`)
      : field.startsWith('training.') ? text.replace('"training":{', `"training":{"${key}":{"polluted":true},`)
      : text.replace('{', `{"${key}":{"polluted":true},`);
    const expected = field.startsWith('params.') ? `params.${key}` : field;
    expect(modelError(() => parseModel(inserted)).message).toBe(`${expected}: the key "${key}" is not allowed in a model file`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('every field error is a ModelFileError with its field', () => {
    const error = modelError(() => parseModel(JSON.stringify({ ...validJson(), hiddenSize: 0 })));
    expect(error.field).toBe('hiddenSize');
    expect(error.problem).toBe('expected an integer from 1 to 2048, got 0');
    expect(error.name).toBe('ModelFileError');
  });
});

describe('base64', () => {
  test('agrees with Node on random bytes of every length from 0 to 20, and longer', () => {
    const rng = createRng(3);
    for (const length of [...Array.from({ length: 21 }, (_, i) => i), 255, 256, 257, 4096]) {
      for (let trial = 0; trial < 5; trial++) {
        const bytes = Uint8Array.from({ length }, () => rng.int(256));
        const text = encodeBase64(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64'));
        expect(decodeBase64(text)).toEqual(bytes);
      }
    }
  });

  test('decoding is strict', () => {
    expect(decodeBase64('QQ==')).toEqual(Uint8Array.of(0x41));
    expect(() => decodeBase64('QR==')).toThrow('the character "R" at position 1 has bits set that the padding discards (not canonical base64)');
    expect(() => decodeBase64('QUJ=')).toThrow(/not canonical/);
    expect(() => decodeBase64('QQ=')).toThrow('its length 3 is not a multiple of 4, so it is not padded base64 (was it cut short?)');
    expect(() => decodeBase64('====')).toThrow('"=" at position 0 is padding, which may only end the text');
    expect(() => decodeBase64('QQ==QQ==')).toThrow('"=" at position 2 is padding, which may only end the text');
    expect(() => decodeBase64('QUJD\n')).toThrow(/not a multiple of 4/);
    expect(() => decodeBase64('QU JD')).toThrow(/not a multiple of 4/);
    expect(() => decodeBase64('QU-D')).toThrow('invalid base64 character "-" (U+002D) at position 2');
  });
});
