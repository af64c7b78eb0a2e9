// namesake train [FILE...] — train on names files (none: the bundled US names), save the best model.

import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { parseCheckpoint } from '../../core/checkpoint.ts';
import { datasetFromFiles, type Dataset } from '../../core/dataset.ts';
import { serializeCheckpoint } from '../../core/checkpoint.ts';
import { sampleNames } from '../../core/sample.ts';
import { DEFAULT_SETTINGS, extendStop, SCHEDULES, validateSettings, type StopCondition, type TrainSettings } from '../../core/settings.ts';
import { createTrainer, describeStop, type Trainer } from '../../core/trainer.ts';
import { definedOnly, numberOrAuto, optionalNumber } from '../args.ts';
import { BUNDLED_NAMES, CliError, printJson, readNamesFile, writeFileAtomic } from '../io.ts';
import { createBar } from '../progress-bar.ts';
import { createFastKernels, KERNEL_CHOICES, type KernelChoice } from '../../node/kernels.ts';
import type { RnnKernels } from '../../core/kernels.ts';

export const usage = `namesake train [FILE...] [--hidden N|auto] [--optimizer adam|adagrad|sgd] [--lr X|auto] [--batch N]
       [--clip X] [--seed N] [--epochs N | --steps N | --seconds N] [--patience N] [--schedule S]
       [--continue MODEL.json] [--out MODEL.json] [--kernels K] [--json]
  FILE        names files (.txt one name a line, .csv/.tsv with a header); several files are one
              category each; none trains on the bundled US names (data/names.txt)
  --seconds   the most training time (default ${DEFAULT_SETTINGS.stop.seconds}); --epochs and --steps stop earlier if given
  --patience  end when validation has not improved for N epochs (default ${DEFAULT_SETTINGS.patience}; 0: train to the limit)
  --schedule  learning rate: ${SCHEDULES.join(' | ')} (default ${DEFAULT_SETTINGS.schedule})
  --continue  train a saved model further (its settings, names and position); the limit counts from there
  --out       where to save the model (default namesake.model.json)
  --kernels   auto (default: WebAssembly SIMD on two threads where possible) | wasm | wasm-threads | typescript`;

/** How long the loop runs before yielding to the event loop (so Ctrl-C is heard). */
const SLICE_MS = 50;

export async function train(argv: string[]): Promise<void> {
  const { values, positionals } = parseTrainArgs(argv);
  const { stop, given } = givenSettings(values);
  const kernels = await createFastKernels(kernelChoice(values.kernels), (message) => process.stderr.write(`namesake: ${message}\n`));
  const { trainer, dataset } = values.continue
    ? continued(values.continue, stop, given, positionals, kernels)
    : started(positionals, { ...given, stop: Object.keys(stop).length > 0 ? stop : DEFAULT_SETTINGS.stop }, kernels);
  const json = values.json;
  if (!json) process.stderr.write(startLine(trainer, dataset));

  const interrupted = await trainWithProgress(trainer, json);
  const stopped = trainer.stopped();
  if (stopped?.kind === 'diverged') process.stderr.write(`namesake: ${stopped.message}\n`);
  if (interrupted && !json) process.stderr.write('Interrupted: saving the best weights so far.\n');
  if (trainer.progress().valLoss === null) trainer.evaluate();

  writeFileAtomic(values.out, serializeCheckpoint(trainer, dataset));
  reportDone(trainer, dataset, stopped, values.out, json);
  kernels.dispose?.();
  if (stopped?.kind === 'diverged') throw new CliError('training diverged; the last good weights were saved', 1);
}

function parseTrainArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      hidden: { type: 'string' }, optimizer: { type: 'string' }, lr: { type: 'string' }, batch: { type: 'string' },
      clip: { type: 'string' }, seed: { type: 'string' }, epochs: { type: 'string' }, steps: { type: 'string' },
      seconds: { type: 'string' }, out: { type: 'string', default: 'namesake.model.json' }, json: { type: 'boolean', default: false },
      kernels: { type: 'string', default: 'auto' }, patience: { type: 'string' }, schedule: { type: 'string' },
      continue: { type: 'string' },
    },
  });
}

