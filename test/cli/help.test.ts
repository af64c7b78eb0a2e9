// --help: every command prints its own usage and exits 0, and the README shows the same usages.

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../cli/commands/index.ts';

const root = new URL('../..', import.meta.url).pathname;
const usages = Object.values(COMMANDS).map((c) => c.usage);

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'cli/namesake.ts', ...args], { cwd: root }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

describe('namesake --help', () => {
  for (const [name, { usage }] of Object.entries(COMMANDS)) {
    it(`${name} --help, ${name} -h and help ${name} print its usage on stdout and exit 0`, async () => {
      const variants = [[name, '--help'], [name, '-h'], ['help', name], [name, '--json', '--help']];
      const results = await Promise.all(variants.map((args) => cli(...args)));
      results.forEach((result, i) => expect(result, variants[i]!.join(' ')).toEqual({ code: 0, stdout: `${usage}\n`, stderr: '' }));
    });
  }

  it('namesake --help (and no command at all) lists every usage', async () => {
    for (const args of [['--help'], []]) {
      const { code, stdout } = await cli(...args);
      expect(code).toBe(0);
      expect(stdout).toContain(usages.join('\n'));
      expect(stdout).toContain('namesake COMMAND --help');
    }
  });

  it('after -- a "--help" is a file name, and help for an unknown command is a usage error', async () => {
    const file = await cli('train', '--', '--help');
    expect(file.code).not.toBe(0);
    expect(file.stderr).toMatch(/--help: cannot read it/);
    const unknown = await cli('help', 'fly');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "fly"/);
  });

  it("the README's command-line section shows exactly these usages", () => {
    const readme = readFileSync(`${root}README.md`, 'utf8');
    const section = readme.slice(readme.indexOf('## The command line'));
    const block = /```\n([\s\S]*?)\n```/.exec(section)?.[1];
    expect(block).toBe(usages.join('\n'));
  });
});
