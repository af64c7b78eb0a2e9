// `npm start` on a fresh clone, without the internet: a local mirror serves a stand-in Electron
// release to electron's own downloader, in a copy of the project whose Electron binary was never
// installed; and when the mirror fails, one clear line and a non-zero exit.

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const { version } = JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string };
const work = mkdtempSync(path.join(tmpdir(), 'namesake-start-'));
const record = path.join(work, 'stand-in-started.txt');

/** Where electron's install.js expects the executable inside the release zip (its getPlatformPath). */
const executable = process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron';
/** @electron/get's layout: ELECTRON_MIRROR + v<version>/ + electron-v<version>-<platform>-<arch>.zip. */
const zipName = `electron-v${version}-${process.platform}-${process.arch}.zip`;

// Records its working directory and arguments, one a line, then exits 0.
const STAND_IN = '#!/bin/sh\n{ pwd -P; for arg in "$@"; do echo "$arg"; done; } > "$NAMESAKE_STAND_IN_RECORD"\n';

const unsupported = process.platform === 'win32';
if (unsupported) console.log('Start-path test skipped: the stand-in Electron is a shell script, which Windows cannot execute.');

/** A stand-in release: the zip as Electron publishes it (executable bit kept) and its SHASUMS256.txt. */
function standInRelease(): Map<string, Buffer> {
  const zip = Buffer.from(zipSync({
    [executable]: [Buffer.from(STAND_IN), { os: 3, attrs: 0o100755 << 16 }],
    version: Buffer.from(`v${version}`),
  }));
  const sha = createHash('sha256').update(zip).digest('hex');
  return new Map([
    [`/v${version}/${zipName}`, zip],
    [`/v${version}/SHASUMS256.txt`, Buffer.from(`${sha} *${zipName}\n`)],
  ]);
}

type Mirror = { url: string; requests: string[]; server: Server };

/** A mirror on 127.0.0.1 serving `files` by path and 404 for anything else. */
async function mirror(files: Map<string, Buffer>): Promise<Mirror> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    const file = files.get(request.url ?? '');
    response.writeHead(file ? 200 : 404, { 'content-length': file?.length ?? 0 }).end(file);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, requests, server };
}

/** A port on 127.0.0.1 that refuses connections: one that was just listened on and closed. */
async function refusingUrl(): Promise<string> {
  const { url, server } = await mirror(new Map());
  await new Promise((resolve) => server.close(resolve));
  return url;
}

/**
 * The project as a fresh clone after `npm ci`: its files, and a node_modules whose electron package
 * is a copy without dist/ and path.txt (the worktree's own is never touched). electron-vite is
 * copied too, since it finds electron from its own real path; every other package is a symlink.
 */
function freshClone(name: string): string {
  const clone = path.join(work, name);
  const leftOut = new Set(['node_modules', 'out', 'dist', '.git', 'test-artifacts', '.bench']);
  cpSync(root, clone, { recursive: true, filter: (source) => !leftOut.has(path.relative(root, source)) });
  mkdirSync(path.join(clone, 'node_modules'));
  for (const entry of readdirSync(path.join(root, 'node_modules'))) {
    const from = path.join(root, 'node_modules', entry);
    const to = path.join(clone, 'node_modules', entry);
    if (entry === 'electron') cpSync(from, to, { recursive: true, filter: (source) => !['dist', 'path.txt'].includes(path.relative(from, source)) });
    else if (entry === 'electron-vite') cpSync(from, to, { recursive: true });
    else symlinkSync(from, to);
  }
  return clone;
}

type Run = { code: number | null; stdout: string; stderr: string };

/** Runs a command in `cwd` with electron's downloader pointed at `mirrorUrl` and a temp cache. */
function run(command: string, args: string[], cwd: string, mirrorUrl: string): Promise<Run> {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^(ELECTRON_|npm_config_electron|npm_package_config_electron)/i.test(key)) env[key] = value;
  Object.assign(env, {
    ELECTRON_MIRROR: mirrorUrl,
    electron_use_remote_checksums: '1',
    electron_config_cache: path.join(work, `cache-${path.basename(cwd)}`),
    NAMESAKE_STAND_IN_RECORD: record,
  });
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

