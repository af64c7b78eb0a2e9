// The model library under faults, with real files: a full and a read-only file system (tmpfs), a
// process killed between a rename's two writes, damaged store files of every kind, files that
// vanish during a listing, and a library that must not re-read its model files to list them.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAutosave } from '../../electron/autosave.ts';
import type { TrainingEvent } from '../../contract/api.ts';
import { createLibrary, type Library } from '../../electron/library.ts';
import type { OpenStore } from '../../electron/store-file.ts';
import { trainCheckpoint } from './helpers/checkpoints.ts';
import { openConf } from './helpers/conf-store.ts';
import { fillLeaving, mountTmpfs, type Tmpfs } from './helpers/tmpfs.ts';

const checkpointA = trainCheckpoint(10, 1);
const checkpointB = trainCheckpoint(30, 2);

/** Every file under dir with its bytes: "exactly as it was" is this, unchanged. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (sub: string) => {
    for (const entry of readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const name = path.join(sub, entry.name);
      if (entry.isDirectory()) walk(name);
      else if (name !== 'filler') files[name] = readFileSync(path.join(dir, name), 'latin1');
    }
  };
  walk('');
  return files;
}

const tempFiles = (dir: string) => [...readdirSync(dir), ...readdirSync(path.join(dir, 'models'))].filter((f) => f.includes('.tmp-'));

describe('the library on a full and on a read-only disk (tmpfs)', () => {
  let disk: Tmpfs | { refused: string };
  let dir: string;
  const mounted = () => disk as Tmpfs;
  beforeAll(() => {
    disk = mountTmpfs(2 * 1024 * 1024);
    if ('refused' in disk) console.warn(`skipping the full and read-only disk tests: ${disk.refused}`);
  });
  afterAll(() => {
    if (!('refused' in disk)) disk.unmount();
  });
  beforeEach((ctx) => {
    if ('refused' in disk) return ctx.skip();
    mounted().writable();
    dir = mkdtempSync(path.join(disk.dir, 'library-'));
  });
  afterEach(() => {
    if ('refused' in disk) return;
    mounted().writable();
    rmSync(dir, { recursive: true, force: true }); // the filler too
  });

  /** A library of 40 models, so that its index needs more room than one more model file. */
  function libraryOf40(): { library: Library; modelBytes: number } {
    const library = createLibrary({ dir, open: openConf });
    for (let i = 1; i <= 40; i++) library.save(`model ${String(i).padStart(2, '0')}`, checkpointA);
    const models = path.join(dir, 'models');
    const modelBytes = statSync(path.join(models, readdirSync(models)[0]!)).size;
    expect(statSync(path.join(dir, 'library.json')).size).toBeGreaterThan(modelBytes + 2 * 4096);
    return { library, modelBytes };
  }

  it('leaves the library exactly as it was when a save or a rename finds room for the model file but not the index', () => {
    const { library, modelBytes } = libraryOf40();
    const listed = library.list();
    const before = snapshot(dir);
    const filler = fillLeaving(dir, modelBytes + 100);

    expect(() => library.save('Russian names', checkpointB)).toThrow('Could not save “Russian names”: no space left on device');
    expect(snapshot(dir)).toEqual(before); // no model file, no temporary file, the same index
    expect(library.list()).toEqual(listed);
    expect(createLibrary({ dir, open: openConf }).list()).toEqual(listed);
    // A rename that could rewrite the model file but not the index puts the model file back.
    expect(() => library.rename(listed.models[0]!.id, 'Russian names')).toThrow('Could not rename “model 01”: no space left on device');
    expect(snapshot(dir)).toEqual(before);
    expect(createLibrary({ dir, open: openConf }).list()).toEqual(listed);

    rmSync(filler);
    const saved = library.save('Russian names', checkpointB);
    expect(library.list().models).toEqual([...listed.models, saved]);
  });

  it('lists a library whose index lags behind its files on a read-only disk, and refuses every change in words', () => {
    const library = createLibrary({ dir, open: openConf });
    const a = library.save('a', checkpointA);
    library.save('b', checkpointB);
    const damaged = library.save('damaged', checkpointA);
    library.writeRecovery(checkpointA);
    // As after a crash between the two writes of a save: a model file the index does not have yet.
    const index = JSON.parse(readFileSync(path.join(dir, 'library.json'), 'utf8'));
    writeFileSync(path.join(dir, 'library.json'), JSON.stringify({ ...index, models: index.models.slice(0, 1) }));
    writeFileSync(path.join(dir, 'models', `${damaged.id}.json`), '{"formatVersion":1,"summ');
    expect(createLibrary({ dir, open: openConf }).list().problems).toHaveLength(1); // moved aside while the disk could still take it
    mounted().readOnly();

    const reopened = createLibrary({ dir, open: openConf });
    const before = snapshot(dir);
    const { models, problems } = reopened.list();
    expect(models.map((m) => m.name)).toEqual(['a', 'b']);
    expect(problems).toEqual([]);
    expect(() => reopened.save('c', checkpointB)).toThrow('Could not save “c”: read-only file system');
    expect(() => reopened.rename(a.id, 'renamed')).toThrow('Could not rename “a”: read-only file system');
    expect(() => reopened.remove(a.id)).toThrow('Could not delete “a”: read-only file system');
    expect(() => reopened.writeRecovery(checkpointB)).toThrow('Could not autosave the run: read-only file system');
    expect(reopened.list().models).toEqual(models);
    expect(reopened.recoveryCheckpoint()).toBe(checkpointA);
    expect(snapshot(dir)).toEqual(before);
  });

  it('reports a damaged model file on a read-only disk, where it cannot be moved aside, and lists the rest', () => {
    const library = createLibrary({ dir, open: openConf });
    const good = library.save('good', checkpointA);
    const bad = library.save('bad', checkpointB);
    writeFileSync(path.join(dir, 'models', `${bad.id}.json`), 'not json');
    mounted().readOnly();
    const { models, problems } = createLibrary({ dir, open: openConf }).list();
    expect(models).toEqual([good]);
    expect(problems).toEqual([{ file: path.join(dir, 'models', `${bad.id}.json`), movedTo: null, message: expect.stringMatching(/could not be moved aside either \(read-only file system\)$/) }]);
  });

  it('opens a library that was never created on a read-only disk: empty, and every change refused in words', () => {
    mounted().readOnly();
    const library = createLibrary({ dir: path.join(dir, 'never-created'), open: openConf });
    expect(library.list()).toEqual({ models: [], problems: [] });
    expect(library.recovery()).toBeNull();
    expect(() => library.save('first', checkpointA)).toThrow('Could not save “first”: read-only file system');
  });

  it('tells the window once that autosaves fail on a full disk, keeps the last one whole, and clears the message when one succeeds', () => {
    let clock = Date.UTC(2025, 0, 1, 14, 7);
    const library = createLibrary({ dir, open: openConf, now: () => clock });
    const events: TrainingEvent[] = [];
    const autosave = createAutosave(library, (event) => events.push(event));
    autosave.write(checkpointA);
    const keptFrom = clock;
    const filler = fillLeaving(dir, checkpointB.length / 2); // room for half the next one: a short write, never a cut-off autosave
    for (let i = 0; i < 3; i++) {
      clock += 5000;
      autosave.write(checkpointB);
    }
    expect(events).toEqual([{ type: 'autosave', failure: { reason: 'no space left on device', keptFrom } }]);
    expect(library.recoveryCheckpoint()).toBe(checkpointA);
    expect(tempFiles(dir)).toEqual([]);
    rmSync(filler);
    autosave.write(checkpointB);
    autosave.write(checkpointB);
    expect(events).toEqual([{ type: 'autosave', failure: { reason: 'no space left on device', keptFrom } }, { type: 'autosave', failure: null }]);
    expect(library.recoveryCheckpoint()).toBe(checkpointB);
  });
});

