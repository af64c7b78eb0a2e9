#!/usr/bin/env node
// The Namesake command line: a thin Node shell over core/.

import { CliError } from './io.ts';
import { train, usage as trainUsage } from './commands/train.ts';
import { sample, usage as sampleUsage } from './commands/sample.ts';
import { evaluate, usage as evalUsage } from './commands/evaluate.ts';
import { grad, usage as gradUsage } from './commands/grad.ts';
import { bench, usage as benchUsage } from './commands/bench.ts';
import { messageOf } from '../core/errors.ts';

const commands: Record<string, (argv: string[]) => void | Promise<void>> = { train, sample, eval: evaluate, grad, bench };

const help = `Namesake: a character-level RNN that learns names and invents new ones.

${trainUsage}
${sampleUsage}
${evalUsage}
${gradUsage}
${benchUsage}

With --json every command prints one JSON object per line, the result last.`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${help}\n`);
    return;
  }
  const run = commands[command];
  if (!run) throw new CliError(`unknown command "${command}"\n\n${help}`, 2);
  await run(rest);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = messageOf(error);
  process.stderr.write(`namesake: ${message}\n`);
  process.exitCode = error instanceof CliError ? error.exitCode : isUsageError(error) ? 2 : 1;
});

/** node:util parseArgs reports unknown or malformed flags with these codes. */
function isUsageError(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return code.startsWith('ERR_PARSE_ARGS');
}
