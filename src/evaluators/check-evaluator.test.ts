/**
 * check-evaluator on small problems of our own: three numbers in [0, 1], score = their sum. A strict
 * evaluator checks every number; a lax one trusts what the program claims.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedProblem } from '../spec/problem.ts';
import { createBundle, removeBundle } from './bundle.ts';
import { checkEvaluator } from './check-evaluator.ts';
import { createLocalExecutor } from './local-executor.ts';
import { makeProblem, testSandbox, writeProblemFolder } from './problem-fixture.ts';

const seedProgram = `import json
VALUES = [0.25, 0.5, 0.75]
def values():
    return VALUES
if __name__ == "__main__":
    print(json.dumps({"values": values()}))
`;

const strictEvaluator = `import json, math, subprocess, sys
def evaluate(program_path):
    completed = subprocess.run([sys.executable, program_path], capture_output=True, text=True, timeout=20)
    if completed.returncode != 0:
        return {"combined_score": 0.0, "validity": 0.0, "error": completed.stderr[-500:]}
    try:
        values = json.loads(completed.stdout.strip().splitlines()[-1])["values"]
    except Exception as error:
        return {"combined_score": 0.0, "validity": 0.0, "error": "no values: %s" % error}
    if len(values) != 3 or not all(isinstance(v, (int, float)) and math.isfinite(v) and 0 <= v <= 1 for v in values):
        return {"combined_score": 0.0, "validity": 0.0, "error": "values must be 3 finite numbers in [0, 1]"}
    return {"combined_score": float(sum(values)), "validity": 1.0}
`;

// trusts a claimed score and checks nothing
const laxEvaluator = `import json, subprocess, sys
def evaluate(program_path):
    completed = subprocess.run([sys.executable, program_path], capture_output=True, text=True, timeout=20)
    lines = completed.stdout.strip().splitlines() or ["{}"]
    data = json.loads(lines[-1])
    values = data.get("values", [0])
    return {"combined_score": float(data.get("score", sum(values)))}
`;

const checksJson = JSON.stringify({
  checks: [
    { name: 'value out of range', edits: [{ search: '[0.25, 0.5, 0.75]', replace: '[0.25, 0.5, 7.5]' }] },
    { name: 'NaN value', edits: [{ search: '[0.25, 0.5, 0.75]', replace: "[0.25, 0.5, float('nan')]" }] },
    {
      name: 'claims a huge score',
      edits: [{ search: '{"values": values()}', replace: '{"values": values(), "score": 1e9}' }],
      expect: 'no-better-than-seed',
    },
  ],
});

const folders: { cleanup: () => Promise<void> }[] = [];
const bundles: string[] = [];
let cacheDir: string;
const sandbox = testSandbox();

beforeAll(async () => {
  cacheDir = await mkdtemp(path.join(os.tmpdir(), 'ratchet-check-bundles-'));
});
afterAll(async () => {
  for (const bundle of bundles) await removeBundle(bundle);
  await rm(cacheDir, { recursive: true, force: true });
  for (const folder of folders) await folder.cleanup();
});

async function check(evaluatorSource: string, options: { checksFile?: boolean } = {}) {
  const folder = await writeProblemFolder({
    'initial_program.py': seedProgram,
    'evaluator.py': evaluatorSource,
  });
  folders.push(folder);
  if (options.checksFile !== false) await writeFile(path.join(folder.dir, 'checks.json'), checksJson);
  const problem: ResolvedProblem = makeProblem(folder.dir, {
    evaluator: { kind: 'openevolve', file: 'evaluator.py' },
    mainFile: 'initial_program.py',
    seed: [{ path: 'initial_program.py', content: seedProgram }],
    objective: { metric: 'combined_score', direction: 'maximize' },
  });
  const bundle = await createBundle(problem, cacheDir);
  bundles.push(bundle.dir);
  const executor = createLocalExecutor({ sandbox, capacity: 2, bundleDir: () => bundle.dir });
  try {
    return await checkEvaluator(problem, { executor, bundleHash: bundle.hash });
  } finally {
    await executor.close();
  }
}

describe('checkEvaluator', () => {
  it('passes a strict evaluator: the seed scores, every broken candidate is rejected or held to the truth', async () => {
    const report = await check(strictEvaluator);
    expect(report.seed.status).toBe('scored');
    expect(report.seed.score).toBe(1.5);
    expect(report.checks.map((check) => check.name)).toEqual([
      'syntax-error',
      'raises-error',
      'empty-file',
      'claims-huge-score',
      'value out of range',
      'NaN value',
      'claims a huge score',
    ]);
    expect(report.checks.filter((check) => check.accepted)).toEqual([]);
    const range = report.checks.find((check) => check.name === 'value out of range');
    expect(range?.status).toBe('invalid');
    expect(range?.reason).toContain('values must be 3 finite numbers');
    const claim = report.checks.find((check) => check.name === 'claims a huge score');
    expect(claim?.status).toBe('scored');
    expect(claim?.score).toBe(1.5);
    expect(report.ok).toBe(true);
  });

  it('reports what a lax evaluator accepts', async () => {
    const report = await check(laxEvaluator);
    const accepted = report.checks.filter((check) => check.accepted).map((check) => check.name);
    // everything but the NaN value, which the engine's strict parsing turns invalid whatever the evaluator says
    expect(accepted).toEqual([
      'syntax-error',
      'raises-error',
      'empty-file',
      'claims-huge-score',
      'value out of range',
      'claims a huge score',
    ]);
    expect(report.checks.find((check) => check.name === 'NaN value')?.status).toBe('invalid');
    const claim = report.checks.find((check) => check.name === 'claims a huge score');
    expect(claim?.score).toBe(1e9);
    expect(report.accepted).toBe(6);
    expect(report.ok).toBe(false);
  });

  it('says when a declared check cannot be built, and runs the rest', async () => {
    const folder = await writeProblemFolder({
      'initial_program.py': seedProgram,
      'evaluator.py': strictEvaluator,
    });
    folders.push(folder);
    const problem = makeProblem(folder.dir, {
      evaluator: { kind: 'openevolve', file: 'evaluator.py' },
      mainFile: 'initial_program.py',
      seed: [{ path: 'initial_program.py', content: seedProgram }],
      objective: { metric: 'combined_score', direction: 'maximize' },
    });
    const bundle = await createBundle(problem, cacheDir);
    bundles.push(bundle.dir);
    const executor = createLocalExecutor({ sandbox, capacity: 2, bundleDir: () => bundle.dir });
    const report = await checkEvaluator(problem, {
      executor,
      bundleHash: bundle.hash,
      builtIn: false,
      checks: [{ name: 'stale edit', edits: [{ search: 'not in the seed', replace: 'x' }] }],
    });
    await executor.close();
    expect(report.checks).toHaveLength(1);
    expect(report.checks[0]?.error).toContain('does not contain');
    expect(report.ok).toBe(true);
  });
});
