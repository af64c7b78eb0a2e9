// The library carried from appData/namesake to appData/Namesake (productName), on temp dirs.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateLibrary } from '../../electron/user-data-migration.ts';

let appData: string;
beforeEach(() => void (appData = mkdtempSync(path.join(tmpdir(), 'namesake-appdata-'))));
afterEach(() => rmSync(appData, { recursive: true, force: true }));

const oldLibrary = () => path.join(appData, 'namesake', 'library');
const newLibrary = () => path.join(appData, 'Namesake', 'library');
/** The case-insensitive disks of macOS and Windows see one folder under both names. */
const caseInsensitive = () => {
  const probe = path.join(appData, 'Probe');
  mkdirSync(probe);
  const insensitive = existsSync(path.join(appData, 'probe'));
  rmSync(probe, { recursive: true });
  return insensitive;
};

function writeOldLibrary(): void {
  mkdirSync(path.join(oldLibrary(), 'models'), { recursive: true });
  writeFileSync(path.join(oldLibrary(), 'library.json'), '{"formatVersion":1,"models":[]}');
  writeFileSync(path.join(oldLibrary(), 'models', 'm.json'), 'model');
  writeFileSync(path.join(appData, 'namesake', 'Local State'), 'chromium');
}

describe('the user-data folder renamed by productName', () => {
  it('moves the old library into the new folder, which Chromium may have created already', () => {
    if (caseInsensitive()) return console.log('skipped: this disk is case-insensitive, both folder names are one folder');
    writeOldLibrary();
    mkdirSync(path.join(appData, 'Namesake')); // Chromium's own files come first
    expect(migrateLibrary(oldLibrary(), newLibrary())).toBe('moved');
    expect(readFileSync(path.join(newLibrary(), 'models', 'm.json'), 'utf8')).toBe('model');
    expect(readFileSync(path.join(newLibrary(), 'library.json'), 'utf8')).toContain('"models"');
    expect(existsSync(oldLibrary())).toBe(false);
    expect(existsSync(path.join(appData, 'namesake', 'Local State'))).toBe(true); // the rest stays
    // Once moved, the next start finds nothing to do.
    expect(migrateLibrary(oldLibrary(), newLibrary())).toBeNull();
  });

  it('never overwrites a library in the new folder, and does nothing without an old one', () => {
    if (caseInsensitive()) return console.log('skipped: this disk is case-insensitive, both folder names are one folder');
    writeOldLibrary();
    mkdirSync(newLibrary(), { recursive: true });
    writeFileSync(path.join(newLibrary(), 'library.json'), 'new');
    expect(migrateLibrary(oldLibrary(), newLibrary())).toBeNull();
    expect(readFileSync(path.join(newLibrary(), 'library.json'), 'utf8')).toBe('new');
    expect(existsSync(path.join(oldLibrary(), 'models', 'm.json'))).toBe(true);
    rmSync(path.join(appData, 'namesake'), { recursive: true });
    rmSync(path.join(appData, 'Namesake'), { recursive: true });
    expect(migrateLibrary(oldLibrary(), newLibrary())).toBeNull();
    expect(existsSync(newLibrary())).toBe(false);
  });

  it('does nothing when both names are the same folder', () => {
    writeOldLibrary();
    expect(migrateLibrary(oldLibrary(), oldLibrary())).toBeNull();
    expect(existsSync(path.join(oldLibrary(), 'models', 'm.json'))).toBe(true);
  });

  it('copies the library when the new folder is on another disk (a rename cannot cross it)', () => {
    writeOldLibrary();
    const mount = path.join(appData, 'Namesake');
    mkdirSync(mount);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mount], { stdio: 'pipe' });
    } catch (error) {
      return console.log(`skipped: a tmpfs could not be mounted here (${String((error as Error).message).split('\n')[0]})`);
    }
    try {
      expect(migrateLibrary(oldLibrary(), newLibrary())).toBe('copied');
      expect(readFileSync(path.join(newLibrary(), 'models', 'm.json'), 'utf8')).toBe('model');
      expect(existsSync(path.join(oldLibrary(), 'models', 'm.json'))).toBe(true); // a copy keeps the original
    } finally {
      execFileSync('umount', [mount]);
    }
  });
});
