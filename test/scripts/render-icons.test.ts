// The committed icons are the current rendering of build/icon.svg: every PNG size matches a fresh
// render, the .ico and .icns hold exactly those images at the sizes Windows and macOS ask for,
// and the browser build's favicons are the same vector and its 32 px rendering.

import { Icns } from '@fiahfy/icns';
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import {
  FAVICON_PNG, FAVICON_PNG_SIZE, FAVICON_SVG, ICNS, ICNS_TYPES, ICO, ICO_SIZES, PNG_SIZES, pngPath, renderPng, SVG,
} from '../../scripts/render-icons.ts';

const decode = (png: Buffer) => PNG.sync.read(png);

/** The largest difference of one RGBA channel between two images of the same size. */
function maxChannelDifference(a: PNG, b: PNG): number {
  let max = 0;
  for (let i = 0; i < a.data.length; i++) max = Math.max(max, Math.abs(a.data[i]! - b.data[i]!));
  return max;
}

/** An ICO's entries: the size in its directory and its image as RGBA rows, top first. */
function readIco(file: Buffer): { size: number; rgba: Uint8Array }[] {
  expect([file.readUInt16LE(0), file.readUInt16LE(2)], 'ICO header: reserved 0, type 1').toEqual([0, 1]);
  return Array.from({ length: file.readUInt16LE(4) }, (_, i) => {
    const entry = 6 + 16 * i;
    const size = file[entry] || 256; // 0 means 256
    const dib = file.subarray(file.readUInt32LE(entry + 12), file.readUInt32LE(entry + 12) + file.readUInt32LE(entry + 8));
    // A 32-bit BMP: BITMAPINFOHEADER (width, doubled height for the AND mask), then BGRA rows, bottom first.
    expect([dib.readUInt32LE(0), dib.readInt32LE(4), dib.readInt32LE(8), dib.readUInt16LE(14)]).toEqual([40, size, 2 * size, 32]);
    const rgba = new Uint8Array(size * size * 4);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const from = 40 + ((size - 1 - y) * size + x) * 4;
        rgba.set([dib[from + 2]!, dib[from + 1]!, dib[from]!, dib[from + 3]!], (y * size + x) * 4);
      }
    }
    return { size, rgba };
  });
}

describe('the rendered icons', () => {
  it.each(PNG_SIZES)('the %i px PNG in build/icons is the SVG rendered at that size', (size) => {
    const committed = decode(readFileSync(pngPath(size)));
    expect([committed.width, committed.height]).toEqual([size, size]);
    // A fresh render on another platform may round an edge pixel differently; a stale file differs by far more.
    expect(maxChannelDifference(committed, decode(renderPng(size))), 'stale icon: run `npm run icons`').toBeLessThanOrEqual(2);
  });

  it('build/icon.ico holds the 16–256 px renders, 256 px included (electron-builder and NSIS need it)', () => {
    const entries = readIco(readFileSync(ICO));
    expect(entries.map((e) => e.size)).toEqual([...ICO_SIZES]);
    for (const { size, rgba } of entries) expect(Buffer.from(rgba).equals(decode(readFileSync(pngPath(size))).data), `${size} px`).toBe(true);
  });

  it("build/icon.icns holds the renders under Apple's type for each size, up to 1024 px", () => {
    const icns = Icns.from(readFileSync(ICNS));
    expect(icns.images.map((image) => image.osType)).toEqual(ICNS_TYPES.map(([osType]) => osType));
    for (const [i, [osType, size]] of ICNS_TYPES.entries()) {
      expect(icns.images[i]!.image.equals(readFileSync(pngPath(size))), `${osType} is the ${size} px render`).toBe(true);
    }
  });

  it('the favicons are the vector itself and its 32 px render', () => {
    expect(readFileSync(FAVICON_SVG, 'utf8')).toBe(readFileSync(SVG, 'utf8'));
    expect(readFileSync(FAVICON_PNG).equals(readFileSync(pngPath(FAVICON_PNG_SIZE)))).toBe(true);
  });
});
