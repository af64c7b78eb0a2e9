// namesake train [FILE...] — train on names files (none: the bundled US names), save the best model.

import { parseArgs } from 'node:util';
import { datasetFromFiles } from '../../core/dataset.ts';
import { modelFromTrainer } from '../../core/model.ts';
import { serializeModel } from '../../core/model-file.ts';
import { sampleNames } from '../../core/sample.ts';
import { DEFAULT_SETTINGS, validateSettings, type StopCondition } from '../../core/settings.ts';
import { createTrainer, type Trainer } from '../../core/trainer.ts';
import { definedOnly, optionalNumber } from '../args.ts';
import { BUNDLED_NAMES, CliError, printJson, readNamesFile, writeFileAtomic } from '../io.ts';
import { createBar } from '../progress-bar.ts';
import { createFastKernels, KERNEL_CHOICES, type KernelChoice } from '../../node/kernels.ts';

export const usage = `namesake train [FILE...] [--hidden N] [--optimizer adam|adagrad|sgd] [--lr X] [--batch N]
       [--clip X] [--seed N] [--epochs N | --steps N | --seconds N] [--out MODEL.json] [--kernels K] [--json]
  FILE        names files (.txt one name a line, .csv/.tsv with a header); several files are one
              category each; none trains on the bundled US names (data/names.txt)
  --seconds   training time (default ${DEFAULT_SETTINGS.stop.seconds}); --epochs and --steps stop earlier if given
  --out       where to save the model (default namesake.model.json)
  --kernels   auto (default: WebAssembly SIMD on two threads where possible) | wasm | wasm-threads | typescript`;

/** How long the loop runs before yielding to the event loop (so Ctrl-C is heard). */
const SLICE_MS = 50;

export async function train(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      hidden: { type: 'string' }, optimizer: { type: 'string' }, lr: { type: 'string' }, batch: { type: 'string' },
      clip: { type: 'string' }, seed: { type: 'string' }, epochs: { type: 'string' }, steps: { type: 'string' },
      seconds: { type: 'string' }, out: { type: 'string', default: 'namesake.model.json' }, json: { type: 'boolean', default: false },
      kernels: { type: 'string', default: 'auto' },
    },
  });
  const stop: StopCondition = definedOnly({
    epochs: optionalNumber('--epochs', values.epochs),
    steps: optionalNumber('--steps', values.steps),
    seconds: optionalNumber('--seconds', values.seconds),
  });
  const settings = validateOrExplain({
    hiddenSize: optionalNumber('--hidden', values.hidden),
    optimizer: values.optimizer,
    learningRate: optionalNumber('--lr', values.lr),
    batchSize: optionalNumber('--batch', values.batch),
    clip: optionalNumber('--clip', values.clip),
    seed: optionalNumber('--seed', values.seed),
    stop: Object.keys(stop).length > 0 ? stop : DEFAULT_SETTINGS.stop,
  });

  const paths = positionals.length > 0 ? positionals : [BUNDLED_NAMES];
  const dataset = datasetFromFiles(paths.map(readNamesFile));
  const kernels = await createFastKernels(kernelChoice(values.kernels), (message) => process.stderr.write(`namesake: ${message}\n`));
  const trainer = createTrainer(dataset, settings, { kernels });
  const json = values.json;
  const bar = !json && process.stderr.isTTY ? createBar(process.stderr) : null;
  if (!json) {
    const categories = dataset.vocab.categories.length > 0 ? `, categories ${dataset.vocab.categories.join(', ')}` : '';
    process.stderr.write(`Training on ${dataset.names.length} names (${dataset.vocab.alphabet.length} characters${categories}), ` +
      `H=${settings.hiddenSize}, ${settings.optimizer} lr ${settings.learningRate}, batch ${settings.batchSize}\n`);
  }

  let interrupted = false;
  const onSignal = (): void => { interrupted = true; };
  process.once('SIGINT', onSignal);
  let evaluations = 0;
  try {
    while (!trainer.stopped() && !interrupted) {
      const sliceEnd = Date.now() + SLICE_MS;
      while (Date.now() < sliceEnd && trainer.step());
      const progress = trainer.progress();
      const history = trainer.history();
      if (history.length > evaluations) {
        evaluations = history.length;
        if (json) printJson({ event: 'progress', ...progress });
        else if (!bar) process.stderr.write(`${statusText(trainer)}\n`);
      }
      bar?.draw({ fraction: progress.fraction, etaSeconds: progress.etaSeconds, text: statusText(trainer) });
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    process.off('SIGINT', onSignal);
    bar?.clear();
  }
  const stopped = trainer.stopped();
  if (stopped?.kind === 'diverged') process.stderr.write(`namesake: ${stopped.message}\n`);
  if (interrupted && !json) process.stderr.write('Interrupted: saving the best weights so far.\n');
  if (trainer.progress().valLoss === null) trainer.evaluate();

  writeFileAtomic(values.out, serializeModel(modelFromTrainer(trainer, dataset)));
  const p = trainer.progress();
  const done = {
    event: 'done', steps: p.step, epochs: p.epoch, tokens: p.tokens, seconds: p.seconds,
    tokensPerSecond: p.tokensPerSecond, trainLoss: p.trainLoss, valLoss: p.bestValLoss, out: values.out,
  };
  if (json) {
    printJson(done);
  } else {
    process.stderr.write(`${statusText(trainer)}\nSaved ${values.out} (best validation loss ${fmt(p.bestValLoss)} nats per character).\n`);
    const category = dataset.vocab.categories[0];
    const examples = sampleNames(trainer.bestParams(), trainer.vocab, { count: 10, seed: Date.now() % 2 ** 31, category }, trainer.trainingNames);
    process.stdout.write(`Ten invented names${category ? ` (${category})` : ''}: ${examples.map((n) => n.name + (n.inTraining ? '' : '*')).join(', ')}\n(* = not in the training names)\n`);
  }
  kernels.dispose?.();
  if (stopped?.kind === 'diverged') throw new CliError('training diverged; the last good weights were saved', 1);
}

function kernelChoice(text: string): KernelChoice {
  const choice = KERNEL_CHOICES.find((k) => k === text);
  if (!choice) throw new CliError(`--kernels: expected one of ${KERNEL_CHOICES.join(', ')}, got "${text}"`, 2);
  return choice;
}

function statusText(trainer: Trainer): string {
  const p = trainer.progress();
  return `step ${p.step}  epoch ${p.epoch.toFixed(2)}  loss ${fmt(p.trainLoss)}  val ${fmt(p.valLoss)}  ${Math.round(p.tokensPerSecond).toLocaleString('en-US')} tok/s`;
}

const fmt = (x: number | null): string => (x === null ? '–' : x.toFixed(3));

function validateOrExplain(input: Record<string, unknown>) {
  try {
    return validateSettings(definedOnly(input));
  } catch (error) {
    throw new CliError((error as Error).message, 2);
  }
}
