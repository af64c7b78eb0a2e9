// The installers' contents, without downloading Electron: a clean copy of the project is built
// with electron-vite and packaged by electron-builder (`--linux dir`, the step every installer
// starts from) against a stand-in Electron distribution. Its app.asar must hold the built app,
// the bundled names and the production dependencies, and nothing else; the icons each platform's
// installer needs must be ready to use as they are (converting them would download a tool).

import { extractFile, listPackage } from '@electron/asar';
import { getConfig } from 'app-builder-lib/out/util/config/config.js';
import { convertIcon } from 'app-builder-lib/out/util/iconConverter.js';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const projectJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  name: string; productName: string; version: string; main: string; homepage: string;
  author: { name: string; email: string }; dependencies: Record<string, string>; devDependencies: Record<string, string>;
};
/** Nothing of the working tree goes into the copy but what a fresh clone (plus `npm ci`) has. */
const NOT_COPIED = new Set(['node_modules', '.git', 'out', 'dist', 'test-artifacts', '.bench']);
/** A refused port: a download attempt fails at once instead of reaching out of this machine. */
const NOWHERE = 'http://127.0.0.1:9/';

/** The stand-in is a Linux release and the copy is hard-linked with GNU cp; CI's Linux job runs this. */
const onLinux = process.platform === 'linux';
if (!onLinux) console.warn(`test/electron/installers.test.ts skipped: it packages for Linux with a Linux stand-in Electron (this is ${process.platform})`);

let work: string;
let project: string;
let asar: string;
let files: Set<string>;
let unpacked: string;
const packed = (file: string) => extractFile(asar, file).toString('utf8');

