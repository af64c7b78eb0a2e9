// Every import runs downwards: the shell (electron/) and the CLI use the training process (node/),
// which uses the contract and the engine (core/); the renderer knows only the contract and core.
// This reads every import (static, dynamic, and `new URL('./x.ts', import.meta.url)` of a worker or
// a forked process) in the layers below and fails on an arrow that points up or sideways.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

type Layer = 'core' | 'contract' | 'node' | 'electron' | 'renderer' | 'cli' | 'wasm';
const LAYERS: Layer[] = ['core', 'contract', 'node', 'electron', 'renderer', 'cli', 'wasm'];

/** What each layer may import, itself included. data/ holds the bundled names (an asset, no code). */
const ALLOWED: Record<Layer, string[]> = {
  core: ['core'],
  contract: ['contract', 'core'],
  node: ['node', 'contract', 'core'],
  renderer: ['renderer', 'contract', 'core', 'data'],
  electron: ['electron', 'node', 'contract', 'core'],
  cli: ['cli', 'node', 'contract', 'core'],
  // The AssemblyScript kernels share their ABI constants with the drivers that call them.
  wasm: ['wasm', 'core/wasm/abi'],
};

/** Packages (bare names) a layer must not import: the platform it does not run on. */
const FORBIDDEN_PACKAGES: Record<Layer, RegExp | null> = {
  core: /./, // nothing at all: core runs everywhere (test/core/portable.test.ts checks its types)
  contract: /./,
  node: /^electron$/, // a utility process has no 'electron' module
  renderer: /^(node:|electron$)/,
  electron: null,
  cli: /^electron$/,
  wasm: null,
};

/** Declared exceptions, each with its reason. */
const EXCEPTIONS: { from: string; to: string; why: string }[] = [
  // `bench` measures the shell's own library code (saving, listing, loading models on disk).
  { from: 'cli/bench/library.ts', to: 'electron/library.ts', why: 'the library bench measures the shell’s code' },
  { from: 'cli/bench/library.ts', to: 'electron/store-file.ts', why: 'the library bench opens the store as the shell does' },
  // The step breakdown compiles a profiled build of the kernels with the same build script as npm install.
  { from: 'cli/bench/breakdown.ts', to: 'wasm/variants.mjs', why: 'the breakdown compiles the kernels’ profiled build' },
];

type Import = { specifier: string; typeOnly: boolean };

/** Every import of a source text: static (with whether it is type-only), dynamic, and module URLs. */
function importsOf(text: string): Import[] {
  const found: Import[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) found.push({ specifier: m[2]!, typeOnly: Boolean(m[1]) });
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push({ specifier: m[1]!, typeOnly: false });
  for (const m of text.matchAll(/new URL\(\s*['"]([^'"]+\.(?:ts|mts|js|mjs))['"]\s*,\s*import\.meta\.url/g)) found.push({ specifier: m[1]!, typeOnly: false });
  return found;
}

/** What is wrong with one import of `file` (a path from the repository root), or null. */
function arrowProblem(file: string, { specifier, typeOnly }: Import): string | null {
  const layer = file.split('/')[0] as Layer;
  if (!specifier.startsWith('.')) {
    const forbidden = FORBIDDEN_PACKAGES[layer];
    return forbidden?.test(specifier) ? `${file} imports the package '${specifier}', which ${layer}/ must not use` : null;
  }
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier.replace(/\?.*$/, '')));
  if (EXCEPTIONS.some((e) => e.from === file && e.to === target)) return null;
  const allowed = ALLOWED[layer].some((to) => target === to || target.startsWith(`${to}/`) || target.startsWith(`${to}.`));
  if (!allowed) return `${file} imports ${target}: ${layer}/ may import only ${ALLOWED[layer].join(', ')}`;
  if (layer === 'contract' && target.startsWith('core/') && !typeOnly) return `${file} imports ${target}: the contract takes only types from core/`;
  return null;
}

function sourceFiles(layer: Layer): string[] {
  return readdirSync(path.join(root, layer), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(ts|mts|js|mjs|svelte)$/.test(file) && !file.includes('node_modules'))
    .map((file) => `${layer}/${file.split(path.sep).join('/')}`);
}

describe('imports run downwards', () => {
  it('shell → training process → contract → core; renderer → contract → core; cli → node', () => {
    const problems = LAYERS.flatMap(sourceFiles).flatMap((file) => importsOf(readFileSync(path.join(root, file), 'utf8')).map((i) => arrowProblem(file, i)));
    expect(problems.filter((p) => p !== null)).toEqual([]);
  });

  it('finds every kind of import, and names an arrow that points up', () => {
    const text = [
      "import type { A } from '../core/a.ts';",
      "import {\n  b,\n  c,\n} from '../electron/b.ts';",
      "export * from './c.ts';",
      "const w = new Worker(new URL('./worker.ts', import.meta.url));",
      "const { d } = await import('../renderer/d.ts');",
      "import 'electron';",
    ].join('\n');
    const found = importsOf(text);
    expect(found.map((i) => i.specifier)).toEqual(['../core/a.ts', '../electron/b.ts', './c.ts', 'electron', '../renderer/d.ts', './worker.ts']);
    expect(found.map((i) => arrowProblem('node/x.ts', i)).filter(Boolean)).toEqual([
      'node/x.ts imports electron/b.ts: node/ may import only node, contract, core',
      "node/x.ts imports the package 'electron', which node/ must not use",
      'node/x.ts imports renderer/d.ts: node/ may import only node, contract, core',
    ]);
    expect(arrowProblem('contract/x.ts', { specifier: '../core/settings.ts', typeOnly: false })).toMatch(/only types from core/);
    expect(arrowProblem('cli/bench/library.ts', { specifier: '../../electron/library.ts', typeOnly: false })).toBeNull(); // declared above
    expect(arrowProblem('cli/app-speed.ts', { specifier: '../electron/library.ts', typeOnly: false })).toMatch(/cli\/ may import only/);
  });
});
