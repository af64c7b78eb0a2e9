// Reading a dropped or picked file, as bytes (names files) or text (model files).

import type { NamedBytes } from '../../contract/api.ts';
import { fileUnreadable } from './messages.ts';

export async function readBytes(file: File): Promise<NamedBytes> {
  return { fileName: file.name, bytes: new Uint8Array(await read(file, 'bytes')) };
}

export async function readText(file: File): Promise<string> {
  return read(file, 'text');
}

function read(file: File, as: 'bytes'): Promise<ArrayBuffer>;
function read(file: File, as: 'text'): Promise<string>;
function read(file: File, as: 'bytes' | 'text'): Promise<ArrayBuffer | string> {
  if (as === 'bytes' && typeof file.arrayBuffer === 'function') return file.arrayBuffer();
  if (as === 'text' && typeof file.text === 'function') return file.text();
  // FileReader where Blob lacks the promise methods (older engines, jsdom)
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer | string);
    reader.onerror = () => reject(new Error(fileUnreadable(file.name, reader.error?.message)));
    if (as === 'bytes') reader.readAsArrayBuffer(file);
    else reader.readAsText(file);
  });
}
