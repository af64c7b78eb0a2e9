// namesake eval MODEL FILE — mean negative log-likelihood per token of the names in FILE.

import { parseArgs } from 'node:util';
import { batchOf, type Sequence } from '../../core/batch.ts';
import { importNames } from '../../core/import-names.ts';
import { typescriptKernels } from '../../core/kernels.ts';
import { createEncoder, resolveCategory } from '../../core/tokens.ts';
import { printJson, readModel, readNamesFile, CliError } from '../io.ts';

export const usage = 'namesake eval MODEL FILE [--category C] [--json]';

export function evaluate(argv: string[]): void {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { category: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  if (positionals.length !== 2) throw new CliError(`expected MODEL and FILE\nusage: ${usage}`, 2);
  const [modelPath, namesPath] = positionals as [string, string];
  const model = readModel(modelPath);
  const { entries } = importNames(readNamesFile(namesPath));
  const encoder = createEncoder(model.vocab);
  const sequences: Sequence[] = [];
  const skipped: string[] = [];
  for (const entry of entries) {
    try {
      sequences.push({
        tokens: Int32Array.from(encoder.encode(entry.name)),
        category: resolveCategory(model.vocab, entry.category ?? values.category),
      });
    } catch (error) {
      skipped.push(`${namesPath} line ${entry.line ?? '?'}: ${(error as Error).message}`);
    }
  }
  if (sequences.length === 0) throw new CliError(`${namesPath}: no name could be scored${skipped.length ? `; first problem: ${skipped[0]}` : ''}`);
  const batch = batchOf(sequences);
  const ws = typescriptKernels.allocWorkspace(model.params, batch.B, batch.T);
  const nll = typescriptKernels.forward(model.params, batch, ws);
  const result = { names: sequences.length, tokens: batch.tokens, nllPerToken: nll / batch.tokens, skipped: skipped.length };
  for (const problem of skipped.slice(0, 10)) process.stderr.write(`skipped ${problem}\n`);
  if (values.json) printJson(result);
  else process.stdout.write(`${result.names} names, ${result.tokens} tokens: ${result.nllPerToken.toFixed(4)} nats per token\n`);
}
