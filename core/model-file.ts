// The model file that the app and other tools exchange: JSON with the vocabulary, the hidden size
// and each parameter matrix as row-major little-endian floats in base64, plus free metadata keys.
//
//   {"format":"namesake-rnn","version":1,"alphabet":["a",…],"categories":[],"hiddenSize":128,
//    "params":{"dtype":"float32","U":"<b64>","W":"<b64>","V":"<b64>","b":"<b64>","c":"<b64>"}, …}
//
// Loading checks everything that decides the sizes before it allocates the parameter buffer, and
// every error names the field at fault.

import { Base64Error, decodeBase64Into, decodedLength, encodeBase64 } from './base64.ts';
import { checkAlphabet, checkCategories, checkHiddenSize, MODEL_LIMITS, ModelFileError, rejectForbiddenKeys, show } from './model-checks.ts';
import { dtypeOf, PARAM_NAMES, paramCount, paramShapes, viewParams, type DType, type Floats, type Params } from './params.ts';
import type { Vocabulary } from './tokens.ts';

export { MODEL_LIMITS, ModelFileError } from './model-checks.ts';

export type ModelFile = { vocab: Vocabulary; params: Params; metadata: Record<string, unknown> };

const FORMAT = 'namesake-rnn';
const VERSION = 1;
const KNOWN_KEYS: ReadonlySet<string> = new Set(['format', 'version', 'alphabet', 'categories', 'hiddenSize', 'params']);
const PARAM_KEYS: ReadonlySet<string> = new Set(['dtype', ...PARAM_NAMES]);
const BYTES: Record<DType, number> = { float32: 4, float64: 8 };
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** JSON text of a model. Metadata keys go at the top level; they cannot replace the model's own keys. */
export function serializeModel(model: ModelFile, options: { dtype?: DType } = {}): string {
  const { vocab, params, metadata } = model;
  const dtype = options.dtype ?? dtypeOf(params.data);
  if (dtype !== 'float32' && dtype !== 'float64') throw new ModelFileError('params.dtype', `expected "float32" or "float64", got ${JSON.stringify(dtype)}`);
  checkAlphabet(vocab.alphabet);
  checkCategories(vocab.categories);
  const { A, K, H } = params.dims;
  checkHiddenSize(H);
  if (A !== vocab.alphabet.length + 1 || K !== vocab.categories.length) {
    throw new ModelFileError('params', `sizes A=${A} K=${K} do not match the vocabulary ` +
      `(${vocab.alphabet.length} characters + the boundary = ${vocab.alphabet.length + 1}, ${vocab.categories.length} categories)`);
  }
  const encoded: Record<string, string> = { dtype };
  for (const name of PARAM_NAMES) {
    const values = dtype === 'float32' ? Float32Array.from(params[name]) : Float64Array.from(params[name]);
    checkFinite(`params.${name}`, values, paramShapes(params.dims)[name][1]);
    if (!LITTLE_ENDIAN) swapBytes(bytesOf(values), BYTES[dtype]);
    encoded[name] = encodeBase64(bytesOf(values));
  }
  const json: Record<string, unknown> = {
    format: FORMAT, version: VERSION, alphabet: [...vocab.alphabet], categories: [...vocab.categories], hiddenSize: H, params: encoded,
  };
  rejectForbiddenKeys(metadata, '');
  for (const key of Object.keys(metadata)) if (!KNOWN_KEYS.has(key)) json[key] = metadata[key];
  return JSON.stringify(json);
}

