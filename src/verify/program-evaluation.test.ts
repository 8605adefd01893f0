import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateConstructionJson, evaluateConstructionProgram, lastJson } from './program-evaluation.ts';

const folder = mkdtempSync(path.join(tmpdir(), 'ratchet-verify-program-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function program(name: string, content: string): string {
  const file = path.join(folder, name);
  writeFileSync(file, content);
  return file;
}

describe('evaluateConstructionProgram', () => {
  it('scores the construction a Python program prints, ignoring its chatter and its own claims', async () => {
    const file = program(
      'claims.py',
      'import json\nprint("step 1 done")\nprint(json.dumps({"heights": [1.0, 1.0], "c1_upper_bound": 0.01}))\nprint("bye")\n',
    );
    const result = await evaluateConstructionProgram({ problem: 'autocorrelation-c1', program: file });
    expect(result.valid).toBe(true);
    expect(result.metrics['c1_upper_bound']).toBe(2);
    expect(result.metrics['feasible']).toBe(1);
    expect(result.metrics['program_seconds']).toBeGreaterThan(0);
  });

  it('runs JavaScript programs with node', async () => {
    const file = program(
      'circle.mjs',
      'console.log(JSON.stringify({ centers: [[0.5, 0.5]], radii: [0.5] }));\n',
    );
    const result = await evaluateConstructionProgram({ problem: 'circle-packing-1', program: file });
    expect(result).toMatchObject({ valid: true, metrics: { sum_radii: 0.5, max_violation: 0 } });
  });

  it('reports a crash, a missing construction and a timeout as invalid, with what went wrong', async () => {
    const crash = await evaluateConstructionProgram({
      problem: 'autocorrelation-c1',
      program: program('crash.py', 'import sys\nsys.stderr.write("boom\\n")\nsys.exit(3)\n'),
    });
    expect(crash.valid).toBe(false);
    expect(crash.feedback).toMatch(/exit status 3[\s\S]*boom/);
    const silent = await evaluateConstructionProgram({
      problem: 'autocorrelation-c1',
      program: program('silent.py', 'print("thinking...")\n'),
    });
    expect(silent.feedback).toMatch(/printed no JSON construction/);
    const started = Date.now();
    const slow = await evaluateConstructionProgram({
      problem: 'autocorrelation-c1',
      program: program(
        'slow.py',
        'import subprocess\nsubprocess.Popen(["sleep", "30"])\nimport time\ntime.sleep(30)\n',
      ),
      timeoutMs: 500,
    });
    expect(slow.valid).toBe(false);
    expect(slow.feedback).toMatch(/did not finish within 0.5 s/);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

describe('evaluateConstructionJson', () => {
  it('turns an infeasible construction into invalid with the worst violation as a metric and in the feedback', () => {
    const result = evaluateConstructionJson('circle-packing-2', {
      centers: [
        [0.25, 0.5],
        [0.75, 0.5],
      ],
      radii: [0.25, 0.25 + 2 ** -40],
    });
    expect(result.valid).toBe(false);
    expect(result.metrics['max_violation']).toBe(2 ** -40);
    expect(result.feedback).toContain(`overlap circles 0,1: violated by ${2 ** -40}`);
    expect(evaluateConstructionJson('circle-packing-2', { centers: [], radii: [] }, 0).feedback).toMatch(
      /expected 2 circles, got 0/,
    );
    expect(evaluateConstructionJson('autocorrelation-c1', { radii: [1] }).feedback).toMatch(
      /no step function found/,
    );
  });
});

describe('lastJson', () => {
  it('takes the last JSON line, or a whole multi-line document', () => {
    expect(lastJson('{"a": 1}\nnoise\n{"a": 2}\n[trailing text')).toEqual({ a: 2 });
    expect(lastJson('log line\n{\n  "heights": [1, 2]\n}\n')).toEqual({ heights: [1, 2] });
    expect(lastJson('nothing here')).toBeUndefined();
  });
});
