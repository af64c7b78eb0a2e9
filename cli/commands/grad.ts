// namesake grad MODEL --name NAME — one name's summed loss, its gradients and ‖dL/dh_t‖ per step.

import { parseArgs } from 'node:util';
import { PARAM_NAMES, l2Norm } from '../../core/params.ts';
import { nameGradients } from '../../core/score.ts';
import { requireOne } from '../args.ts';
import { CliError, printJson, readModel } from '../io.ts';

export const usage = 'namesake grad MODEL --name NAME [--category C] [--json]';

export function grad(argv: string[]): void {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { name: { type: 'string' }, category: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const model = readModel(requireOne(positionals, 'MODEL'));
  if (!values.name) throw new CliError(`--name is required\nusage: ${usage}`, 2);
  const { name, loss, grads, dLdhNorms } = nameGradients(model.params, model.vocab, values.name, values.category);
  if (values.json) {
    printJson({ name, loss, grads: Object.fromEntries(PARAM_NAMES.map((p) => [p, Array.from(grads[p])])), dLdhNorms });
    return;
  }
  process.stdout.write(`"${name}": loss ${loss.toFixed(4)} nats (summed over ${dLdhNorms.length} steps)\n`);
  for (const p of PARAM_NAMES) process.stdout.write(`  ‖d${p}‖ = ${l2Norm(grads[p]).toExponential(3)}\n`);
  process.stdout.write(`  ‖dL/dh_t‖: ${dLdhNorms.map((n) => n.toFixed(3)).join(' ')}\n`);
}
