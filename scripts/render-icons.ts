// Renders the one vector icon, build/icon.svg, to every file the platforms ask for:
//   build/icons/NxN.png   Linux (AppImage, deb: the hicolor sizes) and the window icon (out/main/icon.png)
//   build/icon.ico        Windows and the NSIS installer (16–256, BMP entries, which every Windows reads)
//   build/icon.icns       macOS and the dmg (PNG entries, 16–1024 with their @2x types)
//   renderer/public/      the browser build's favicon: the SVG itself, and a PNG for browsers without SVG icons
// electron-builder would convert a PNG to .ico/.icns with a tool it downloads; offline it cannot,
// so everything is rendered here and committed. Run `npm run icons` after editing the SVG.

import { Icns, IcnsImage } from '@fiahfy/icns';
import { Resvg } from '@resvg/resvg-js';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pngToIco from 'png-to-ico';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const SVG = path.join(ROOT, 'build/icon.svg');
export const ICO = path.join(ROOT, 'build/icon.ico');
export const ICNS = path.join(ROOT, 'build/icon.icns');
export const FAVICON_SVG = path.join(ROOT, 'renderer/public/favicon.svg');
export const FAVICON_PNG = path.join(ROOT, 'renderer/public/favicon.png');

export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;
/** Apple's icon types with PNG payloads and their pixel sizes (ic11–ic14 are the @2x of 16–256). */
export const ICNS_TYPES = [
  ['icp4', 16], ['icp5', 32], ['icp6', 64], ['ic07', 128], ['ic08', 256], ['ic09', 512], ['ic10', 1024],
  ['ic11', 32], ['ic12', 64], ['ic13', 256], ['ic14', 512],
] as const;
export const FAVICON_PNG_SIZE = 32;

export const pngPath = (size: number) => path.join(ROOT, 'build/icons', `${size}x${size}.png`);

/** The SVG rendered to a square PNG of `size` pixels. */
export function renderPng(size: number): Buffer {
  return new Resvg(readFileSync(SVG), { fitTo: { mode: 'width', value: size } }).render().asPng();
}

async function renderAll(): Promise<void> {
  mkdirSync(path.dirname(pngPath(16)), { recursive: true });
  const pngs = new Map<number, Buffer>(PNG_SIZES.map((size) => [size, renderPng(size)]));
  const png = (size: number) => pngs.get(size)!;
  for (const size of PNG_SIZES) writeFileSync(pngPath(size), png(size));

  writeFileSync(ICO, await pngToIco(ICO_SIZES.map(png)));

  const icns = new Icns();
  for (const [osType, size] of ICNS_TYPES) icns.append(IcnsImage.fromPNG(png(size), osType));
  writeFileSync(ICNS, icns.data);

  mkdirSync(path.dirname(FAVICON_SVG), { recursive: true });
  copyFileSync(SVG, FAVICON_SVG);
  writeFileSync(FAVICON_PNG, png(FAVICON_PNG_SIZE));
}

if (process.argv[1] === import.meta.filename) await renderAll();
