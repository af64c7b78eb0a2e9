// Every command with its usage: the one list the dispatcher, `--help` and the README's usages share.

import { bench, usage as benchUsage } from './bench.ts';
import { evaluate, usage as evalUsage } from './evaluate.ts';
import { grad, usage as gradUsage } from './grad.ts';
import { sample, usage as sampleUsage } from './sample.ts';
import { train, usage as trainUsage } from './train.ts';

export type Command = { run: (argv: string[]) => void | Promise<void>; usage: string };

export const COMMANDS: Record<string, Command> = {
  train: { run: train, usage: trainUsage },
  sample: { run: sample, usage: sampleUsage },
  eval: { run: evaluate, usage: evalUsage },
  grad: { run: grad, usage: gradUsage },
  bench: { run: bench, usage: benchUsage },
};
