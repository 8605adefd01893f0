/**
 * `ratchet check-evaluator` end to end: an OpenEvolve-style folder, real CLI process, real sandbox.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../../bin/ratchet.js', import.meta.url));

const program = `import json
print(json.dumps({"values": [0.25, 0.5, 0.75]}))
`;

function evaluatorSource(strict: boolean): string {
  return `import json, math, subprocess, sys
def evaluate(program_path):
    completed = subprocess.run([sys.executable, program_path], capture_output=True, text=True, timeout=20)
    data = json.loads((completed.stdout.strip().splitlines() or ["{}"])[-1])
    values = data.get("values", [])
    ok = len(values) == 3 and all(isinstance(v, (int, float)) and math.isfinite(v) and 0 <= v <= 1 for v in values)
    if ${strict ? 'not ok' : 'False'}:
        return {"combined_score": 0.0, "validity": 0.0, "error": "values must be 3 numbers in [0, 1]"}
    return {"combined_score": float(sum(values))}
`;
}

const checks = JSON.stringify({
  checks: [{ name: 'value out of range', edits: [{ search: '0.75]', replace: '7.5]' }] }],
});

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'ratchet-check-cli-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function run(strict: boolean) {
  const dir = path.join(root, strict ? 'strict' : 'lax');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir);
  await writeFile(path.join(dir, 'initial_program.py'), program);
  await writeFile(path.join(dir, 'evaluator.py'), evaluatorSource(strict));
  await writeFile(path.join(dir, 'checks.json'), checks);
  const result = spawnSync(
    process.execPath,
    [bin, 'check-evaluator', dir, '--no-builtin', '--json', '--store', path.join(root, 'store')],
    { encoding: 'utf8', timeout: 120_000 },
  );
  return {
    status: result.status,
    report: JSON.parse(result.stdout) as {
      ok: boolean;
      accepted: number;
      checks: { name: string; accepted: boolean }[];
    },
  };
}

describe('ratchet check-evaluator', () => {
  it('exits 0 when the evaluator rejects every broken candidate', async () => {
    const { status, report } = await run(true);
    expect(report.ok).toBe(true);
    expect(report.checks).toEqual([expect.objectContaining({ name: 'value out of range', accepted: false })]);
    expect(status).toBe(0);
  });

  it('exits 1 and names the broken candidates a lax evaluator accepts', async () => {
    const { status, report } = await run(false);
    expect(report.ok).toBe(false);
    expect(report.accepted).toBe(1);
    expect(report.checks).toEqual([expect.objectContaining({ name: 'value out of range', accepted: true })]);
    expect(status).toBe(1);
  });
});
