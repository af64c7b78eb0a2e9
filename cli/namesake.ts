#!/usr/bin/env node
// The Namesake command line: a thin Node shell over core/.

import { CliError } from './io.ts';
import { COMMANDS, type Command } from './commands/index.ts';
import { messageOf } from '../core/errors.ts';

const help = `Namesake: a character-level RNN that learns names and invents new ones.

${Object.values(COMMANDS).map((c) => c.usage).join('\n')}

namesake COMMAND --help prints one command's usage.
With --json every command prints one JSON object per line, the result last.`;

async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (name === undefined || isHelpFlag(name)) return print(help);
  if (name === 'help') return print(rest[0] === undefined ? help : commandNamed(rest[0]).usage);
  const command = commandNamed(name);
  if (asksForHelp(rest)) return print(command.usage);
  await command.run(rest);
}

function commandNamed(name: string): Command {
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) throw new CliError(`unknown command "${name}"\n\n${help}`, 2);
  return command;
}

const isHelpFlag = (arg: string): boolean => arg === '--help' || arg === '-h';

/** --help or -h among the flags; after `--` every argument is a file name. */
function asksForHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return args.slice(0, end === -1 ? args.length : end).some(isHelpFlag);
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
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
