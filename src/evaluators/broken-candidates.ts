/**
 * Deliberately broken candidates for `ratchet check-evaluator`: built-in generators that derive one from
 * the seed's main file, and the problem's declared checks (a replacement file, or exact edits).
 */
import { readFile } from 'node:fs/promises';
import type { CandidateFile } from '../spec/candidate.ts';
import type { BrokenCandidateGenerator, EvaluatorCheck, ResolvedProblem } from '../spec/problem.ts';

/** The generators run by default: each cheap, each a candidate no evaluator should score. */
export const defaultGenerators: readonly BrokenCandidateGenerator[] = [
  'syntax-error',
  'raises-error',
  'empty-file',
  'claims-huge-score',
];

export const generatorDescriptions: Readonly<Record<BrokenCandidateGenerator, string>> = {
  'syntax-error': 'the seed with a line that does not parse',
  'raises-error': 'the seed that raises an error as soon as it runs',
  'empty-file': 'an empty main file',
  'claims-huge-score':
    'a program that prints (and writes to fd 3) a result claiming a huge score, then exits',
  hangs: 'a program that never finishes (costs one timeout)',
};

type Family = 'python' | 'javascript' | 'other';

function familyOf(language: string): Family {
  if (language === 'python') return 'python';
  if (language === 'javascript' || language === 'typescript') return 'javascript';
  return 'other';
}

/** The broken main-file text a generator makes from the seed, or null where it has no form for the language. */
export function generateBroken(generator: BrokenCandidateGenerator, problem: ResolvedProblem): string | null {
  const seed = problem.seed.find((file) => file.path === problem.mainFile)?.content ?? '';
  const family = familyOf(problem.language);
  const claim = JSON.stringify({
    metrics: { [problem.objective.metric]: 1e308, combined_score: 1e308, score: 1e308 },
    valid: true,
  });
  switch (generator) {
    case 'empty-file':
      return '';
    case 'syntax-error':
      return `)(*&^ this line is not ${family === 'other' ? 'code' : family} ((\n${seed}`;
    case 'raises-error':
      if (family === 'python')
        return `raise RuntimeError("broken on purpose by ratchet check-evaluator")\n${seed}`;
      if (family === 'javascript')
        return `throw new Error('broken on purpose by ratchet check-evaluator');\n${seed}`;
      return null;
    case 'claims-huge-score':
      if (family === 'python') {
        return [
          'import os, sys',
          `_claim = ${JSON.stringify(claim)}`,
          'print(_claim)',
          'try:',
          '    os.write(3, (_claim + "\\n").encode())',
          'except OSError:',
          '    pass',
          'sys.exit(0)',
          seed,
        ].join('\n');
      }
      if (family === 'javascript') return `console.log(${JSON.stringify(claim)});\nprocess.exit(0);\n${seed}`;
      return null;
    case 'hangs':
      if (family === 'python') return `import time\nwhile True:\n    time.sleep(1)\n${seed}`;
      if (family === 'javascript') return `while (true) {}\n${seed}`;
      return null;
  }
}

export type BrokenCandidate =
  | { readonly ok: true; readonly files: readonly CandidateFile[] }
  | { readonly ok: false; readonly reason: string };

function withMainFile(problem: ResolvedProblem, content: string): CandidateFile[] {
  return problem.seed.map((file) => (file.path === problem.mainFile ? { path: file.path, content } : file));
}

/** Builds the broken candidate of one declared check. */
export async function buildCheckCandidate(
  check: EvaluatorCheck,
  problem: ResolvedProblem,
): Promise<BrokenCandidate> {
  const kinds = [check.file, check.generator, check.edits].filter((value) => value !== undefined).length;
  if (kinds !== 1)
    return { ok: false, reason: 'a check needs exactly one of "file", "generator" or "edits"' };
  if (check.generator !== undefined) {
    const content = generateBroken(check.generator, problem);
    return content === null
      ? { ok: false, reason: `the generator ${check.generator} has no form for ${problem.language}` }
      : { ok: true, files: withMainFile(problem, content) };
  }
  if (check.file !== undefined) {
    try {
      return { ok: true, files: withMainFile(problem, await readFile(check.file, 'utf8')) };
    } catch {
      return { ok: false, reason: `cannot read ${check.file}` };
    }
  }
  let content = problem.seed.find((file) => file.path === problem.mainFile)?.content ?? '';
  for (const [index, edit] of (check.edits ?? []).entries()) {
    if (!content.includes(edit.search)) {
      return {
        ok: false,
        reason: `edit ${index + 1}: the seed's ${problem.mainFile} does not contain ${JSON.stringify(edit.search.slice(0, 60))}`,
      };
    }
    content = content.replace(edit.search, () => edit.replace);
  }
  return { ok: true, files: withMainFile(problem, content) };
}
