/**
 * The three evaluator protocols end to end, in the real bwrap sandbox: statuses, strict metrics, the
 * engine-computed score, cascades and repeats.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvaluatorConfig, ResolvedProblem } from '../spec/problem.ts';
import { createBundle, removeBundle } from './bundle.ts';
import { evaluateJob } from './evaluate-job.ts';
import { makeJob, makeProblem, testSandbox, writeProblemFolder } from './problem-fixture.ts';

const files = {
  // command protocol: the result goes to fd 3 (or stdout with --stdout), shaped by the candidate's first line
  'command-eval.py': `
import json, os, sys
mode = sys.argv[1]
candidate = open(sys.argv[2]).read().strip()
if candidate == "crash":
    sys.exit("the evaluator gave up")
data = open(os.path.join(sys.argv[3], "data.txt")).read().strip()
result = {"metrics": {"score": float(candidate)} if candidate not in ("nan", "none") else ({"score": float("nan")} if candidate == "nan" else {"other": 1}),
          "feedback": "data=" + data,
          "artifacts": {"env": os.environ.get("RATCHET_CANDIDATE", "") + "|" + os.environ.get("RATCHET_PROBLEM_DIR", "") + "|" + os.getcwd()}}
if candidate == "-1":
    result["valid"] = False
text = json.dumps(result)
if mode == "--stdout":
    print("some log line")
    print(text)
else:
    os.write(3, text.encode())
`,
  'data.txt': 'from the bundle',
  '.ratchet/events.db': 'the event store',
  'oe-dict.py': `
import numpy as np
def evaluate(program_path):
    value = float(open(program_path).read().strip())
    return {"score": np.float64(value), "count": np.int64(3), "passed": True, "note": "dict result"}
`,
  'oe-object.py': `
class EvaluationResult:
    def __init__(self, metrics, artifacts):
        self.metrics = metrics
        self.artifacts = artifacts
def evaluate(program_path):
    return EvaluationResult({"score": 0.5}, {"stderr": "object result", "bytes": b"raw"})
`,
  'oe-raises.py': `
def evaluate(program_path):
    raise ValueError("the candidate's output has the wrong shape")
`,
  'oe-cascade.py': `
def value(path):
    return float(open(path).read().strip())
def evaluate(program_path):
    return {"score": -1.0, "direct": 1.0}
def evaluate_stage1(program_path):
    return {"score": value(program_path), "stage1": 1.0}
def evaluate_stage2(program_path):
    return {"score": value(program_path) * 2, "stage2": 1.0}
`,
  'module-eval.ts': `
import { readFileSync } from 'node:fs';
export async function evaluate(context: { candidatePath: string; problemDir: string }) {
  const value = Number(readFileSync(context.candidatePath, 'utf8').trim());
  return { metrics: { score: value, half: value / 2 }, feedback: 'module ' + readFileSync(context.problemDir + '/data.txt', 'utf8') };
}
`,
  'module-cascade.ts': `
import { readFileSync } from 'node:fs';
const read = (path: string) => Number(readFileSync(path, 'utf8').trim());
export const evaluateStage1 = (context: { candidatePath: string }) => ({ metrics: { score: read(context.candidatePath) } });
export const evaluateStage2 = (context: { candidatePath: string }) => ({ metrics: { score: read(context.candidatePath) + 10, deep: 1 } });
`,
};

let folder: { dir: string; cleanup: () => Promise<void> };
let cacheDir: string;
let workRoot: string;
let bundleDir: string;
const sandbox = testSandbox();

beforeAll(async () => {
  folder = await writeProblemFolder(files);
  cacheDir = await mkdtemp(path.join(os.tmpdir(), 'ratchet-bundles-'));
  workRoot = await mkdtemp(path.join(os.tmpdir(), 'ratchet-work-'));
  bundleDir = (
    await createBundle(makeProblem(folder.dir, { evaluator: { kind: 'command', command: [] } }), cacheDir)
  ).dir;
});
afterAll(async () => {
  await removeBundle(bundleDir);
  await rm(cacheDir, { recursive: true, force: true });
  await rm(workRoot, { recursive: true, force: true });
  await folder.cleanup();
});

function problem(evaluator: EvaluatorConfig, overrides: Partial<ResolvedProblem> = {}): ResolvedProblem {
  return makeProblem(folder.dir, { evaluator, mainFile: 'candidate.txt', ...overrides });
}

async function evaluate(target: ResolvedProblem, content: string) {
  // module evaluators are compiled into their problem's bundle: such problems get their own
  const dir = target.evaluator.kind === 'module' ? (await createBundle(target, cacheDir)).dir : bundleDir;
  return evaluateJob(makeJob(target, content), { sandbox, bundleDir: dir, workRoot });
}

describe('the command protocol', () => {
  const viaFd = (): ResolvedProblem =>
    problem({
      kind: 'command',
      command: ['python3', '{problemDir}/command-eval.py', '--fd', '{candidate}', '{problemDir}'],
    });

  it('scores from the result on fd 3, with placeholders, environment and the bundle in place', async () => {
    const result = await evaluate(viaFd(), '0.75');
    expect(result.status).toBe('scored');
    expect(result.score).toBe(0.75);
    expect(result.feedback).toContain('data=from the bundle');
    const [candidatePath, problemDir, cwd] = (result.artifacts['env'] as string).split('|');
    expect(candidatePath).toBe(path.join(cwd as string, 'candidate.txt'));
    expect(problemDir).toBe(bundleDir);
  });

  it('falls back to the last JSON line of stdout, and says so', async () => {
    const viaStdout = problem({
      kind: 'command',
      command: ['python3', `${folder.dir}/command-eval.py`, '--stdout', '{candidate}', '{problemDir}'],
    });
    const result = await evaluate(viaStdout, '2');
    expect(result.status).toBe('scored');
    expect(result.score).toBe(2);
    expect(result.artifacts['result-source']).toContain('stdout');
  });

  it('maps valid: false, non-finite metrics, a missing objective and a failing evaluator to their statuses', async () => {
    const invalid = await evaluate(viaFd(), '-1');
    expect(invalid.status).toBe('invalid');
    expect(invalid.score).toBeNull();
    expect(invalid.metrics).toEqual({ score: -1 });

    const notFinite = await evaluate(viaFd(), 'nan');
    expect(notFinite.status).toBe('invalid');
    expect(notFinite.feedback).toContain('"score" is not a finite number');

    const missing = await evaluate(viaFd(), 'none');
    expect(missing.status).toBe('failed');
    expect(missing.feedback).toContain('no metric "score"');
    expect(missing.metrics).toEqual({});

    const crashed = await evaluate(viaFd(), 'crash');
    expect(crashed.status).toBe('failed');
    expect(crashed.feedback).toContain('the evaluator gave up');
  });

  it('scores only the objective metric, whatever else is called "score"', async () => {
    const result = await evaluate(
      { ...viaFd(), objective: { metric: 'other', direction: 'maximize' } },
      'none',
    );
    expect(result.status).toBe('scored');
    expect(result.score).toBe(1);
  });

  it('refuses candidate file paths that leave the working directory, without running anything', async () => {
    const job = makeJob(viaFd(), '1', 'test', { '../escape.txt': 'x' });
    const result = await evaluateJob(job, { sandbox, bundleDir, workRoot });
    expect(result.status).toBe('failed');
    expect(result.feedback).toContain('../escape.txt');
  });
});

describe('extra read-only paths', () => {
  it("mounts the problem's readOnlyPaths read-only at their own path, and refuses missing ones", async () => {
    const data = await mkdtemp(path.join(os.tmpdir(), 'ratchet-dataset-'));
    try {
      await writeFile(path.join(data, 'points.csv'), '0.125', { mode: 0o644 });
      // evaluations run as an unprivileged user when the engine is root: the data must be world-readable
      await chmod(data, 0o755);
      const evaluator = {
        kind: 'command' as const,
        command: [
          'python3',
          '-c',
          `import json, os
value = float(open("${data}/points.csv").read())
try:
    open("${data}/points.csv", "w").write("1")
    writable = 1.0
except OSError:
    writable = 0.0
os.write(3, json.dumps({"metrics": {"score": value, "writable": writable}}).encode())`,
        ],
      };
      const sandboxConfig = { ...problem(evaluator).sandbox, readOnlyPaths: [data] };
      const result = await evaluate(problem(evaluator, { sandbox: sandboxConfig }), '0');
      expect(result.metrics).toEqual({ score: 0.125, writable: 0 });

      const missing = { ...sandboxConfig, readOnlyPaths: [path.join(data, 'nope')] };
      await expect(evaluate(problem(evaluator, { sandbox: missing }), '0')).rejects.toMatchObject({
        code: 'bad-input',
        field: 'sandbox.readOnlyPaths.0',
      });
    } finally {
      await rm(data, { recursive: true, force: true });
    }
  });
});

describe('the OpenEvolve protocol', () => {
  it('accepts a dict with numpy values; non-numeric entries and booleans become artifacts', async () => {
    const result = await evaluate(problem({ kind: 'openevolve', file: 'oe-dict.py' }), '1.5');
    expect(result.status).toBe('scored');
    expect(result.score).toBe(1.5);
    expect(result.metrics).toEqual({ score: 1.5, count: 3 });
    expect(result.artifacts['passed']).toBe('true');
    expect(result.artifacts['note']).toBe('dict result');
  });

  it('accepts an object with .metrics and .artifacts', async () => {
    const result = await evaluate(problem({ kind: 'openevolve', file: 'oe-object.py' }), '0');
    expect(result.status).toBe('scored');
    expect(result.artifacts['bytes']).toBe('raw');
    expect(result.feedback).toContain('object result');
  });

  it("reports the evaluator's exception as failed, with the traceback as feedback", async () => {
    const result = await evaluate(problem({ kind: 'openevolve', file: 'oe-raises.py' }), '0');
    expect(result.status).toBe('failed');
    expect(result.feedback).toContain("ValueError: the candidate's output has the wrong shape");
  });

  it('runs evaluate_stage1/2 as a cascade: a candidate below the threshold stops at stage 1', async () => {
    const cascade = problem({ kind: 'openevolve', file: 'oe-cascade.py' }, { cascadeThresholds: [0.5] });
    const low = await evaluate(cascade, '0.2');
    expect(low.status).toBe('invalid');
    expect(low.stage).toBe(0);
    expect(low.metrics).toEqual({ score: 0.2, stage1: 1 });
    expect(low.feedback).toContain('cascade stage 1');

    const high = await evaluate(cascade, '0.6');
    expect(high.status).toBe('scored');
    expect(high.stage).toBe(1);
    expect(high.score).toBe(1.2);
    expect(high.metrics).toEqual({ score: 1.2, stage1: 1, stage2: 1 });

    const direct = await evaluate(
      problem({ kind: 'openevolve', file: 'oe-cascade.py', cascade: false }),
      '0.6',
    );
    expect(direct.score).toBe(-1);
  });
});

describe('the module protocol', () => {
  it('calls the exported evaluate(context) of the module, compiled when the problem is bundled', async () => {
    const result = await evaluate(problem({ kind: 'module', file: 'module-eval.ts' }), '3');
    expect(result.status).toBe('scored');
    expect(result.metrics).toEqual({ score: 3, half: 1.5 });
    expect(result.feedback).toContain('module from the bundle');
  });

  it('runs evaluateStage1/2 as a cascade, and NaN makes the evaluation invalid', async () => {
    const cascade = problem({ kind: 'module', file: 'module-cascade.ts' }, { cascadeThresholds: [1] });
    const passed = await evaluate(cascade, '2');
    expect(passed.status).toBe('scored');
    expect(passed.score).toBe(12);
    const stopped = await evaluate(cascade, '0.5');
    expect(stopped.status).toBe('invalid');
    expect(stopped.stage).toBe(0);
    const notANumber = await evaluate(problem({ kind: 'module', file: 'module-eval.ts' }), 'not a number');
    expect(notANumber.status).toBe('invalid');
    expect(notANumber.feedback).toContain('"score"');
  });
});
