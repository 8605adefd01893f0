/**
 * `checks.json` in a problem folder: the broken candidates `ratchet check-evaluator` must see rejected.
 *
 * ```json
 * {
 *   "checks": [
 *     { "name": "overlapping circles", "file": "checks/overlap.py" },
 *     { "name": "NaN radius", "edits": [{ "search": "return centers, radii", "replace": "radii[0] = float('nan')\n    return centers, radii" }] },
 *     { "name": "never finishes", "generator": "hangs" }
 *   ]
 * }
 * ```
 * `file` replaces the seed's main file (path relative to the folder); `edits` are exact replacements in
 * the seed's main file; `generator` is a built-in (see `broken-candidates.ts`). `"expect":
 * "no-better-than-seed"` is for a candidate that only lies about its score (its output is the seed's):
 * it may be scored, but not above the seed. A problem's config may
 * declare the same list as `checks` (resolved into `ResolvedProblem.checks`), which wins over the file.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { badInput } from '../core/errors.ts';
import type { EvaluatorCheck } from '../spec/problem.ts';

export const checksFileName = 'checks.json';

const generator = z.enum(['syntax-error', 'raises-error', 'empty-file', 'claims-huge-score', 'hangs']);

const schema = z.strictObject({
  checks: z.array(
    z.strictObject({
      name: z.string().min(1),
      description: z.string().optional(),
      file: z.string().min(1).optional(),
      generator: generator.optional(),
      edits: z
        .array(z.strictObject({ search: z.string().min(1), replace: z.string() }))
        .min(1)
        .optional(),
      expect: z.enum(['reject', 'no-better-than-seed']).optional(),
    }),
  ),
});

/** The checks declared in `<dir>/checks.json`, or undefined when there is no such file. */
export function loadChecksFile(dir: string): EvaluatorCheck[] | undefined {
  const file = path.join(dir, checksFileName);
  if (!existsSync(file)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw badInput(`not valid JSON: ${(error as Error).message}`, { file, hint: 'fix the JSON syntax' });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badInput(issue?.message ?? 'invalid', {
      file,
      field: issue?.path.join('.') ?? '',
      hint: 'each check is { "name", and one of "file", "generator" or "edits" }',
    });
  }
  return parsed.data.checks.map((check, index) => {
    const kinds = [check.file, check.generator, check.edits].filter((value) => value !== undefined).length;
    if (kinds !== 1) {
      throw badInput('a check needs exactly one of "file", "generator" or "edits"', {
        file,
        field: `checks.${index}`,
      });
    }
    return {
      name: check.name,
      ...(check.description === undefined ? {} : { description: check.description }),
      ...(check.file === undefined ? {} : { file: path.resolve(dir, check.file) }),
      ...(check.generator === undefined ? {} : { generator: check.generator }),
      ...(check.edits === undefined ? {} : { edits: check.edits }),
      ...(check.expect === undefined ? {} : { expect: check.expect }),
    };
  });
}
