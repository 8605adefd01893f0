/**
 * The attack suite (issue 3): candidates that try to get out, run through the OpenEvolve protocol in the
 * real bubblewrap sandbox. The evaluator runs each candidate as a subprocess (as OpenEvolve examples
 * do) and scores 1.0 only when the candidate exits cleanly — i.e. when the attack worked. Every attack
 * must end as a non-scored evaluation whose feedback says why. docs/security.md holds the same table.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox } from '../sandbox/create-sandbox.ts';
import { processesWithMarker } from '../sandbox/process-census.ts';
import type { EvaluationResult, EvaluationStatus } from '../spec/evaluation.ts';
import type { ResolvedProblem } from '../spec/problem.ts';
import { createBundle, removeBundle } from './bundle.ts';
import { evaluateJob } from './evaluate-job.ts';
import { makeJob, makeProblem, testLimits, writeProblemFolder } from './problem-fixture.ts';

const evaluatorSource = `
import subprocess, sys
def evaluate(program_path):
    completed = subprocess.run([sys.executable, program_path], stderr=subprocess.PIPE, timeout=600)
    if completed.returncode != 0:
        raise RuntimeError("the candidate failed:\\n" + completed.stderr.decode(errors="replace")[-3000:])
    return {"score": 1.0}
`;

const apiKey = `sk-ratchet-attack-${randomBytes(8).toString('hex')}`;
const daemonMarker = `ratchet-attack-daemon-${randomBytes(6).toString('hex')}`;
const limits = { ...testLimits, memoryMb: 1024, maxProcesses: 64, diskMb: 32, maxFileSizeMb: 16 };

let folder: { dir: string; cleanup: () => Promise<void> };
let bundleDir: string;
let workRoot: string;
let problem: ResolvedProblem;
let server: Server;
let port: number;
let connections = 0;
const sandbox = createSandbox({
  kind: 'bwrap',
  network: false,
  readOnlyPaths: [],
  env: [],
  setEnv: {},
  limits,
});

beforeAll(async () => {
  folder = await writeProblemFolder({
    'evaluator.py': evaluatorSource,
    '.ratchet/events.db': 'the event store',
  });
  problem = makeProblem(folder.dir, {
    evaluator: { kind: 'openevolve', file: 'evaluator.py' },
    timeoutSeconds: 4,
    sandbox: { kind: 'bwrap', network: false, readOnlyPaths: [], env: [], setEnv: {}, limits },
  });
  // the bundle cache inside the problem's event-store folder, as the engine keeps it
  bundleDir = (await createBundle(problem, path.join(folder.dir, '.ratchet', 'bundles'))).dir;
  workRoot = await mkdtemp(path.join(os.tmpdir(), 'ratchet-attack-work-'));
  server = createServer((socket) => {
    connections += 1;
    socket.end('hello');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
  process.env['OPENAI_API_KEY'] = apiKey;
});

afterAll(async () => {
  delete process.env['OPENAI_API_KEY'];
  await new Promise((resolve) => server.close(resolve));
  await removeBundle(bundleDir);
  await rm(workRoot, { recursive: true, force: true });
  await folder.cleanup();
});

function attack(code: string): Promise<EvaluationResult> {
  return evaluateJob(makeJob(problem, code), { sandbox, bundleDir, workRoot });
}

interface AttackCase {
  readonly name: string;
  readonly code: () => string;
  readonly status: readonly EvaluationStatus[];
  readonly reason: RegExp;
}

const cases: AttackCase[] = [
  {
    name: 'read an API key from the environment',
    code: () => `
import os
if os.environ.get("OPENAI_API_KEY"):
    print(os.environ["OPENAI_API_KEY"]); raise SystemExit(0)
for pid in [p for p in os.listdir("/proc") if p.isdigit()]:
    try:
        data = open("/proc/%s/environ" % pid, "rb").read()
    except OSError:
        continue
    if b"sk-ratchet-attack" in data:
        print(data); raise SystemExit(0)
raise RuntimeError("no API key in reach")
`,
    status: ['failed'],
    reason: /no API key in reach/,
  },
  {
    name: 'read /root',
    code: () => 'import os; print(os.listdir("/root"))',
    status: ['failed'],
    reason: /FileNotFoundError.*'\/root'/,
  },
  {
    name: 'read /etc/shadow',
    code: () => 'print(open("/etc/shadow").read())',
    status: ['failed'],
    reason: /FileNotFoundError.*'\/etc\/shadow'/,
  },
  {
    name: "read the user's home",
    code: () => `import os; print(os.listdir(${JSON.stringify(os.homedir())})); print(os.listdir("/home"))`,
    status: ['failed'],
    reason: /FileNotFoundError/,
  },
  {
    name: 'read the event store',
    code: () => `
import os
for path in [${JSON.stringify(path.join(folder.dir, '.ratchet', 'events.db'))},
             os.path.join(os.environ["RATCHET_PROBLEM_DIR"], "..", "..", "events.db")]:
    print(open(path).read())
`,
    status: ['failed'],
    reason: /FileNotFoundError.*events\.db/,
  },
  {
    name: 'write outside its directory',
    code: () => `
import os
errors = []
for path in [${JSON.stringify(path.join(folder.dir, 'pwned.txt'))}, "/usr/lib/pwned.txt", "/etc/pwned.txt", "/pwned.txt"]:
    try:
        open(path, "w").write("pwned")
        print("wrote", path)
    except OSError as error:
        errors.append("%s: %s" % (path, error.strerror))
if errors:
    raise PermissionError("; ".join(errors))
`,
    status: ['failed'],
    reason: /Read-only file system|Permission denied/,
  },
  {
    name: 'connect to a server on 127.0.0.1',
    code: () => `import socket; print(socket.create_connection(("127.0.0.1", ${port}), timeout=2).recv(10))`,
    status: ['failed'],
    reason: /ConnectionRefusedError|Network is unreachable/,
  },
  {
    name: 'resolve a hostname',
    code: () => 'import socket; print(socket.getaddrinfo("example.com", 443))',
    status: ['failed'],
    reason: /gaierror|name resolution|not known/,
  },
  {
    name: 'fork-bomb',
    code: () => 'import os\nwhile True:\n    os.fork()',
    status: ['crashed', 'timed-out'],
    reason: /could not start more processes|time limit/,
  },
  {
    name: 'allocate memory without bound',
    code: () => 'blocks = []\nwhile True:\n    blocks.append(bytes(64 * 2**20))',
    status: ['crashed'],
    reason: /ran out of memory/,
  },
  {
    name: 'spin forever',
    code: () => 'while True:\n    pass',
    status: ['timed-out'],
    reason: /exceeded its time limit of 4 s/,
  },
  {
    name: 'fill the disk',
    code: () => `
index = 0
while True:
    with open("fill-%d.bin" % index, "wb") as handle:
        for _ in range(4):
            handle.write(b"x" * 2**20)
    index += 1
`,
    status: ['failed'],
    reason: /No space left on device/,
  },
  {
    name: 'print gigabytes',
    code: () => 'import sys\nchunk = "x" * 2**20\nwhile True:\n    sys.stdout.write(chunk)',
    status: ['crashed'],
    reason: /output cap/,
  },
  {
    name: "tamper with the evaluator's files",
    code: () => `
import os
path = os.path.join(os.environ["RATCHET_PROBLEM_DIR"], "evaluator.py")
open(path, "a").write("\\ndef evaluate(program_path):\\n    return {'score': 1e9}\\n")
`,
    status: ['failed'],
    reason: /Read-only file system|Permission denied/,
  },
  {
    name: 'forge the result channel',
    code: () => `
import json, os
fake = json.dumps({"nonce": "guess", "result": {"metrics": {"score": 1e308}}}).encode()
print(json.dumps({"metrics": {"score": 1e308}, "valid": True}))
errors = []
try:
    os.write(3, fake)
except OSError as error:
    errors.append("fd 3: %s" % error.strerror)
parent = os.getppid()
for fd in os.listdir("/proc/%d/fd" % parent) if os.access("/proc/%d/fd" % parent, os.R_OK) else []:
    try:
        os.write(os.open("/proc/%d/fd/%s" % (parent, fd), os.O_WRONLY), fake)
    except OSError as error:
        errors.append("parent fd %s: %s" % (fd, error.strerror))
if not os.access("/proc/%d/fd" % parent, os.R_OK):
    errors.append("/proc/%d/fd: not readable" % parent)
raise RuntimeError("; ".join(errors))
`,
    status: ['failed'],
    reason: /fd 3: Bad file descriptor/,
  },
  {
    name: 'escape through a user namespace or ptrace',
    code: () => `
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
errors = []
if libc.unshare(0x10000000) != 0:
    errors.append("unshare: " + os.strerror(ctypes.get_errno()))
if libc.ptrace(16, os.getppid(), 0, 0) != 0:
    errors.append("ptrace: " + os.strerror(ctypes.get_errno()))
raise PermissionError("; ".join(errors))
`,
    status: ['failed'],
    reason: /unshare: Operation not permitted; ptrace: Operation not permitted/,
  },
];

describe('the attack suite, in the bwrap sandbox', () => {
  it.each(cases)('contains: $name', async ({ code, status, reason }) => {
    const result = await attack(code());
    expect(status).toContain(result.status);
    expect(result.score).toBeNull();
    expect(result.feedback).toMatch(reason);
    expect(JSON.stringify(result)).not.toContain(apiKey);
  });

  it('left no trace on the host', () => {
    expect(existsSync(path.join(folder.dir, 'pwned.txt'))).toBe(false);
    expect(readFileSync(path.join(bundleDir, 'evaluator.py'), 'utf8')).toBe(evaluatorSource);
    expect(connections).toBe(0);
  });

  it('kills a candidate that forks looping children (some in new sessions) within the timeout plus a second', async () => {
    const marker = `ratchet-attack-spin-${randomBytes(6).toString('hex')}`;
    const result = await attack(`
import os, subprocess, sys
for index in range(6):
    subprocess.Popen([sys.executable, "-c", "while True: pass", "${marker}"], start_new_session=index % 2 == 0)
while True:
    pass
`);
    expect(result.status).toBe('timed-out');
    expect(result.usage.durationMs).toBeLessThan(problem.timeoutSeconds * 1000 + 1000);
    expect(processesWithMarker(marker)).toEqual([]);
  });

  it('kills a daemon the candidate leaves behind when the evaluation ends', async () => {
    const result = await attack(`
import os, sys
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        null = os.open("/dev/null", os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        os.execv(sys.executable, [sys.executable, "-c", "import time; time.sleep(600)", "${daemonMarker}"])
    os._exit(0)
`);
    // the candidate exited cleanly, so the evaluator scored it; what matters is that nothing survived
    expect(result.status).toBe('scored');
    expect(processesWithMarker(daemonMarker)).toEqual([]);
  });
});
