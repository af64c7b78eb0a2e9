// Run as its own process, until killed: save, rename, delete and autosave in a loop, chosen by a
// seeded generator, announcing each change before it starts and when it is done, one JSON line on
// stdout each (written synchronously, so the line is out before the change begins).
// argv: library dir, seed, then the files holding the checkpoints to save.

import { readFileSync, writeSync } from 'node:fs';
import { createRng } from '../../../core/rng.ts';
import { createLibrary } from '../../../electron/library.ts';
import { openConf } from './conf-store.ts';

const [dir, seed, ...files] = process.argv.slice(2) as [string, string, ...string[]];
const texts = files.map((file) => readFileSync(file, 'utf8'));
const rng = createRng(Number(seed));
const say = (line: object) => void writeSync(1, `${JSON.stringify(line)}\n`);

const library = createLibrary({ dir, open: openConf });
say({ ready: true });
for (let n = 0; ; n++) {
  const { models, problems } = library.list();
  if (problems.length > 0) say({ problems });
  const text = rng.int(texts.length);
  const pick = models.length < 2 ? 0 : models.length > 8 ? 9 : rng.int(10);
  const target = models[rng.int(Math.max(1, models.length))];
  if (pick < 3) {
    say({ op: 'save', name: `saved ${seed}.${n}`, text });
    say({ done: 'save', id: library.save(`saved ${seed}.${n}`, texts[text]!).id });
  } else if (pick < 6) {
    say({ op: 'rename', id: target!.id, from: target!.name, name: `renamed ${seed}.${n}` });
    library.rename(target!.id, `renamed ${seed}.${n}`);
    say({ done: 'rename' });
  } else if (pick < 8) {
    say({ op: 'autosave', text });
    library.writeRecovery(texts[text]!);
    say({ done: 'autosave' });
  } else {
    say({ op: 'remove', id: target!.id });
    library.remove(target!.id);
    say({ done: 'remove' });
  }
}