beforeAll(() => {
  if (!onLinux) return;
  // Inside the tree (ignored by git), so node_modules can be hard-linked: same file system, no copying.
  // A symlinked node_modules would not do: `npm ls`, which electron-builder asks, calls it extraneous.
  mkdirSync(path.join(root, 'test-artifacts'), { recursive: true });
  work = mkdtempSync(path.join(root, 'test-artifacts', 'installers-'));
  project = path.join(work, 'project');
  for (const entry of readdirSync(root).filter((name) => !NOT_COPIED.has(name))) {
    cpSync(path.join(root, entry), path.join(project, entry), { recursive: true });
  }
  execFileSync('cp', ['-al', path.join(root, 'node_modules'), path.join(project, 'node_modules')]);

  // An unpacked Electron linux-x64 release, as far as packaging looks at it: the `electron` executable.
  const electronDist = path.join(work, 'electron-dist');
  mkdirSync(electronDist);
  writeFileSync(path.join(electronDist, 'electron'), '#!/bin/sh\necho "stand-in Electron $*"\n');
  chmodSync(path.join(electronDist, 'electron'), 0o755);

  const run = (script: string, args: string[]) =>
    execFileSync(process.execPath, [path.join(project, 'node_modules', script), ...args], {
      cwd: project,
      encoding: 'utf8',
      stdio: 'pipe',
      timeout: 150_000,
      env: {
        ...process.env,
        CSC_IDENTITY_AUTO_DISCOVERY: 'false', // no code signing
        ELECTRON_MIRROR: NOWHERE,
        ELECTRON_BUILDER_BINARIES_MIRROR: NOWHERE,
        ELECTRON_BUILDER_CACHE: path.join(work, 'cache'),
        electron_config_cache: path.join(work, 'cache'),
      },
    });
  run('electron-vite/bin/electron-vite.js', ['build']);
  run('vite/bin/vite.js', ['build', '-c', 'vite.web.config.ts', '--logLevel', 'warn']);
  run('electron-builder/cli.js', ['--linux', 'dir', `-c.electronDist=${electronDist}`, '-c.electronVersion=45.5.0']);

  unpacked = path.join(project, 'dist/installers/linux-unpacked');
  asar = path.join(unpacked, 'resources/app.asar');
  files = new Set(listPackage(asar, { isPack: false }).map((file) => file.slice(1))); // '/out/main' → 'out/main'
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The packages under node_modules in the archive (a folder there with a package.json). */
function packagesInArchive(): Set<string> {
  return new Set([...files].filter((file) => /(^|\/)node_modules\/(@[^/]+\/)?[^/@][^/]*$/.test(file) && files.has(`${file}/package.json`)));
}

/** The folder Node would load `name` from when required by the package in `from` ('' is the app). */
function resolvePackage(from: string, name: string): string | null {
  for (let dir = from; ; ) {
    const candidate = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    if (files.has(`${candidate}/package.json`)) return candidate;
    if (!dir) return null;
    dir = dir.slice(0, Math.max(0, dir.lastIndexOf('/'))).replace(/\/?node_modules$/, '');
  }
}

/** The app's production dependencies and theirs, as Node would resolve them inside the archive. */
function productionClosure(): Set<string> {
  const found = new Set<string>();
  const visit = (from: string, manifest: { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> }) => {
    for (const [names, optional] of [[manifest.dependencies, false], [manifest.optionalDependencies, true]] as const) {
      for (const name of Object.keys(names ?? {})) {
        const dir = resolvePackage(from, name);
        if (!dir) {
          expect(optional, `${name}, required by ${from || 'the app'}, is missing from app.asar`).toBe(true);
          continue;
        }
        if (found.has(dir)) continue;
        found.add(dir);
        visit(dir, JSON.parse(packed(`${dir}/package.json`)));
      }
    }
  };
  visit('', JSON.parse(packed('package.json')));
  return found;
}

describe.skipIf(!onLinux)('the packaged app (electron-builder --linux dir)', () => {
  it('holds the built main, training process, preload, renderer and the bundled names', () => {
    for (const file of ['out/main/main.js', 'out/main/training-process.js', 'out/preload/preload.cjs', 'out/renderer/index.html', 'out/main/data/names.txt']) {
      expect(files, file).toContain(file);
    }
    expect(packed('out/main/data/names.txt')).toBe(readFileSync(path.join(root, 'data/names.txt'), 'utf8'));
  });

  it("has a package.json naming the app, its product name, version and main's entry", () => {
    const manifest = JSON.parse(packed('package.json'));
    expect(manifest).toMatchObject({ name: projectJson.name, productName: 'Namesake', version: projectJson.version, main: 'out/main/main.js' });
    expect(manifest.devDependencies).toBeUndefined();
    expect(files).toContain(manifest.main);
  });

  it('holds no sources, tests, docs or build files', () => {
    expect([...files].filter((file) => /\.(ts|mts|cts|svelte|map)$/.test(file))).toEqual([]);
    const topLevel = [...files].filter((file) => !file.includes('/')).sort();
    expect(topLevel).toEqual(['node_modules', 'out', 'package.json']);
    expect([...files].filter((file) => file.startsWith('out/') && !/^out\/(main|preload|renderer)(\/|$)/.test(file))).toEqual([]);
  });

  it('holds exactly the production dependencies (electron-store and what it needs), no devDependencies', () => {
    expect(Object.keys(projectJson.dependencies)).toEqual(['electron-store']);
    // Bundled into out/ by electron-vite, so the package needs none of them.
    for (const name of ['electron', 'vitest', 'svelte', 'chart.js', 'electron-builder']) expect(projectJson.devDependencies).toHaveProperty(name);
    const closure = productionClosure();
    expect(closure).toContain('node_modules/electron-store');
    expect([...packagesInArchive()].sort()).toEqual([...closure].sort()); // so no devDependency either
  });

  it('starts from the Electron it was given, as `namesake`', () => {
    const started = spawnSync(path.join(unpacked, 'namesake'), ['--version'], { encoding: 'utf8' });
    expect(started.stdout).toBe('stand-in Electron --version\n');
  });

  it("sets the window icon from main's folder, where the build put the 512 px icon", () => {
    // electron/window.ts is bundled into main.js, whose import.meta.dirname is out/main.
    expect(packed('out/main/main.js')).toMatch(/icon: \w+\.join\(import\.meta\.dirname, "icon\.png"\)/);
    const icon = PNG.sync.read(extractFile(asar, 'out/main/icon.png'));
    expect([icon.width, icon.height]).toEqual([512, 512]);
  });
});

describe.skipIf(!onLinux)('the favicon', () => {
  it.each(['out/renderer', 'dist/web'])('%s/index.html links the SVG and PNG favicons it ships', (dir) => {
    const html = readFileSync(path.join(project, dir, 'index.html'), 'utf8');
    const links = [...html.matchAll(/<link rel="icon" href="([^"]+)" type="([^"]+)"/g)].map(([, href, type]) => ({ href, type }));
    expect(links).toEqual([{ href: './favicon.png', type: 'image/png' }, { href: './favicon.svg', type: 'image/svg+xml' }]);
    for (const { href } of links) expect(existsSync(path.join(project, dir, href!)), href).toBe(true);
  });
});

describe('the installer configuration (electron-builder.yml)', () => {
  it('names the app, and carries the maintainer and homepage a deb needs', async () => {
    const config = await getConfig(root, null, null);
    expect(config).toMatchObject({ appId: 'local.namesake.app', productName: 'Namesake' });
    expect({ linux: config.linux?.target, mac: config.mac?.target, win: config.win?.target }).toEqual({ linux: ['AppImage', 'deb'], mac: 'dmg', win: 'nsis' });
    expect(config.linux?.maintainer).toMatch(/^.+ <[^@\s]+@[^@\s]+>$/);
    expect(projectJson.author.email).toMatch(/^[^@\s]+@[^@\s]+$/);
    expect(projectJson.homepage).toMatch(/^https:\/\//);
  });

  it('gives each platform an icon electron-builder uses as it is, with no conversion tool', async () => {
    const config = await getConfig(root, null, null);
    const buildResources = path.join(root, config.directories!.buildResources!);
    const scratch = mkdtempSync(path.join(tmpdir(), 'namesake-icons-'));
    const toolset = process.env.ELECTRON_BUILDER_ICONS_TOOLSET_DIR;
    // A conversion would run the icon tool from here: an empty folder, so it fails instead of downloading.
    process.env.ELECTRON_BUILDER_ICONS_TOOLSET_DIR = scratch;
    try {
      const resolve = (icon: string | null | undefined, format: 'set' | 'icns' | 'ico') =>
        convertIcon({ sources: [icon!], fallbackSources: [], roots: [buildResources, root], format, outDir: path.join(scratch, format) });
      const linux = await resolve(config.linux?.icon, 'set');
      expect(linux.icons.map((icon) => icon.size)).toEqual([16, 24, 32, 48, 64, 128, 256, 512, 1024]);
      expect((await resolve(config.mac?.icon, 'icns')).icons.map((icon) => icon.file)).toEqual([path.join(root, 'build/icon.icns')]);
      expect((await resolve(config.win?.icon, 'ico')).icons).toEqual([{ file: path.join(root, 'build/icon.ico'), size: 256 }]);
    } finally {
      if (toolset === undefined) delete process.env.ELECTRON_BUILDER_ICONS_TOOLSET_DIR;
      else process.env.ELECTRON_BUILDER_ICONS_TOOLSET_DIR = toolset;
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
