/**
 * `ratchet verify` as a user runs it: the real bin in a child process, exit statuses, text and JSON.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliResult, runCli } from '../../../test/helpers/cli.ts';

const fixtures = 'test/fixtures/constructions';
const folder = mkdtempSync(path.join(tmpdir(), 'ratchet-verify-cli-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function json(result: CliResult): Record<string, unknown> {
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

describe('ratchet verify', () => {
  it('exits 0 for a feasible construction whose claim holds, and prints value, feasibility and the claim', async () => {
    const result = await runCli([
      'verify',
      'circle-packing-26',
      `${fixtures}/circle-packing-26-alphaevolve.json`,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('sum_radii = 2.6358627564136983');
    expect(result.stdout).toContain('feasible at tolerance 0');
    expect(result.stdout).toContain('claim 2.635 holds');
  });

  it('exits 1 for the SimpleTES packing at tolerance 0 and 0 at --tolerance 1e-12', async () => {
    const file = `${fixtures}/circle-packing-26-simpletes.json`;
    const strict = await runCli(['verify', 'circle-packing-26', file, '--json']);
    expect(strict.code).toBe(1);
    expect(json(strict)).toMatchObject({
      ok: false,
      feasible: false,
      maxViolation: 9.994080705550214e-13,
      violationCounts: { overlap: 47 },
    });
    const loose = await runCli(['verify', 'circle-packing-26', file, '--tolerance', '1e-12', '--json']);
    expect(loose.code).toBe(0);
    expect(json(loose)).toMatchObject({ ok: true, feasible: true, tolerance: 1e-12 });
  });

  it('exits 1 when the claim is wrong: SimpleTES’s Erdős bound', async () => {
    const result = await runCli([
      'verify',
      'erdos-minimum-overlap',
      `${fixtures}/erdos-minimum-overlap-simpletes.json`,
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('claim 0.38085596768904106 is WRONG: the value is 0.3809489501030183');
  });

  it('prints both C3 values, and accepts a problem folder and a program output', async () => {
    const result = await runCli([
      'verify',
      'examples/autocorrelation-c3-abs-of-max',
      `${fixtures}/autocorrelation-c3-alphaevolve.json`,
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(json(result)).toMatchObject({
      problem: 'autocorrelation-c3-abs-of-max',
      value: 1.4556427953745406,
      values: { c3_abs_of_max: 1.4556427953745406, c3prime_max_of_abs: 4.334046524387984 },
    });
    const output = path.join(folder, 'output.txt');
    writeFileSync(output, 'iteration 1\n{"heights": [1, 1, 1]}\n');
    const fromOutput = await runCli(['verify', 'autocorrelation-c1', output, '--json']);
    expect(json(fromOutput)).toMatchObject({ value: 2, feasible: true, claim: null });
  });

  it('exits 2 for bad input, saying what to do', async () => {
    const unknown = await runCli([
      'verify',
      'sphere-packing',
      `${fixtures}/circle-packing-26-alphaevolve.json`,
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown problem "sphere-packing"[\s\S]*use one of: circle-packing/);
    const missing = await runCli(['verify', 'circle-packing-26', path.join(folder, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read/);
    const wrongKind = await runCli([
      'verify',
      'circle-packing-26',
      `${fixtures}/autocorrelation-c1-alphaevolve.json`,
    ]);
    expect(wrongKind.code).toBe(2);
    expect(wrongKind.stderr).toMatch(/no circles construction for circle-packing-26: no circles found/);
    const tolerance = await runCli(['verify', 'autocorrelation-c1', output(), '--tolerance', '-1']);
    expect(tolerance.code).toBe(2);
    expect(tolerance.stderr).toMatch(/--tolerance must be a finite number >= 0/);
  });

  it('documents the exit statuses in --help', async () => {
    const help = await runCli(['verify', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Exit status: 0 feasible[\s\S]*1 infeasible[\s\S]*2 bad input/);
    expect(help.stdout).toContain('autocorrelation-c3prime-max-of-abs');
  });
});

function output(): string {
  const file = path.join(folder, 'heights.json');
  writeFileSync(file, '{"heights": [1, 2]}');
  return file;
}