export function parseModel(text: string): ModelFile {
  if (typeof text !== 'string') throw new ModelFileError('file', `expected the text of a model file, got ${typeof text}`);
  if (text.length > MODEL_LIMITS.maxFileChars) {
    throw new ModelFileError('file', `is ${text.length} characters; a model file can have at most ${MODEL_LIMITS.maxFileChars}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ModelFileError('file', `is not valid JSON (${(error as Error).message}); is it complete?`);
  }
  return validateModel(json);
}

export function validateModel(json: unknown): ModelFile {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ModelFileError('file', `expected a JSON object, got ${json === null ? 'null' : Array.isArray(json) ? 'an array' : typeof json}`);
  }
  const file = json as Record<string, unknown>;
  rejectForbiddenKeys(file, '');
  const own = (key: string): unknown => (Object.hasOwn(file, key) ? file[key] : undefined);

  const format = own('format');
  if (format !== FORMAT) throw new ModelFileError('format', `expected "${FORMAT}", got ${show(format)}: this is not a Namesake model file`);
  const version = own('version');
  if (typeof version === 'number' && Number.isInteger(version) && version > VERSION) {
    throw new ModelFileError('version', `this file was written by a newer Namesake (version ${version}); this one reads version ${VERSION}`);
  }
  if (version !== VERSION) throw new ModelFileError('version', `expected ${VERSION}, got ${show(version)}`);
  const H = checkHiddenSize(own('hiddenSize'));
  const alphabet = [...checkAlphabet(own('alphabet'))];
  const categories = [...checkCategories(own('categories'))];
  const dims = { A: alphabet.length + 1, K: categories.length, H };

  const rawParams = own('params');
  if (typeof rawParams !== 'object' || rawParams === null || Array.isArray(rawParams)) {
    throw new ModelFileError('params', `expected an object with dtype, U, W, V, b and c, got ${show(rawParams)}`);
  }
  const raw = rawParams as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!PARAM_KEYS.has(key)) throw new ModelFileError(`params.${key}`, 'unknown key; params has dtype, U, W, V, b and c');
  }
  const dtype = Object.hasOwn(raw, 'dtype') ? raw.dtype : undefined;
  if (dtype !== 'float32' && dtype !== 'float64') throw new ModelFileError('params.dtype', `expected "float32" or "float64", got ${show(dtype)}`);

  // Every size is checked before the buffer is allocated.
  const shapes = paramShapes(dims);
  const texts = {} as Record<(typeof PARAM_NAMES)[number], string>;
  for (const name of PARAM_NAMES) {
    const field = `params.${name}`;
    const text = Object.hasOwn(raw, name) ? raw[name] : undefined;
    if (typeof text !== 'string') throw new ModelFileError(field, `expected a base64 string, got ${show(text)}`);
    const [rows, cols] = shapes[name];
    const count = rows * cols;
    const expected = `expected ${count} ${dtype} values ${rows === 1 ? `(${cols})` : `(${rows}×${cols})`}`;
    let bytes: number;
    try {
      bytes = decodedLength(text);
    } catch (error) {
      throw new ModelFileError(field, `${expected}: ${(error as Error).message}`);
    }
    if (bytes !== count * BYTES[dtype]) {
      const got = bytes % BYTES[dtype] === 0 ? `${bytes / BYTES[dtype]}` : `${bytes} bytes, not a whole number of values`;
      throw new ModelFileError(field, `${expected}, got ${got}`);
    }
    texts[name] = text;
  }

  const params = viewParams(dims, dtype === 'float64' ? new Float64Array(paramCount(dims)) : new Float32Array(paramCount(dims)));
  for (const name of PARAM_NAMES) {
    const bytes = bytesOf(params[name]);
    try {
      decodeBase64Into(texts[name], bytes);
    } catch (error) {
      if (error instanceof Base64Error) throw new ModelFileError(`params.${name}`, error.message);
      throw error;
    }
    if (!LITTLE_ENDIAN) swapBytes(bytes, BYTES[dtype]);
    checkFinite(`params.${name}`, params[name], shapes[name][1]);
  }

  const metadata: Record<string, unknown> = {};
  for (const key of Object.keys(file)) if (!KNOWN_KEYS.has(key)) metadata[key] = file[key];
  return { vocab: { alphabet, categories }, params, metadata };
}

function bytesOf(values: Floats): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/** Reverse each `size`-byte group in place: big-endian platforms. */
function swapBytes(bytes: Uint8Array, size: number): void {
  for (let i = 0; i < bytes.length; i += size) bytes.subarray(i, i + size).reverse();
}

function checkFinite(field: string, values: Floats, cols: number): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) continue;
    const where = values.length === cols ? `value ${i}` : `value ${i} (row ${Math.floor(i / cols)}, column ${i % cols})`;
    throw new ModelFileError(field, `${where} is ${v}; every parameter must be a finite number`);
  }
}
