#!/usr/bin/env node
// npm start: install the Electron binary if it is missing, then build and start the app.
// Electron 45 downloads its binary on first use, not at `npm install`, and electron-vite's preview
// only reads node_modules/electron/path.txt, so the download happens here (never in postinstall:
// `npm ci` has to work offline).

import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const electronDir = path.dirname(require.resolve('electron/package.json'));
const electronVite = path.join(path.dirname(require.resolve('electron-vite/package.json')), 'bin/electron-vite.js');

if (installElectron()) preview(process.argv.slice(2));
else process.exitCode = 1;

/** Runs electron's own installer, which returns at once when the binary is there. */
function installElectron() {
  if (!existsSync(path.join(electronDir, 'path.txt'))) {
    console.log(`Downloading the Electron ${require('electron/package.json').version} binary (once, about 100 MB)…`);
  }
  const install = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  if (install.status === 0) {
    process.stderr.write(install.stderr);
    return true;
  }
  const why = firstLineOf(install.stderr) ?? install.error?.message ?? `the installer ended with ${install.signal ?? `exit code ${install.status}`}`;
  console.error(`npm start: the Electron binary could not be downloaded (${why}). ` +
    'Check the internet connection (or set ELECTRON_MIRROR to a mirror you can reach), then run npm start again.');
  return false;
}

/** The error's own first line, without its class name ("TypeError: fetch failed" → "fetch failed"). */
function firstLineOf(stderr) {
  const line = stderr.split('\n').map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('(node:'));
  return line?.replace(/^[A-Za-z]*Error: /, '');
}

/** electron-vite preview builds the app and starts Electron on it; its exit code is ours. */
function preview(args) {
  const child = spawn(process.execPath, [electronVite, 'preview', ...args], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => child.exitCode === null && child.kill(signal));
  }
  child.on('exit', (code) => { process.exitCode = code ?? 1; }); // a signal death is a failure
}
