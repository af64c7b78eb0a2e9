// The model library on conf (electron-store's base class) in a temporary directory: save, list,
// load, rename, history, delete, import, export, a damaged file among good ones, a file from a newer
// format, and autosave recovery surviving a real crash in the middle of a write.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCheckpoint } from '../../core/checkpoint.ts';
import { parseModel, serializeModel } from '../../core/model-file.ts';
import { createLibrary } from '../../electron/library.ts';
import { trainCheckpoint } from './helpers/checkpoints.ts';
import { openConf } from './helpers/conf-store.ts';

const checkpointA = trainCheckpoint(10, 1);
const checkpointB = trainCheckpoint(30, 2);

let dir: string;
beforeEach(() => void (dir = mkdtempSync(path.join(tmpdir(), 'namesake-library-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const openLibrary = () => createLibrary({ dir, open: openConf });
const modelFile = (id: string) => path.join(dir, 'models', `${id}.json`);

describe('model library', () => {
  it('saves, lists, loads, renames, keeps history and deletes, across restarts', () => {
    const library = openLibrary();
    const a = library.save('First run', checkpointA);
    const b = library.save('  Second run ', checkpointB);
    expect(a).toMatchObject({ name: 'First run', steps: 10, categories: [], dataset: { files: ['tiny.txt'], names: 12 } });
    expect(a.settings.hiddenSize).toBe(6);
    expect(b.name).toBe('Second run');

    const reopened = openLibrary();
    expect(reopened.list()).toEqual({ models: [a, b], problems: [] });
    expect(reopened.modelText(a.id)).toBe(checkpointA);
    // The stored text is a checkpoint carrying its training names: training can resume from it.
    expect(parseCheckpoint(reopened.modelText(b.id)).dataset.names).toHaveLength(12);
    expect(reopened.history(b.id).length).toBeGreaterThan(0);

    const renamed = reopened.rename(a.id, 'Renamed');
    expect(renamed).toMatchObject({ id: a.id, name: 'Renamed' });
    expect(() => reopened.rename(a.id, '   ')).toThrow(/1 to 200 characters/);
    reopened.remove(b.id);
    expect(openLibrary().list().models).toEqual([renamed]);
    expect(() => reopened.modelText(b.id)).toThrow(/there is no model/);
    expect(() => reopened.modelText('../library')).toThrow(/not a model id/);
  });

  it('imports only valid model files and exports their exact text', () => {
    const library = openLibrary();
    const plain = serializeModel({ ...parseModel(checkpointA), metadata: {} }); // another tool's file: no settings, no names
    const imported = library.importModel('/somewhere/kings.model.json', plain);
    expect(imported).toMatchObject({ name: 'kings', steps: 0, dataset: { files: [], names: 0 } });
    expect(library.modelText(imported.id)).toBe(plain);
    expect(() => library.importModel('bad.json', '{"format":"namesake-rnn","version":1}')).toThrow(/hiddenSize/);
    expect(() => library.importModel('x.json', 'not json')).toThrow(/not valid JSON/);
    expect(library.list().models).toHaveLength(1);
  });

  it('moves a damaged model file aside, reports it by name, and still loads every other model', () => {
    const library = openLibrary();
    const good = library.save('good', checkpointA);
    const truncated = library.save('truncated', checkpointB);
    const wrongShape = library.save('wrong shape', checkpointA);
    const text = readFileSync(modelFile(truncated.id), 'utf8');
    writeFileSync(modelFile(truncated.id), text.slice(0, text.length / 2));
    writeFileSync(modelFile(wrongShape.id), JSON.stringify({ formatVersion: 1, model: 42 }));

    const { models, problems } = openLibrary().list();
    expect(models).toEqual([good]);
    expect(problems.map((p) => p.file).sort()).toEqual([modelFile(truncated.id), modelFile(wrongShape.id)].sort());
    expect(problems.find((p) => p.file === modelFile(truncated.id))!.message).toMatch(/not valid JSON/);
    for (const problem of problems) {
      expect(existsSync(problem.file)).toBe(false);
      expect(readFileSync(problem.movedTo!, 'utf8').length).toBeGreaterThan(0); // kept for the user, not wiped
    }
    expect(openLibrary().list()).toEqual({ models: [good], problems: [] });
    expect(library.modelText(good.id)).toBe(checkpointA);
  });

  it('rebuilds the index from the model files when the index is unreadable', () => {
    const library = openLibrary();
    const a = library.save('a', checkpointA);
    const b = library.save('b', checkpointB);
    writeFileSync(path.join(dir, 'library.json'), '{"formatVersion":1,"models":[{');
    const { models, problems } = openLibrary().list();
    expect(models.map((m) => m.id).sort()).toEqual([a.id, b.id].sort());
    expect(problems).toHaveLength(1);
    expect(problems[0]!.file).toBe(path.join(dir, 'library.json'));
    expect(openLibrary().list().problems).toEqual([]);
  });

  it('leaves a file from a newer format where it is and says so', () => {
    const library = openLibrary();
    const model = library.save('future', checkpointA);
    const newer = JSON.stringify({ formatVersion: 2, somethingNew: true });
    writeFileSync(modelFile(model.id), newer);
    const { models, problems } = openLibrary().list();
    expect(models).toEqual([]);
    expect(problems).toEqual([{ file: modelFile(model.id), movedTo: null, message: expect.stringMatching(/newer Namesake \(format 2/) }]);
    expect(readFileSync(modelFile(model.id), 'utf8')).toBe(newer);
  });

  it('offers the autosaved checkpoint for recovery until it is discarded', () => {
    const library = openLibrary();
    expect(library.recovery()).toBeNull();
    library.writeRecovery(checkpointA);
    library.writeRecovery(checkpointB);
    expect(openLibrary().recovery()).toMatchObject({ steps: 30, dataset: { files: ['tiny.txt'], names: 12 } });
    expect(openLibrary().recoveryCheckpoint()).toBe(checkpointB);
    library.discardRecovery();
    expect(openLibrary().recovery()).toBeNull();
  });

  it('keeps the previous checkpoint whole when the process dies in the middle of autosaving the next', () => {
    const fileA = path.join(dir, 'a.txt');
    const fileB = path.join(dir, 'b.txt');
    writeFileSync(fileA, checkpointA);
    writeFileSync(fileB, checkpointB);
    const libraryDir = path.join(dir, 'library');
    const script = fileURLToPath(new URL('./helpers/crash-during-recovery-write.ts', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', script, libraryDir, fileA, fileB], { encoding: 'utf8' });
    expect(run.signal).toBe('SIGKILL');
    expect(run.stdout).not.toMatch(/not reached/);
    // The half-finished write left its temporary file behind, next to the intact previous checkpoint.
    expect(readdirSync(libraryDir).filter((f) => f.startsWith('recovery.json.tmp-'))).toHaveLength(1);

    const library = createLibrary({ dir: libraryDir, open: openConf });
    expect(library.recovery()).toMatchObject({ steps: 10 });
    expect(library.recoveryCheckpoint()).toBe(checkpointA);
    expect(library.list()).toEqual({ models: [], problems: [] });
    library.writeRecovery(checkpointB);
    expect(library.recoveryCheckpoint()).toBe(checkpointB);
  });
});
