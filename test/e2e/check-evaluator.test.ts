/**
 * `ratchet check-evaluator` on the shipped circle-packing example: every deliberately broken candidate
 * (built-in and declared in its checks.json) is refused, and the huge claimed sum is ignored.
 */
import { describe, expect, it } from 'vitest';
import { parseJson, runCli } from '../helpers/cli.ts';

interface Report {
  readonly seed: { readonly status: string; readonly score: number | null };
  readonly checks: readonly { readonly name: string; readonly accepted: boolean; readonly status: string }[];
  readonly accepted: number;
  readonly ok: boolean;
}

describe('ratchet check-evaluator examples/circle-packing', () => {
  it('accepts none of the broken packings', async () => {
    const result = await runCli(['check-evaluator', 'examples/circle-packing', '--json']);
    const report = parseJson<Report>(result);
    expect(result.code, result.stderr).toBe(0);
    expect(report.seed.status).toBe('scored');
    const names = report.checks.map((check) => check.name);
    for (const name of [
      'overlapping circles',
      'a circle outside the square',
      'NaN radius',
      'prints a huge claimed sum',
    ]) {
      expect(names).toContain(name);
    }
    expect(report.accepted).toBe(0);
    expect(report.checks.every((check) => check.accepted === false)).toBe(true);
    expect(report.checks.filter((check) => check.status === 'scored').map((check) => check.name)).toEqual([
      'prints a huge claimed sum',
    ]);
    expect(report.ok).toBe(true);
  });
});
