// The CLI end to end: the real entry point run by tsx in a child process, as a user runs it.

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseModel } from '../../core/model-file.ts';
import { PARAM_NAMES, paramShapes } from '../../core/params.ts';
import { AUTO_HIDDEN, learningRateFor } from '../../core/settings.ts';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'namesake-cli-'));

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'cli/namesake.ts', ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const jsonLines = (stdout: string) => stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

describe('namesake CLI', () => {
  const model = join(dir, 'languages.model.json');
  let trained: Record<string, unknown>;

  beforeAll(async () => {
    writeFileSync(join(dir, 'french.txt'), 'amélie\nbéatrice\ncéline\ndaniel\nélodie\nfrançois\ngaëlle\nhélène\n');
    writeFileSync(join(dir, 'polish.txt'), 'agnieszka\nbożena\ncezary\ndariusz\nelżbieta\nfranciszek\ngrażyna\nhalina\n');
    const { code, stdout, stderr } = await cli('train', join(dir, 'french.txt'), join(dir, 'polish.txt'),
      '--hidden', '16', '--batch', '4', '--steps', '120', '--patience', '0', '--seed', '3', '--out', model, '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    trained = jsonLines(stdout).at(-1)!;
  });

  it('train: one category per file, a JSON result line, and a model file that loads', () => {
    expect(trained).toMatchObject({ event: 'done', steps: 120, out: model });
    for (const key of ['epochs', 'tokens', 'seconds', 'tokensPerSecond', 'trainLoss', 'valLoss']) expect(typeof trained[key]).toBe('number');
    const file = parseModel(readFileSync(model, 'utf8'));
    expect(file.vocab.categories).toEqual(['french', 'polish']);
    expect(file.vocab.alphabet).toContain('ż');
    expect(file.params.dims.H).toBe(16);
  });

  it('sample: honours count, prefix and category, repeats with a seed, and flags training names', async () => {
    const args = ['sample', model, '--count', '8', '--prefix', 'b', '--category', 'polish', '--seed', '5', '--json'];
    const first = jsonLines((await cli(...args)).stdout).at(-1) as { names: { name: string; logProb: number; inTraining: boolean }[] };
    expect(first.names).toHaveLength(8);
    for (const n of first.names) {
      expect(n.name.startsWith('b')).toBe(true);
      expect(n.logProb).toBeLessThan(0);
      expect(typeof n.inTraining).toBe('boolean');
    }
    expect(jsonLines((await cli(...args)).stdout).at(-1)).toEqual(first);
  });

  it('eval: mean negative log-likelihood per token over a file', async () => {
    const { stdout, code } = await cli('eval', model, join(dir, 'polish.txt'), '--category', 'polish', '--json');
    expect(code).toBe(0);
    const result = jsonLines(stdout).at(-1) as { names: number; tokens: number; nllPerToken: number };
    expect(result.names).toBe(8);
    expect(result.tokens).toBe('agnieszka bożena cezary dariusz elżbieta franciszek grażyna halina'.split(' ').reduce((n, s) => n + [...s].length + 1, 0));
    expect(result.nllPerToken).toBeGreaterThan(0);
  });

  it('grad: the summed loss of one name, flat gradients of every shape, and ‖dL/dh_t‖ per step', async () => {
    const { stdout, code } = await cli('grad', model, '--name', 'halina', '--category', 'polish', '--json');
    expect(code).toBe(0);
    const result = jsonLines(stdout).at(-1) as { name: string; loss: number; grads: Record<string, number[]>; dLdhNorms: number[] };
    const shapes = paramShapes(parseModel(readFileSync(model, 'utf8')).params.dims);
    expect(result.name).toBe('halina');
    for (const p of PARAM_NAMES) expect(result.grads[p]).toHaveLength(shapes[p][0] * shapes[p][1]);
    expect(result.dLdhNorms).toHaveLength(7);
    expect(result.loss).toBeGreaterThan(0);
  });

  it('train: ends by itself when validation stops improving, says why, and --continue trains the saved run further', async () => {
    const names = 'anna bob carla dmitri eve fatima gustav hana ivan jun kai lena mateo nadia oskar priya quinn rosa sven tomas ' +
      'ula vera wanda xia yusuf zoe amir bea cyrus dora emil freya goran hugo ines jonas kira luca mira nils';
    writeFileSync(join(dir, 'forty.txt'), names.split(' ').join('\n'));
    const out = join(dir, 'forty.model.json');
    const flags = ['--hidden', '48', '--batch', '4', '--lr', '0.03', '--schedule', 'constant', '--patience', '2', '--kernels', 'typescript'];
    const first = await cli('train', join(dir, 'forty.txt'), ...flags, '--out', out);
    expect(first.code).toBe(0);
    const said = /Training stopped after [\d.]+ s: validation loss has not improved for 2 epochs; kept the weights from step (\d+)\./.exec(first.stderr);
    expect(said, first.stderr).not.toBeNull();
    const saved = parseModel(readFileSync(out, 'utf8'));
    const steps = (saved.metadata.training as { steps: number }).steps;
    expect(steps).toBeGreaterThan(Number(said![1]));

    const more = await cli('train', '--continue', out, '--patience', '2', '--kernels', 'typescript', '--out', out, '--json');
    expect(more.stderr).toBe('');
    const done = jsonLines(more.stdout).at(-1)!;
    expect(done).toMatchObject({ event: 'done', stop: 'plateau', reason: expect.stringMatching(/has not improved for 2 epochs/) });
    // a fresh patience: at least two more epochs, not a stop at the first evaluation
    expect(done.epochs as number).toBeGreaterThan((saved.metadata.training as { epochs: number }).epochs + 1.9);
    expect((await cli('train', join(dir, 'forty.txt'), '--continue', out)).stderr).toMatch(/give no names files with it/);
    expect((await cli('train', '--continue', out, '--hidden', '8')).stderr).toMatch(/keeps the model's hiddenSize/);
  });

  it("says the hidden size and rate 'auto' chose for the list", async () => {
    const out = join(dir, 'auto.model.json');
    const { code, stderr } = await cli('train', join(dir, 'forty.txt'), '--steps', '2', '--kernels', 'typescript', '--out', out);
    expect(code).toBe(0);
    // forty short names: the smallest network, and Adam's rate for it
    expect(stderr).toMatch(new RegExp(`H=${AUTO_HIDDEN.min}, adam lr ${Number(learningRateFor(AUTO_HIDDEN.min).toPrecision(3))},`));
    expect(parseModel(readFileSync(out, 'utf8')).metadata.settings).toMatchObject({ hiddenSize: AUTO_HIDDEN.min, learningRate: learningRateFor(AUTO_HIDDEN.min) });
  });

  it('errors: a message naming the problem on stderr, a non-zero exit, never a stack trace', async () => {
    writeFileSync(join(dir, 'binary.txt'), Buffer.from([0x61, 0x6e, 0x6e, 0x61, 0x0a, 0x00, 0x01, 0x02]));
    writeFileSync(join(dir, 'broken.model.json'), '{"format":"namesake-rnn","version":9}');
    const cases: [string[], RegExp][] = [
      [['train', join(dir, 'binary.txt')], /binary\.txt, line 2: binary content/],
      [['train', join(dir, 'missing.txt')], /missing\.txt: cannot read it \(ENOENT\)/],
      [['train', '--hidden', 'many'], /--hidden: expected a number, got "many"/],
      [['train', '--optimizer', 'rmsprop'], /optimizer: expected one of adam, adagrad, sgd/],
      [['train', '--optimizer', 'sgd'], /learningRate: 'auto' is chosen for Adam; give a number for sgd/],
      [['train', '--patience=-1'], /patience: expected a number from 0/],
      [['train', '--schedule', 'linear'], /schedule: expected one of cosine, constant, plateau, best-horizon/],
      [['sample', join(dir, 'broken.model.json')], /broken\.model\.json: .*version/],
      [['sample', model, '--category', 'klingon'], /unknown category "klingon"/],
      [['grad', model], /--name is required/],
      [['fly'], /unknown command "fly"/],
      [['sample', model, '--colour', 'red'], /colour/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await cli(...args);
      expect(code, args.join(' ')).not.toBe(0);
      expect(stderr, args.join(' ')).toMatch(message);
      expect(stderr, args.join(' ')).not.toMatch(/\n\s+at /);
    }
  });
});
