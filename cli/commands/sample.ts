// namesake sample MODEL — invent names with a trained model.

import { parseArgs } from 'node:util';
import { trainingNamesOf } from '../../core/model.ts';
import { sampleNames } from '../../core/sample.ts';
import { number, optionalNumber, requireOne } from '../args.ts';
import { printJson, readModel } from '../io.ts';

export const usage = `namesake sample MODEL [--count N] [--temperature T] [--top-k K] [--prefix S] [--category C]
       [--max-length N] [--seed N] [--only-new] [--json]`;

export function sample(argv: string[]): void {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      count: { type: 'string', default: '20' }, temperature: { type: 'string' }, 'top-k': { type: 'string' },
      prefix: { type: 'string' }, category: { type: 'string' }, 'max-length': { type: 'string' }, seed: { type: 'string' },
      'only-new': { type: 'boolean', default: false }, json: { type: 'boolean', default: false },
    },
  });
  const model = readModel(requireOne(positionals, 'MODEL'));
  const names = sampleNames(model.params, model.vocab, {
    count: number('--count', values.count),
    temperature: optionalNumber('--temperature', values.temperature),
    topK: optionalNumber('--top-k', values['top-k']),
    prefix: values.prefix,
    category: values.category,
    maxLength: optionalNumber('--max-length', values['max-length']),
    seed: optionalNumber('--seed', values.seed) ?? Date.now() % 2 ** 31,
    onlyNew: values['only-new'],
  }, trainingNamesOf(model));
  if (values.json) printJson({ names });
  else for (const n of names) process.stdout.write(`${n.name.padEnd(16)} ${n.logProb.toFixed(2).padStart(7)}${n.inTraining ? '' : '  new'}\n`);
}