/** The limits and settings the flags give, as numbers; a setting not given stays undefined. */
function givenSettings(values: ReturnType<typeof parseTrainArgs>['values']): { stop: StopCondition; given: Record<string, unknown> } {
  const stop: StopCondition = definedOnly({
    epochs: optionalNumber('--epochs', values.epochs),
    steps: optionalNumber('--steps', values.steps),
    seconds: optionalNumber('--seconds', values.seconds),
  });
  const given = {
    hiddenSize: numberOrAuto('--hidden', values.hidden),
    optimizer: values.optimizer,
    learningRate: numberOrAuto('--lr', values.lr),
    batchSize: optionalNumber('--batch', values.batch),
    clip: optionalNumber('--clip', values.clip),
    seed: optionalNumber('--seed', values.seed),
    patience: optionalNumber('--patience', values.patience),
    schedule: values.schedule,
  };
  return { stop, given };
}

/** What is trained on, and how. */
function startLine(trainer: Trainer, dataset: Dataset): string {
  const { settings } = trainer;
  const categories = dataset.vocab.categories.length > 0 ? `, categories ${dataset.vocab.categories.join(', ')}` : '';
  return `Training on ${dataset.names.length} names (${dataset.vocab.alphabet.length} characters${categories}), ` +
    `H=${settings.hiddenSize}, ${settings.optimizer} lr ${Number(settings.learningRate.toPrecision(3))}, batch ${settings.batchSize}\n`;
}

/**
 * Train until the trainer stops or Ctrl-C, in slices that yield to the event loop; after each
 * evaluation a JSON progress line, or a status line where stderr is no terminal (a terminal
 * shows a progress bar instead). Returns whether Ctrl-C ended it.
 */
async function trainWithProgress(trainer: Trainer, json: boolean): Promise<boolean> {
  const bar = !json && process.stderr.isTTY ? createBar(process.stderr) : null;
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
  return interrupted;
}

/** The summary of a finished run: one JSON line, or the last status, why it stopped, where it was saved and ten sampled names. */
function reportDone(trainer: Trainer, dataset: Dataset, stopped: ReturnType<Trainer['stopped']>, out: string, json: boolean): void {
  const p = trainer.progress();
  const done = {
    event: 'done', steps: p.step, epochs: p.epoch, tokens: p.tokens, seconds: p.seconds,
    tokensPerSecond: p.tokensPerSecond, trainLoss: p.trainLoss, valLoss: p.bestValLoss, out,
    stop: stopped?.kind ?? 'interrupted', ...(stopped && stopped.kind !== 'diverged' ? { bestStep: stopped.bestStep, reason: describeStop(stopped) } : {}),
  };
  if (json) {
    printJson(done);
    return;
  }
  const why = stopped && stopped.kind !== 'diverged' ? `Training ${describeStop(stopped)}.\n` : '';
  process.stderr.write(`${statusText(trainer)}\n${why}Saved ${out} (best validation loss ${fmt(p.bestValLoss)} nats per character).\n`);
  const category = dataset.vocab.categories[0];
  const examples = sampleNames(trainer.bestParams(), trainer.vocab, { count: 10, seed: Date.now() % 2 ** 31, category }, trainer.trainingNames);
  process.stdout.write(`Ten invented names${category ? ` (${category})` : ''}: ${examples.map((n) => n.name + (n.inTraining ? '' : '*')).join(', ')}\n(* = not in the training names)\n`);
}

function started(paths: string[], given: Record<string, unknown>, kernels: RnnKernels): { trainer: Trainer; dataset: Dataset } {
  const settings = validateOrExplain(given);
  const dataset = datasetFromFiles((paths.length > 0 ? paths : [BUNDLED_NAMES]).map(readNamesFile));
  return { trainer: createTrainer(dataset, settings, { kernels }), dataset };
}

/** A saved model trained further: its own settings and names; a new limit counts from where it was. */
function continued(path: string, stop: StopCondition, given: Record<string, unknown>, paths: string[], kernels: RnnKernels): { trainer: Trainer; dataset: Dataset } {
  if (paths.length > 0) throw new CliError('--continue trains on the names saved in the model; give no names files with it', 2);
  const fixed = ['hiddenSize', 'optimizer', 'batchSize', 'seed'].find((key) => given[key] !== undefined);
  if (fixed) throw new CliError(`--continue keeps the model's ${fixed}; leave out the flag that sets it`, 2);
  let resumable;
  try {
    resumable = parseCheckpoint(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CliError(`${path}: cannot continue from it: ${(error as Error).message}`);
  }
  const { settings: saved, state, dataset } = resumable;
  const extra = Object.keys(stop).length > 0 ? stop : DEFAULT_SETTINGS.stop;
  const settings = validateOrExplain({ ...saved, ...definedOnly(given), stop: extendStop(extra, state) } satisfies Partial<TrainSettings>);
  return { trainer: createTrainer(dataset, settings, { kernels, resume: state, freshPatience: true }), dataset };
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
