// The library killed at random moments (seeded): a child process saves, renames, deletes and
// autosaves in a loop and is killed by SIGKILL after a random delay, 24 times over one library.
// After each kill the library is opened again and must hold: every model file whole and one of
// the versions written, the listing what the files hold, no temporary file left, no problem to
// report, and every change that finished still there (the one in flight either done or not).

import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.ts';
import { createLibrary } from '../../electron/library.ts';
import { trainCheckpoint } from './helpers/checkpoints.ts';
import { openConf } from './helpers/conf-store.ts';

const KILLS = 24;
const SEED = 20251202;
const script = fileURLToPath(new URL('./helpers/library-churn.ts', import.meta.url));

type Line = { ready?: true; problems?: unknown; op?: 'save' | 'rename' | 'autosave' | 'remove'; done?: string; id?: string; name?: string; from?: string; text?: number };

/** Run the churning child until a random moment, kill it, and return what it announced. */
function churnUntilKilled(dir: string, seed: number, files: string[], delayMs: number): Promise<{ lines: Line[]; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, dir, String(seed), ...files], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (!stdout.includes('\n') && (stdout + chunk).includes('\n')) setTimeout(() => child.kill('SIGKILL'), delayMs);
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('exit', (_code, signal) => resolve({ lines: stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line), signal, stderr }));
  });
}

describe(`the library killed ${KILLS} times at random moments (seed ${SEED})`, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'namesake-kills-'));
  const library = path.join(dir, 'library');
  // Checkpoints of a few hundred kB, so that kills land inside writes as well as between them.
  const texts = [trainCheckpoint(5, 1, 128), trainCheckpoint(10, 2, 128), trainCheckpoint(15, 3, 128)];
  const files = texts.map((text, i) => {
    const file = path.join(dir, `checkpoint-${i}.json`);
    writeFileSync(file, text);
    return file;
  });
  const rng = createRng(SEED);
  /** The models and the autosave as the last check found them: id → name, and the autosave's text. */
  let world = new Map<string, string>();
  let autosaved: number | null = null;
  const seen = { changes: 0, inFlight: 0, tempFilesLeft: 0 };
  afterAll(() => {
    console.log(`${KILLS} kills: ${seen.changes} changes finished, ${seen.inFlight} kills in the middle of one, ${seen.tempFilesLeft} leaving temporary files behind`);
    rmSync(dir, { recursive: true, force: true });
  });

  for (let kill = 1; kill <= KILLS; kill++) {
    const delayMs = 20 + rng.int(400);
    it(`kill ${kill}, ${delayMs} ms in`, async () => {
      const { lines, signal, stderr } = await churnUntilKilled(library, SEED + kill, files, delayMs);
      expect(signal, stderr).toBe('SIGKILL');
      expect(lines.filter((l) => l.problems)).toEqual([]);

      // What must be there: every change the child finished; the last one begun may or may not be.
      let inFlight: Line | null = null;
      for (const line of lines) {
        if (line.op) inFlight = line;
        else if (line.done && inFlight) {
          if (inFlight.op === 'save') world.set(line.id!, inFlight.name!);
          if (inFlight.op === 'rename') world.set(inFlight.id!, inFlight.name!);
          if (inFlight.op === 'remove') world.delete(inFlight.id!);
          if (inFlight.op === 'autosave') autosaved = inFlight.text!;
          inFlight = null;
          seen.changes++;
        }
      }
      if (inFlight) seen.inFlight++;
      const tempFiles = () => [...readdirSync(library), ...readdirSync(path.join(library, 'models'))].filter((f) => f.includes('.tmp-'));
      if (tempFiles().length > 0) seen.tempFilesLeft++;

      const reopened = createLibrary({ dir: library, open: openConf });
      expect(tempFiles()).toEqual([]);
      const { models, problems } = reopened.list();
      expect(problems).toEqual([]);

      // The listing is what the model files hold, and each file is whole: one of the checkpoints written.
      const held = readdirSync(path.join(library, 'models')).map((file) => JSON.parse(readFileSync(path.join(library, 'models', file), 'utf8')));
      expect(models.map((m) => [m.id, m.name]).sort()).toEqual(held.map((f) => [f.summary.id, f.summary.name]).sort());
      for (const file of held) expect(texts).toContain(file.model);

      const listed = new Map(models.map((m) => [m.id, m.name]));
      for (const [id, name] of world) {
        if (inFlight?.id === id && inFlight.op === 'remove') continue;
        if (inFlight?.id === id && inFlight.op === 'rename') expect([name, inFlight.name]).toContain(listed.get(id));
        else expect(listed.get(id), `model ${name}`).toBe(name);
      }
      const extra = models.filter((m) => !world.has(m.id));
      expect(extra.map((m) => m.name)).toEqual(inFlight?.op === 'save' && extra.length > 0 ? [inFlight.name] : []);

      const checkpoint = reopened.recoveryCheckpoint();
      const allowed = [autosaved, inFlight?.op === 'autosave' ? inFlight.text! : autosaved].map((i) => (i === null ? null : texts[i]));
      expect(allowed).toContain(checkpoint);
      world = listed;
      autosaved = checkpoint === null ? null : texts.indexOf(checkpoint);
    });
  }

  it('writes what the listings found into the index with the next change', () => {
    const reopened = createLibrary({ dir: library, open: openConf });
    reopened.save('after the kills', texts[0]!);
    const index = JSON.parse(readFileSync(path.join(library, 'library.json'), 'utf8'));
    expect(index.models.map((m: { id: string; name: string }) => [m.id, m.name])).toEqual(reopened.list().models.map((m) => [m.id, m.name]));
  });
});