const startedWith = () => readFileSync(record, 'utf8').trimEnd().split('\n');

describe.skipIf(unsupported)('npm start on a fresh clone', () => {
  let release: Mirror;
  let empty: Mirror;
  beforeAll(async () => {
    release = await mirror(standInRelease());
    empty = await mirror(new Map());
  });
  afterAll(async () => {
    for (const { server } of [release, empty]) await new Promise((resolve) => server.close(resolve));
    rmSync(work, { recursive: true, force: true });
  });

  it('downloads and extracts the binary, writes path.txt, builds the app and starts Electron on it; the next start downloads nothing', async () => {
    const clone = freshClone('online');
    const electron = path.join(clone, 'node_modules/electron');
    const first = await run('npm', ['start'], clone, release.url);
    expect(first.code, `${first.stdout}\n${first.stderr}`).toBe(0);
    expect(first.stdout).toContain(`Downloading the Electron ${version} binary`);

    expect(release.requests).toEqual(expect.arrayContaining([`/v${version}/${zipName}`, `/v${version}/SHASUMS256.txt`]));
    expect(readFileSync(path.join(electron, 'path.txt'), 'utf8')).toBe(executable);
    expect(readFileSync(path.join(electron, 'dist', executable), 'utf8')).toBe(STAND_IN);
    expect(statSync(path.join(electron, 'dist', executable)).mode & 0o111).not.toBe(0);

    // electron-vite preview starts Electron on "." in the project: the package's main, just built.
    const [cwd, ...args] = startedWith();
    expect(cwd).toBe(realpathSync(clone));
    expect(args).toEqual(['.']);
    const { main } = JSON.parse(readFileSync(path.join(clone, 'package.json'), 'utf8')) as { main: string };
    expect(main).toBe('out/main/main.js');
    expect(readFileSync(path.join(clone, main), 'utf8')).toContain('training-process.js');

    const requestsBefore = release.requests.length;
    rmSync(record);
    const again = await run('npm', ['start', '--', '--skipBuild'], clone, release.url);
    expect(again.code, `${again.stdout}\n${again.stderr}`).toBe(0);
    expect(again.stdout).not.toContain('Downloading');
    expect(release.requests.length).toBe(requestsBefore);
    expect(startedWith().slice(1)).toEqual(['.']);
  }, 180_000);

  const failures: [string, () => Promise<string>, RegExp][] = [
    ['the mirror answers 404', async () => empty.url, new RegExp(`\\(Response code 404 \\(Not Found\\) for http://127\\.0\\.0\\.1:\\d+/v${version}/${zipName}\\)`)],
    ['the mirror refuses the connection', refusingUrl, /\(fetch failed\)/],
  ];
  for (const [what, mirrorUrl, why] of failures) {
    it(`when ${what}: one line saying what failed, why and how to retry, no stack trace, a non-zero exit`, async () => {
      const clone = freshClone(what.replaceAll(' ', '-'));
      const result = await run(process.execPath, ['scripts/start.mjs'], clone, await mirrorUrl());
      expect(result.code).toBe(1);
      expect(result.stdout).toBe(`Downloading the Electron ${version} binary (once, about 100 MB)…\n`);
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^npm start: the Electron binary could not be downloaded \(.+\)\. Check the internet connection \(or set ELECTRON_MIRROR to a mirror you can reach\), then run npm start again\.$/);
      expect(lines[0]).toMatch(why);
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(existsSync(path.join(clone, 'node_modules/electron/path.txt'))).toBe(false);
      expect(existsSync(path.join(clone, 'out'))).toBe(false); // it stops before building
    }, 60_000);
  }
});
