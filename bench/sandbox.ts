/**
 * bench:sandbox — what the bubblewrap sandbox costs per evaluation: the median wall time of a trivial
 * OpenEvolve-style Python evaluator (through Ratchet's harness) run as a bare child process, in the
 * `none` sandbox (prlimit + process group), and in the `bwrap` sandbox — with its launch chain (the
 * compiled `ratchet-launch` where a C compiler built it) and with prlimit + setpriv; then the same through the whole
 * `evaluateJob` path (working directory, sandbox, result parsing, cleanup). Runs are interleaved so that
 * load from other processes hits every variant alike. Target: bwrap − bare ≤ 15 ms (median).
 *
 * On a busy machine wall times mostly measure waiting for a CPU, and every extra step of the sandbox
 * (bwrap's two processes, the launcher) waits again. So the bench also measures the CPU time the whole
 * process tree uses per evaluation (user + system, collected by a child-subreaper wrapper so that the
 * processes of bwrap's PID namespace are counted too): that overhead does not depend on the load.
 *
 *   npm run bench:sandbox                       # 120 evaluations per variant
 *   npm run bench:sandbox -- --evaluations 300
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeCandidate } from '../src/core/candidate-id.ts';
import { createBundle, removeBundle } from '../src/evaluators/bundle.ts';
import { evaluateJob } from '../src/evaluators/evaluate-job.ts';
import { planEvaluatorRun } from '../src/evaluators/evaluator-run.ts';
import { makeProblem } from '../src/evaluators/problem-fixture.ts';
import { bwrapArguments } from '../src/sandbox/bwrap-arguments.ts';
import { createSandbox, launchChain } from '../src/sandbox/create-sandbox.ts';
import { runProcess } from '../src/sandbox/run-process.ts';
import { seccompFilter } from '../src/sandbox/seccomp-filter.ts';
import { systemMounts } from '../src/sandbox/system-mounts.ts';
import type { ResourceLimits } from '../src/spec/problem.ts';

const argumentIndex = process.argv.indexOf('--evaluations');
const evaluations = argumentIndex > 0 ? Number(process.argv[argumentIndex + 1]) : 120;
if (!Number.isInteger(evaluations) || evaluations < 1)
  throw new Error('--evaluations expects a positive integer');

const limits: ResourceLimits = {
  cpuSeconds: 60,
  memoryMb: 4096,
  maxProcesses: 256,
  maxFileSizeMb: 64,
  maxOpenFiles: 1024,
  maxOutputBytes: 1 << 20,
};

const root = mkdtempSync(path.join(os.tmpdir(), 'ratchet-bench-sandbox-'));
const workRoot = mkdtempSync(path.join(root, 'work-root-'));
const problemPath = mkdtempSync(path.join(root, 'problem-'));
writeFileSync(
  path.join(problemPath, 'evaluator.py'),
  'def evaluate(program_path):\n    return {"score": 1.0}\n',
);
const seed = 'print("hello")\n';
const problem = makeProblem(problemPath, {
  evaluator: { kind: 'openevolve', file: 'evaluator.py' },
  seed: [{ path: 'program.py', content: seed }],
  sandbox: { kind: 'bwrap', network: false, readOnlyPaths: [], env: [], setEnv: {}, limits },
});
const bundle = await createBundle(problem, path.join(root, 'bundles'));
const workDir = mkdtempSync(path.join(root, 'work-'));
writeFileSync(path.join(workDir, 'program.py'), seed);

const chain = launchChain();
const bwrap = createSandbox(problem.sandbox);
const bwrapUtilLinux = createSandbox(problem.sandbox, { launcher: 'util-linux' });
const none = createSandbox({ ...problem.sandbox, kind: 'none' });
const plan = planEvaluatorRun({ problem, bundleDir: bundle.dir, workDir, hostEnv: {} });
const [program, ...args] = plan.spec.command as [string, ...string[]];
const candidate = makeCandidate(problem.seed);

const variants: Record<string, () => Promise<unknown>> = {
  'bare child process': () =>
    runProcess({
      file: program,
      args,
      cwd: workDir,
      env: plan.spec.env,
      resultChannel: true,
      ...(plan.spec.stdin === undefined ? {} : { stdin: plan.spec.stdin }),
      timeoutMs: 60_000,
      maxOutputBytes: limits.maxOutputBytes,
      // in a session of its own like the sandboxed runs: with the kernel's autogroup scheduling a new
      // session is a new scheduling group, which on a busy machine changes wall times by itself
      detached: true,
      killTree: (child) => child.kill('SIGKILL'),
    }),
  'sandbox none': () => none.run(plan.spec),
  'sandbox bwrap': () => bwrap.run(plan.spec),
  'bwrap, util-linux': () => bwrapUtilLinux.run(plan.spec),
  'evaluateJob none': () =>
    evaluateJob(
      { evaluationId: 'bench', candidate, problem, bundleHash: bundle.hash },
      { sandbox: none, bundleDir: bundle.dir, workRoot },
    ),
  'evaluateJob bwrap': () =>
    evaluateJob(
      { evaluationId: 'bench', candidate, problem, bundleHash: bundle.hash },
      { sandbox: bwrap, bundleDir: bundle.dir, workRoot },
    ),
};

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

// sanity: every variant must actually evaluate
const check = (await variants['evaluateJob bwrap']?.()) as { status: string };
if (check.status !== 'scored')
  throw new Error(`the benchmark evaluator does not score: ${JSON.stringify(check)}`);
for (const run of Object.values(variants)) await run(); // warm-up

const times: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
for (let index = 0; index < evaluations; index++) {
  for (const [name, run] of Object.entries(variants)) {
    const started = performance.now();
    await run();
    times[name]?.push(performance.now() - started);
  }
}

const medians = Object.fromEntries(Object.entries(times).map(([name, values]) => [name, median(values)]));
const paired = (a: string, b: string) =>
  median((times[a] as number[]).map((value, index) => value - ((times[b] as number[])[index] as number)));

console.log(
  `bench:sandbox — ${evaluations} evaluations per variant, trivial Python evaluator through the harness`,
);
console.log(
  `machine: ${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')}`,
);
for (const [name, value] of Object.entries(medians))
  console.log(`  ${name.padEnd(20)} median ${value.toFixed(1)} ms`);
const overhead = paired('sandbox bwrap', 'bare child process');
console.log(
  `bwrap overhead over a bare child process: ${overhead.toFixed(1)} ms median (paired), target ≤ 15 ms`,
);
console.log(
  `  (difference of medians ${((medians['sandbox bwrap'] as number) - (medians['bare child process'] as number)).toFixed(1)} ms)`,
);
console.log(
  `  launch chain: ${chain.kind === 'launcher' ? 'ratchet-launch (one exec)' : 'prlimit + setpriv (no C compiler found)'}; with prlimit + setpriv instead: ${paired('bwrap, util-linux', 'bare child process').toFixed(1)} ms`,
);
console.log(
  `none sandbox overhead (prlimit, process group): ${paired('sandbox none', 'bare child process').toFixed(1)} ms`,
);
console.log(
  `evaluateJob bwrap − sandbox bwrap (working dir, parsing, cleanup): ${paired('evaluateJob bwrap', 'sandbox bwrap').toFixed(1)} ms`,
);

// CPU time of the whole process tree, per evaluation
const meter = `
import ctypes, json, os, resource, subprocess, sys
ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER: orphans of bwrap's namespace come here
spec = json.loads(sys.stdin.read())
null = os.open("/dev/null", os.O_RDWR)
os.dup2(null, 3)  # hold fds 3 and 4 so that pipes and files open above them
os.dup2(null, 4)
def once(variant):
    read_end, write_end = os.pipe()
    os.dup2(write_end, 3)
    os.close(write_end)
    fds = [3]
    if variant["seccomp"]:
        handle = os.open(spec["seccomp"], os.O_RDONLY)
        os.dup2(handle, 4)
        os.close(handle)
        fds.append(4)
    child = subprocess.Popen(variant["argv"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, pass_fds=fds, env=variant["env"], cwd=variant["cwd"])
    os.dup2(null, 3)
    os.dup2(null, 4)
    child.communicate(spec["stdin"].encode())
    result = os.read(read_end, 65536)
    os.close(read_end)
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            break
    if b"score" not in result:
        raise SystemExit("no result from " + variant["argv"][0])
def cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
totals = {name: 0.0 for name in spec["variants"]}
for round in range(spec["n"] + 1):
    for name, variant in spec["variants"].items():
        before = cpu()
        once(variant)
        if round > 0:
            totals[name] += cpu() - before
print(json.dumps({name: total / spec["n"] * 1000 for name, total in totals.items()}))
`;
const filter = seccompFilter();
const filterFile = path.join(root, 'filter.bpf');
if (filter !== null) writeFileSync(filterFile, filter);
const bwrapArgv = [
  '/usr/bin/bwrap',
  ...bwrapArguments(plan.spec, {
    system: systemMounts({ network: false }),
    workEntries: [],
    seccompFd: filter === null ? null : 4,
    runAs: process.getuid?.() === 0 ? 1_600_000_000 : null,
    chain,
  }),
];
const metered = spawnSync('/usr/bin/python3', ['-c', meter], {
  input: JSON.stringify({
    n: Math.min(evaluations, 100),
    stdin: plan.spec.stdin,
    seccomp: filterFile,
    variants: {
      bare: { argv: plan.spec.command, env: plan.spec.env, cwd: workDir, seccomp: false },
      bwrap: { argv: bwrapArgv, env: {}, cwd: '/', seccomp: filter !== null },
    },
  }),
  encoding: 'utf8',
});
if (metered.status !== 0) throw new Error(`CPU meter failed: ${metered.stderr}`);
const cpu = JSON.parse(metered.stdout) as { bare: number; bwrap: number };
console.log(
  `CPU time per evaluation (whole process tree): bare ${cpu.bare.toFixed(1)} ms, bwrap ${cpu.bwrap.toFixed(1)} ms → overhead ${(cpu.bwrap - cpu.bare).toFixed(1)} ms`,
);

await removeBundle(bundle.dir);
rmSync(root, { recursive: true, force: true });
