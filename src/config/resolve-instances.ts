/**
 * Instances and gates: splits read (inline or from a JSON file), checked disjoint, gates defaulted.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { GateConfig, InstanceSplits } from '../spec/problem.ts';
import type { ProblemConfig } from '../spec/problem-config.ts';

type Fail = (field: string, message: string, hint?: string) => never;

export function resolveInstances(
  input: ProblemConfig['instances'],
  dir: string,
  fail: Fail,
): InstanceSplits | undefined {
  if (input === undefined) return undefined;
  let raw: unknown = input;
  let field = 'instances';
  if ('file' in input) {
    const file = path.resolve(dir, input.file);
    field = `instances.file (${input.file})`;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      fail(
        'instances.file',
        `cannot read ${input.file} as JSON: ${(error as Error).message}`,
        'give a JSON file { "optimize": [...], "validate": [...], "confirm": [...] }',
      );
    }
  }
  const record = raw as Record<string, unknown>;
  const list = (name: 'optimize' | 'validate' | 'confirm'): string[] => {
    const value = record[name];
    if (value === undefined && name !== 'optimize') return [];
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item !== '')) {
      return fail(`${field}.${name}`, 'expected a list of instance ids (non-empty strings)');
    }
    return value as string[];
  };
  const splits = { optimize: list('optimize'), validate: list('validate'), confirm: list('confirm') };
  if (splits.optimize.length === 0) fail(`${field}.optimize`, 'the optimize split is empty');
  const seen = new Map<string, string>();
  const overlaps: string[] = [];
  for (const [name, ids] of Object.entries(splits)) {
    const own = new Set<string>();
    for (const id of ids) {
      if (own.has(id)) overlaps.push(`"${id}" twice in ${name}`);
      own.add(id);
      const other = seen.get(id);
      if (other !== undefined && other !== name) overlaps.push(`"${id}" in both ${other} and ${name}`);
      seen.set(id, name);
    }
  }
  if (overlaps.length > 0) {
    const shown =
      overlaps.slice(0, 10).join(', ') + (overlaps.length > 10 ? `, and ${overlaps.length - 10} more` : '');
    fail(
      field,
      `the splits overlap: ${shown}`,
      'make optimize, validate and confirm disjoint: an instance may be in one split only',
    );
  }
  return splits;
}

export function resolveGates(
  input: ProblemConfig['gates'],
  instances: InstanceSplits | undefined,
): GateConfig | undefined {
  if (input === undefined && (instances === undefined || instances.validate.length === 0)) return undefined;
  return {
    staticChecks: input?.staticChecks ?? [],
    minImprovement: input?.minImprovement ?? 0,
    test: input?.test ?? 'sign',
    margin: input?.margin ?? 0,
    confidence: input?.confidence ?? 0.9,
    ...(input?.maxConsecutiveDiscards === undefined
      ? {}
      : { maxConsecutiveDiscards: input.maxConsecutiveDiscards }),
  };
}
