import type { Command } from 'commander';
import { shortId } from '../../core/candidate-id.ts';
import { addProblemOptions, overridesFrom, type ProblemFlags, storeHelp } from '../options.ts';
import { formatScore, printJson, warn } from '../output.ts';

interface EvaluateFlags extends ProblemFlags {
  candidate?: string;
  store?: string;
  json?: boolean;
}

export function registerEvaluate(program: Command): void {
  const command = program
    .command('evaluate')
    .description("score one candidate with the problem's evaluator, in the sandbox (default: the seed)")
    .argument('<problem>', 'problem folder or config file')
    .option('--candidate <file>', "a file to score in place of the seed's main file");
  addProblemOptions(command);
  command
    .option('--store <dir>', storeHelp)
    .option('--json', 'print the evaluation as JSON')
    .action(async (target: string, flags: EvaluateFlags) => {
      const { evaluateCandidate } = await import('../../api/evaluate.ts');
      const { problem, candidate, result } = await evaluateCandidate(target, {
        ...(flags.candidate === undefined ? {} : { candidateFile: flags.candidate }),
        ...(flags.store === undefined ? {} : { store: flags.store }),
        overrides: overridesFrom(flags),
        onWarning: warn,
      });
      if (flags.json === true) {
        printJson({ candidateId: candidate.id, objective: problem.objective, ...result });
        return;
      }
      const metrics = Object.entries(result.metrics)
        .map(([name, value]) => `  ${name} = ${formatScore(value)}`)
        .join('\n');
      process.stdout.write(
        `${result.status}: ${problem.objective.metric} = ${formatScore(result.score)} (${problem.objective.direction}) — candidate ${shortId(candidate.id)}, ${result.usage.durationMs} ms\n` +
          (metrics === '' ? '' : `${metrics}\n`) +
          (result.feedback.trim() === '' ? '' : `feedback:\n${result.feedback.trim()}\n`),
      );
    });
}
