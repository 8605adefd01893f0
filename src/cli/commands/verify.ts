import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { badInput } from '../../core/errors.ts';
import {
  checkTolerance,
  describeVerification,
  problemVerifiers,
  verificationPasses,
  verifyConstruction,
} from '../../verify/index.ts';
import { parseConstructionText, resolveVerifierId } from '../../verify/verifier-target.ts';
import { printJson } from '../output.ts';

interface VerifyFlags {
  tolerance?: string;
  exact?: boolean;
  json?: boolean;
}

const help = `
PROBLEM is a verifier id or a problem folder with a verifier.json. Ids:
${problemVerifiers.map((verifier) => `  ${verifier.id.padEnd(36)} ${verifier.title}`).join('\n')}
  circle-packing-<n>                   the same for any n

FILE (or - for stdin) is JSON: a construction file like those of data/constructions/ ({"data": …,
"claimed": {"value": …}}), or what a candidate program prints (its last JSON line): {"centers": [[x, y], …],
"radii": [r, …]} or {"circles_xyr": [[x, y, r], …]} for circles; {"heights": [h0, h1, …]} (or a bare array)
for step functions. NaN/Infinity tokens are read (and reported as not finite).

Values and feasibility are decided in exact rational arithmetic on the file's doubles; the value printed is
the double nearest the exact value. A claimed value is read as a bound in the problem's direction.

Exit status: 0 feasible (and the claim, if any, holds); 1 infeasible, or the claim is wrong beyond the
tolerance; 2 bad input (unknown problem, unreadable file, no construction in it).`;

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('check a construction exactly: value, feasibility, worst violation, and any claimed value')
    .argument('<problem>', 'verifier id (e.g. circle-packing-26) or problem folder')
    .argument('<file>', 'construction JSON file, or - for stdin')
    .option('--tolerance <t>', 'accept violations up to t (default 0: exact feasibility)')
    .option(
      '--exact',
      'decide every constraint in exact arithmetic (default: float64 where provably decisive)',
    )
    .option('--json', 'print the verification as JSON (with "ok")')
    .addHelpText('after', help)
    .action((target: string, file: string, flags: VerifyFlags) => {
      const tolerance = checkTolerance(
        flags.tolerance === undefined ? 0 : parseTolerance(flags.tolerance),
        '--tolerance',
      );
      const problem = resolveVerifierId(target);
      const text = readInput(file);
      const verification = verifyConstruction(problem, parseConstructionText(text, file), {
        tolerance,
        mode: flags.exact === true ? 'exact' : 'auto',
        file,
      });
      const ok = verificationPasses(verification);
      if (flags.json === true) printJson({ ok, file, ...verification });
      else process.stdout.write(`${file}\n${describeVerification(verification)}\n`);
      if (!ok) process.exitCode = 1;
    });
}

function parseTolerance(text: string): number {
  const value = text.trim() === '' ? Number.NaN : Number(text);
  return Number.isNaN(value) ? Number.NaN : value;
}

function readInput(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw badInput(`cannot read: ${(error as Error).message}`, { file, hint: 'check the path' });
  }
}
