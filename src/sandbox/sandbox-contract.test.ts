/**
 * One contract, both sandboxes: what every `Sandbox` must do with a run spec (real processes, real bwrap).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RatchetError } from '../core/errors.ts';
import type { ResourceLimits } from '../spec/problem.ts';
import type { Sandbox, SandboxRunSpec } from '../spec/sandbox.ts';
import { createSandbox, launchChain } from './create-sandbox.ts';
import { processesWithMarker } from './process-census.ts';

const limits: ResourceLimits = {
  cpuSeconds: 30,
  memoryMb: 1024,
  maxProcesses: 64,
  maxFileSizeMb: 8,
  maxOpenFiles: 256,
  maxOutputBytes: 64 * 1024,
  diskMb: 16,
};

const sandboxConfig = { network: false, readOnlyPaths: [], env: [], setEnv: {}, limits } as const;

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'ratchet-sandbox-test-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function workDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(root, 'work-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

function python(cwd: string, code: string, overrides: Partial<SandboxRunSpec> = {}): SandboxRunSpec {
  return {
    command: ['/usr/bin/python3', '-c', code],
    cwd,
    mounts: [],
    env: { PATH: '/usr/bin:/bin', HOME: cwd },
    timeoutMs: 20_000,
    limits,
    network: false,
    resultChannel: true,
    ...overrides,
  };
}

describe.each(['bwrap', 'none'] as const)('the %s sandbox', (kind) => {
  const warnings: string[] = [];
  const sandbox: Sandbox = createSandbox(
    { kind, ...sandboxConfig },
    { onWarning: (message) => warnings.push(message) },
  );

  it('runs the command in its working directory and captures output, exit code and the result channel', async () => {
    const cwd = workDir({ 'candidate.txt': 'hello' });
    const outcome = await sandbox.run(
      python(
        cwd,
        'import os, sys; print(open("candidate.txt").read()); print("oops", file=sys.stderr); os.write(3, b\'{"metrics": {"x": 1}}\'); sys.exit(3)',
      ),
    );
    expect(outcome.stdout).toBe('hello\n');
    expect(outcome.stderr).toBe('oops\n');
    expect(outcome.result).toBe('{"metrics": {"x": 1}}');
    expect(outcome.exitCode).toBe(3);
    expect(outcome.timedOut).toBe(false);
  });

  it('gives the command exactly the environment of the spec, and stdin', async () => {
    process.env['RATCHET_TEST_SECRET'] = 'sk-must-not-leak';
    try {
      const cwd = workDir();
      const outcome = await sandbox.run(
        python(cwd, 'import os, sys, json; print(json.dumps(dict(os.environ))); print(sys.stdin.read())', {
          env: { PATH: '/usr/bin:/bin', ONLY: 'this' },
          stdin: 'from the engine',
        }),
      );
      const [environment, input] = outcome.stdout.split('\n');
      const seen = JSON.parse(environment as string) as Record<string, string>;
      expect(seen['ONLY']).toBe('this');
      expect(seen['RATCHET_TEST_SECRET']).toBeUndefined();
      expect(outcome.stdout).not.toContain('sk-must-not-leak');
      expect(input).toBe('from the engine');
    } finally {
      delete process.env['RATCHET_TEST_SECRET'];
    }
  });

  it('reports death by a signal', async () => {
    const outcome = await sandbox.run(
      python(workDir(), 'import os, signal; os.kill(os.getpid(), signal.SIGSEGV)'),
    );
    expect(outcome.signal).toBe('SIGSEGV');
    expect(outcome.exitCode).toBeNull();
  });

  it('kills a forking, looping candidate with all its processes at the timeout', async () => {
    const marker = `ratchet-spin-${randomBytes(6).toString('hex')}`;
    const code = `
import os, subprocess, sys, time
for _ in range(4):
    subprocess.Popen([sys.executable, "-c", "while True: pass", "${marker}"])
while True:
    time.sleep(0.01)
`;
    const outcome = await sandbox.run(
      python(workDir(), code, { command: ['/usr/bin/python3', '-c', code, marker], timeoutMs: 1500 }),
    );
    expect(outcome.timedOut).toBe(true);
    // the kill is immediate (SIGKILL): within the timeout plus one second
    expect(outcome.durationMs).toBeLessThan(1500 + 1000);
    expect(processesWithMarker(marker)).toEqual([]);
  });

  it('keeps only the tail of long output, and stops a process that floods it', async () => {
    const long = await sandbox.run(
      python(workDir(), 'import sys; sys.stdout.write("a" * 200000 + "THE END")'),
    );
    expect(long.stdoutTruncated).toBe(true);
    expect(long.stdout.endsWith('THE END')).toBe(true);
    expect(long.stdout.length).toBeLessThan(limits.maxOutputBytes + 100);

    const flood = await sandbox.run(
      python(workDir(), 'import sys\nchunk = "x" * 1048576\nwhile True: sys.stdout.write(chunk)'),
    );
    expect(flood.limitHit).toBe('output');
    expect(flood.timedOut).toBe(false);
  });

  it('enforces the CPU and file-size limits', async () => {
    const cpu = await sandbox.run(
      python(workDir(), 'while True: pass', { limits: { ...limits, cpuSeconds: 1 } }),
    );
    expect(cpu.limitHit).toBe('cpu');
    expect(cpu.timedOut).toBe(false);

    const big = await sandbox.run({
      ...python(workDir(), ''),
      command: ['/bin/sh', '-c', 'exec head -c 20000000 /dev/zero > big.bin'],
      limits: { ...limits, maxFileSizeMb: 1 },
    });
    expect(big.limitHit).toBe('file-size');
  });

  it('rejects with the reason when aborted, and kills the run', async () => {
    const marker = `ratchet-abort-${randomBytes(6).toString('hex')}`;
    const controller = new AbortController();
    const running = sandbox.run(
      python(workDir(), 'import time\nwhile True: time.sleep(0.05)', {
        command: ['/usr/bin/python3', '-c', 'import time\nwhile True: time.sleep(0.05)', marker],
      }),
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(new Error('stop now')), 300);
    await expect(running).rejects.toThrow('stop now');
    expect(processesWithMarker(marker)).toEqual([]);
  });

  if (kind === 'none') {
    it('warned once, when it was created', () => {
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('WITHOUT isolation');
    });
  }
});

describe('the bwrap sandbox specifically', () => {
  const sandbox = createSandbox({ kind: 'bwrap', ...sandboxConfig });

  it('ends every process of the run when the command exits, daemons included', async () => {
    const marker = `ratchet-daemon-${randomBytes(6).toString('hex')}`;
    const code = `
import os, sys, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv(sys.executable, [sys.executable, "-c", "import time; time.sleep(600)", "${marker}"])
    os._exit(0)
time.sleep(0.3)
print("left a daemon")
`;
    const outcome = await sandbox.run(python(workDir(), code));
    expect(outcome.stdout).toContain('left a daemon');
    expect(processesWithMarker(marker)).toEqual([]);
  });

  it('keeps writes to the working directory inside the sandbox, size-limited', async () => {
    const cwd = workDir({ 'main.py': 'print(1)' });
    const outcome = await sandbox.run(
      python(
        cwd,
        `
import os
open("main.py", "a").write("# changed")
open("new.txt", "w").write("x")
try:
    with open("fill.bin", "wb") as f:
        for _ in range(64):
            f.write(b"x" * 1048576)
except OSError as error:
    print(error.strerror)
`,
        { limits: { ...limits, maxFileSizeMb: 64 } },
      ),
    );
    expect(outcome.stdout).toContain('No space left on device');
    expect(existsSync(path.join(cwd, 'new.txt'))).toBe(false);
    expect(existsSync(path.join(cwd, 'fill.bin'))).toBe(false);
  });

  it('runs as an unprivileged user with no capabilities and a seccomp filter', async () => {
    const outcome = await sandbox.run(
      python(
        workDir(),
        'import os; s = open("/proc/self/status").read(); print(os.getuid(), "CapEff:\\t0000000000000000" in s, "Seccomp:\\t2" in s)',
      ),
    );
    const [uid, noCapabilities, filtered] = outcome.stdout.trim().split(' ');
    expect(Number(uid)).not.toBe(0);
    expect(noCapabilities).toBe('True');
    expect(filtered).toBe('True');
  });

  it("reports its own setup failures as an engine fault, not as the candidate's", async () => {
    const spec = python(workDir(), 'print(1)', {
      mounts: [{ path: path.join(root, 'vanished'), writable: false }],
    });
    await expect(sandbox.run(spec)).rejects.toThrow('bubblewrap could not set up the sandbox');
  });

  it("does not take a candidate's fake bubblewrap error for its own: the run goes on", async () => {
    const outcome = await sandbox.run(
      python(
        workDir(),
        'import sys; print("bwrap: Can\'t find source path /secret: No such file or directory", file=sys.stderr); sys.exit(1)',
      ),
    );
    expect(outcome.exitCode).toBe(1);
    expect(outcome.stderr).toMatch(/^bwrap: Can't find source path/);
  });

  it('refuses to start without bubblewrap, saying how to install it', () => {
    let error: unknown;
    try {
      createSandbox({ kind: 'bwrap', ...sandboxConfig }, { searchPath: [root] });
    } catch (caught) {
      error = caught;
    }
    expect(RatchetError.is(error)).toBe(true);
    expect((error as RatchetError).code).toBe('sandbox-unavailable');
    expect((error as RatchetError).hint).toContain('apt-get install bubblewrap');
  });
});

describe('the bwrap sandbox with the network opted in', () => {
  it('starts, sees the host resolver configuration, and keeps it hidden without the network', async () => {
    const read = 'print(repr(open("/etc/resolv.conf").read()))';
    const withNetwork = createSandbox({ kind: 'bwrap', ...sandboxConfig, network: true });
    const opened = await withNetwork.run(python(workDir(), read, { network: true }));
    expect(opened.stderr).toBe('');
    expect(opened.exitCode).toBe(0);
    if (existsSync('/etc/resolv.conf')) expect(opened.stdout.trim()).not.toBe("''");
    const closed = await createSandbox({ kind: 'bwrap', ...sandboxConfig }).run(python(workDir(), read));
    expect(closed.exitCode).toBe(0);
    expect(closed.stdout.trim()).toBe("''");
  });
});

describe('the launch chains of the bwrap sandbox', () => {
  const probe = `
import json, os, resource
status = dict(line.split(":\\t", 1) for line in open("/proc/self/status").read().splitlines() if ":\\t" in line)
limits = {name: resource.getrlimit(getattr(resource, "RLIMIT_" + name)) for name in ["CPU", "AS", "FSIZE", "NOFILE", "CORE", "NPROC"]}
try:
    open("/run/ratchet/launch", "r+b")
    launcher = "writable"
except OSError as error:
    launcher = error.strerror
print(json.dumps({
    "ids": [os.getresuid(), os.getresgid(), os.getgroups()],
    "status": {key: status[key].strip() for key in ["CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb", "NoNewPrivs", "Seccomp"]},
    "limits": limits,
    "launcher": launcher,
}))
`;

  it('ratchet-launch leaves the command exactly as prlimit + setpriv do, and cannot be written', async () => {
    // the test command installs gcc and libc6-dev
    const canCompile =
      ['/usr/bin/cc', '/usr/bin/gcc'].some((file) => existsSync(file)) && existsSync('/usr/include/stdio.h');
    const chain = launchChain('auto');
    expect(chain.kind).toBe(canCompile ? 'launcher' : 'util-linux');
    interface ProcessState {
      readonly ids: [number[], number[], number[]];
      readonly status: Record<string, string>;
      readonly limits: unknown;
      readonly launcher: string;
    }
    const states: ProcessState[] = [];
    for (const launcher of ['auto', 'util-linux'] as const) {
      const sandbox = createSandbox({ kind: 'bwrap', ...sandboxConfig }, { launcher });
      const outcome = await sandbox.run(python(workDir(), probe));
      expect(outcome.stderr).toBe('');
      states.push(JSON.parse(outcome.stdout) as ProcessState);
    }
    const [launched, utilLinux] = states as [ProcessState, ProcessState];
    // every run gets a user id of its own: compare the shape (one id for all, no groups)
    const shape = (ids: ProcessState['ids']) => JSON.stringify(ids).replaceAll(/\d{6,}/g, 'ID');
    expect(shape(launched.ids)).toBe(shape(utilLinux.ids));
    expect(launched.status).toEqual(utilLinux.status);
    expect(launched.limits).toEqual(utilLinux.limits);
    const [[uid], [gid], groups] = launched.ids;
    if (process.getuid?.() === 0) {
      expect(uid).toBeGreaterThanOrEqual(1_500_000_000);
      expect(gid).toBe(uid);
    }
    expect(groups).toEqual([]);
    for (const set of ['CapInh', 'CapPrm', 'CapEff', 'CapBnd', 'CapAmb'])
      expect(launched.status[set]).toBe('0000000000000000');
    expect(launched.status['NoNewPrivs']).toBe('1');
    expect(launched.limits).toMatchObject({
      CPU: [30, 31],
      AS: [1024 * 1024 * 1024, 1024 * 1024 * 1024],
      FSIZE: [8 * 1024 * 1024, 8 * 1024 * 1024],
      NOFILE: [256, 256],
      CORE: [0, 0],
      NPROC: [64, 64],
    });
    if (chain.kind === 'launcher')
      expect(launched.launcher).toMatch(/Read-only file system|Permission denied/);
  });
});