describe('the library after crashes and damage', () => {
  let dir: string;
  beforeEach(() => void (dir = mkdtempSync(path.join(tmpdir(), 'namesake-faults-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const openLibrary = (open: OpenStore = openConf) => createLibrary({ dir, open });
  const modelFile = (id: string) => path.join(dir, 'models', `${id}.json`);

  it('shows the name the model file holds after a crash between the two writes of a rename, and removes the leftover temporary file', () => {
    const file = path.join(dir, 'checkpoint.json');
    writeFileSync(file, checkpointA);
    const libraryDir = path.join(dir, 'library');
    const script = fileURLToPath(new URL('./helpers/crash-during-rename.ts', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', script, libraryDir, file], { encoding: 'utf8' });
    expect(run.signal).toBe('SIGKILL');
    const id = run.stdout.trim();
    expect(readFileSync(path.join(libraryDir, 'library.json'), 'utf8')).toContain('"Before"'); // the index never got the new name
    expect(readdirSync(libraryDir).filter((f) => f.startsWith('library.json.tmp-'))).toHaveLength(1);

    const library = createLibrary({ dir: libraryDir, open: openConf });
    expect(tempFiles(libraryDir)).toEqual([]);
    expect(library.list().models.map((m) => [m.id, m.name])).toEqual([[id, 'After']]);
    library.save('another', checkpointB); // the next change writes what the listing found
    const index = JSON.parse(readFileSync(path.join(libraryDir, 'library.json'), 'utf8'));
    expect(index.models.map((m: { name: string }) => m.name)).toEqual(['After', 'another']);
  });

  it('lists without reading a model file, and reads only the model it changes to save, rename or remove', () => {
    const library = openLibrary();
    const models = [1, 2, 3, 4, 5].map((i) => library.save(`m${i}`, checkpointA));
    const read: string[] = [];
    const readFileSync = fs.readFileSync;
    fs.readFileSync = ((file: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
      if (String(file).includes(`${path.sep}models${path.sep}`)) read.push(path.basename(String(file), '.json'));
      return (readFileSync as (...args: unknown[]) => unknown)(file, ...rest);
    }) as typeof fs.readFileSync;
    const modelReads = () => read.splice(0);
    try {
      expect(library.list().models).toHaveLength(5);
      expect(openLibrary().list().models).toHaveLength(5); // a fresh process too: the index vouches for the files
      expect(modelReads()).toEqual([]);
      const saved = library.save('m6', checkpointB);
      expect(modelReads().filter((id) => id !== saved.id)).toEqual([]);
      library.rename(models[0]!.id, 'renamed');
      expect(new Set(modelReads())).toEqual(new Set([models[0]!.id]));
      library.remove(models[1]!.id);
      expect(modelReads()).toEqual([]);
      expect(openLibrary().list().models.map((m) => m.name)).toEqual(['renamed', 'm3', 'm4', 'm5', 'm6']);
      expect(modelReads()).toEqual([]);
    } finally {
      fs.readFileSync = readFileSync;
    }
  });

  it('leaves out a file that vanishes during a listing, whenever it vanishes', () => {
    const library = openLibrary();
    const [a, b, c] = ['a', 'b', 'c'].map((name) => library.save(name, checkpointA));
    const removeWhenOpened: Record<string, string> = {
      library: modelFile(a!.id), // after the directory was read, before the file is looked at
      [c!.id]: modelFile(c!.id), // while its own store is opened (the index does not vouch for it)
    };
    writeFileSync(path.join(dir, 'library.json'), '{"formatVersion":1,"models":[]}'); // so c is read from its file
    const vanishing: OpenStore = (options) => {
      const file = removeWhenOpened[options.name];
      if (file) rmSync(file, { force: true });
      return openConf(options);
    };
    expect(createLibrary({ dir, open: vanishing }).list()).toEqual({ models: [b], problems: [] });
  });

  it('moves aside a model file whose JSON is whole but whose weights are cut short, and refuses to import one', () => {
    const library = openLibrary();
    const good = library.save('good', checkpointA);
    const cut = library.save('cut short', checkpointB);
    const stored = JSON.parse(readFileSync(modelFile(cut.id), 'utf8'));
    const model = JSON.parse(stored.model);
    const shortened = JSON.stringify({ ...model, params: { ...model.params, W: model.params.W.slice(0, 16) } });
    writeFileSync(modelFile(cut.id), JSON.stringify({ ...stored, model: shortened }));

    const { models, problems } = openLibrary().list();
    expect(models).toEqual([good]);
    expect(problems).toEqual([{ file: modelFile(cut.id), movedTo: expect.stringContaining('.unreadable-'), message: expect.stringMatching(/^params\.W: expected 36 float32 values \(6×6\)/) }]);
    expect(existsSync(modelFile(cut.id))).toBe(false);
    expect(() => library.importModel('cut.model.json', shortened)).toThrow(/^Could not import “cut.model.json”: params\.W: expected 36/);
    expect(openLibrary().list()).toEqual({ models: [good], problems: [] });
  });

  it('reports a damaged autosave with the other unreadable store files, moved aside, instead of losing it without a word', () => {
    openLibrary().writeRecovery(checkpointA);
    const recovery = path.join(dir, 'recovery.json');
    writeFileSync(recovery, readFileSync(recovery, 'utf8').slice(0, 5000));
    const library = openLibrary();
    expect(library.recovery()).toBeNull();
    const { problems } = library.list();
    expect(problems).toEqual([{ file: recovery, movedTo: expect.stringContaining('recovery.json.unreadable-'), message: expect.stringMatching(/JSON/) }]);
    expect(readFileSync(problems[0]!.movedTo!, 'utf8')).toHaveLength(5000);
    expect(library.list().problems).toEqual([]);
  });

  // Each kind of damage, to each kind of store file: never a crash, always a report naming the
  // file, every other model still listed, and the damaged bytes kept (moved aside, or left in
  // place when a newer Namesake wrote them).
  const damages: Record<string, (text: string) => string> = {
    'empty': () => '',
    'cut in half': (text) => text.slice(0, text.length >> 1),
    'one byte': (text) => text.slice(0, 1),
    'not JSON': () => 'Namesake library\n',
    'binary noise': () => '\u0000\u00ff\u0013garbage\u0000',
    'a JSON array': () => '[1,2,3]',
    'keys missing': () => JSON.stringify({ formatVersion: 1 }),
    'wrong types': (text) => JSON.stringify(Object.fromEntries(Object.keys(JSON.parse(text)).map((k) => [k, k === 'formatVersion' ? 1 : 42]))),
    'a newer format': (text) => JSON.stringify({ ...JSON.parse(text), formatVersion: 99 }),
  };
  const files: Record<string, (library: Library, ids: string[]) => string> = {
    index: () => path.join(dir, 'library.json'),
    model: (_, ids) => modelFile(ids[1]!),
    recovery: (library) => (library.writeRecovery(checkpointB), path.join(dir, 'recovery.json')),
  };
  for (const [kind, damage] of Object.entries(damages)) {
    it(`lists every other model when the index, a model file or the autosave is damaged: ${kind}`, () => {
      for (const [which, fileOf] of Object.entries(files)) {
        rmSync(dir, { recursive: true, force: true });
        const library = openLibrary();
        const saved = ['a', 'b', 'c'].map((name) => library.save(name, checkpointA));
        const file = fileOf(library, saved.map((m) => m.id));
        const damaged = damage(readFileSync(file, 'utf8'));
        writeFileSync(file, damaged);

        const reopened = openLibrary();
        const { models, problems } = reopened.list();
        const lost = which === 'model' ? [saved[1]!.id] : [];
        expect(models.map((m) => m.id).sort(), `${which}: ${kind}`).toEqual(saved.map((m) => m.id).filter((id) => !lost.includes(id)).sort());
        expect(problems.map((p) => p.file), `${which}: ${kind}`).toEqual([file]);
        const kept = problems[0]!.movedTo ?? file;
        expect(readFileSync(kept, 'utf8'), `${which}: ${kind}`).toBe(damaged);
        if (which === 'recovery') expect(reopened.recovery()).toBeNull();
        expect(reopened.save('after', checkpointB).name).toBe('after');
      }
    });
  }
});
