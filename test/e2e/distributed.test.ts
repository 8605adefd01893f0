/**
 * Scale-out end to end: the real CLI, a real Redis, real `ratchet worker` processes (killed with
 * SIGKILL where the test says so), the real sandbox and the SQLite event log.
 */
import { type ChildProcess, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/core/run-summary.ts';
import { freePort, startRedisServer, testRedis, writeTinyProblem } from '../../src/distributed/test-redis.ts';
import type { RunEvent } from '../../src/spec/events.ts';
import { openSqliteEventStore } from '../../src/store/sqlite-event-store.ts';
import { parseJson, runCli, startCli } from '../helpers/cli.ts';
import { expectConsistentLog } from '../helpers/log-invariants.ts';

let redis: { url: string; close: () => Promise<void> };
const cleanups: (() => Promise<unknown> | unknown)[] = [];
const workers: WorkerProcess[] = [];

// processes killed with SIGKILL cannot remove their temp folders: give them all one, removed at the end
let privateTmp = '';
const previousTmp = process.env['TMPDIR'];
beforeAll(async () => {
  privateTmp = mkdtempSync(path.join(tmpdir(), 'ratchet-e2e-distributed-tmp-'));
  process.env['TMPDIR'] = privateTmp;
  redis = await testRedis(6);
});
beforeEach(async () => {
  await redis.close();
  redis = await testRedis(6); // an empty database for every test
});
afterEach(async () => {
  for (const worker of workers.splice(0)) await worker.stop();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await redis.close();
  if (previousTmp === undefined) delete process.env['TMPDIR'];
  else process.env['TMPDIR'] = previousTmp;
  execFileSync('chmod', ['-R', 'u+w', privateTmp]); // bundles are read-only
  rmSync(privateTmp, { recursive: true, force: true });
});

interface WorkerProcess {
  readonly child: ChildProcess;
  readonly lines: string[];
  stop(): Promise<void>;
}

/** Starts `ratchet worker` and waits until it serves the queue. */
async function startWorker(
  args: readonly string[] = [],
  connection: { url: string; env?: NodeJS.ProcessEnv } = redis,
): Promise<WorkerProcess> {
  const child = startCli(
    ['worker', '--redis', connection.url, '--stalled-seconds', '2', ...args],
    connection.env,
  );
  const lines: string[] = [];
  let buffered = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const worker: WorkerProcess = {
    child,
    lines,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  workers.push(worker);
  await until(
    () => lines.some((line) => line.includes(': ready on ')),
    () => lines.join('\n'),
  );
  return worker;
}

function freshStore(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'ratchet-e2e-distributed-'));
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

async function tinyProblem(options: Parameters<typeof writeTinyProblem>[0] = {}): Promise<string> {
  const folder = await writeTinyProblem(options);
  cleanups.push(folder.cleanup);
  return folder.dir;
}

function readEvents(store: string, runId: string): RunEvent[] {
  const eventStore = openSqliteEventStore(store);
  try {
    return eventStore.read(runId);
  } finally {
    eventStore.close();
  }
}

function firstRunId(store: string): string | undefined {
  const eventStore = openSqliteEventStore(store);
  try {
    return eventStore.listRuns()[0]?.runId;
  } finally {
    eventStore.close();
  }
}

async function until(check: () => boolean, describe: () => string = () => ''): Promise<void> {
  for (let waited = 0; !check(); waited += 100) {
    if (waited > 180_000) throw new Error(`condition not reached within 180 s\n${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const evaluated = (worker: WorkerProcess): string[] =>
  worker.lines.filter((line) => line.includes(': evaluating '));
const ends = (events: readonly RunEvent[]) =>
  events.flatMap((event) => (event.type === 'evaluation-end' ? [event.data] : []));

const deterministic = [
  '--model',
  'mutate',
  '--llm-concurrency',
  '1',
  '--eval-concurrency',
  '1',
  '--seed',
  '3',
];

describe('ratchet run --executor redis:// with ratchet worker processes', () => {
  it('completes with the same evaluations as a local run of the same seed', {
    timeout: 300_000,
  }, async () => {
    const problem = await tinyProblem();
    const first = await startWorker();
    const second = await startWorker();
    const remoteStore = freshStore();
    const localStore = freshStore();
    const budget = ['--max-evaluations', '8', '--json'];
    const remote = await runCli([
      'run',
      problem,
      ...deterministic,
      ...budget,
      '--store',
      remoteStore,
      '--executor',
      redis.url,
    ]);
    expect(remote.code, remote.stderr).toBe(0);
    const local = await runCli(['run', problem, ...deterministic, ...budget, '--store', localStore]);
    expect(local.code, local.stderr).toBe(0);

    const remoteSummary = parseJson<RunSummary>(remote);
    const localSummary = parseJson<RunSummary>(local);
    expect(remoteSummary.evaluations).toBe(8);
    expect(remoteSummary.evaluations).toBe(localSummary.evaluations);
    expect(remoteSummary.best?.score).toBe(localSummary.best?.score);
    const remoteEnds = ends(readEvents(remoteStore, remoteSummary.runId));
    const localEnds = ends(readEvents(localStore, localSummary.runId));
    expect(remoteEnds.map((end) => [end.candidateId, end.result.score])).toEqual(
      localEnds.map((end) => [end.candidateId, end.result.score]),
    );
    expect(evaluated(first).length + evaluated(second).length).toBe(8);
    expectConsistentLog(readEvents(remoteStore, remoteSummary.runId));
  });

  it('re-queues the job of a worker killed with SIGKILL; one evaluation-end per evaluation', {
    timeout: 300_000,
  }, async () => {
    const problem = await tinyProblem({ sleepSeconds: 3 });
    const victim = await startWorker();
    const store = freshStore();
    const run = runCli([
      'run',
      problem,
      '--model',
      'mutate',
      '--max-evaluations',
      '4',
      '--eval-concurrency',
      '2',
      '--store',
      store,
      '--executor',
      redis.url,
      '--json',
    ]);
    await until(
      () => evaluated(victim).length > 0,
      () => victim.lines.join('\n'),
    );
    const killedEvaluation = /evaluating (e\d+)/.exec(evaluated(victim)[0] as string)?.[1] as string;
    victim.child.kill('SIGKILL');
    await victim.stop();
    const survivor = await startWorker();

    const result = await run;
    expect(result.code, result.stderr).toBe(0);
    const summary = parseJson<RunSummary>(result);
    expect(summary.evaluations).toBe(4);
    const events = readEvents(store, summary.runId);
    expectConsistentLog(events);
    expect(ends(events).filter((end) => end.evaluationId === killedEvaluation)).toHaveLength(1);
    expect(evaluated(survivor).some((line) => line.includes(`evaluating ${killedEvaluation} `))).toBe(true);
  });

  it('sends jobs of a problem that needs a label only to workers with that label', {
    timeout: 300_000,
  }, async () => {
    const problem = await tinyProblem({ config: { labels: ['gpu'] } });
    const plain = await startWorker();
    const gpu = await startWorker(['--labels', 'gpu,big-mem']);
    const store = freshStore();
    const result = await runCli([
      'run',
      problem,
      '--model',
      'mutate',
      '--max-evaluations',
      '5',
      '--store',
      store,
      '--executor',
      redis.url,
      '--json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(parseJson<RunSummary>(result).evaluations).toBe(5);
    expect(evaluated(gpu)).toHaveLength(5);
    expect(evaluated(plain)).toHaveLength(0);
    expect(plain.lines.some((line) => line.includes('evaluations+gpu'))).toBe(false);
  });

  it('resumes a killed controller with the result that arrived meanwhile, not a second run', {
    timeout: 300_000,
  }, async () => {
    const problem = await tinyProblem({ sleepSeconds: 4 });
    const worker = await startWorker();
    const store = freshStore();
    const args = [
      '--max-evaluations',
      '3',
      '--eval-concurrency',
      '1',
      '--store',
      store,
      '--executor',
      redis.url,
    ];
    const controller = startCli(['run', problem, '--model', 'mutate', ...args, '--json']);
    await until(
      () => evaluated(worker).some((line) => line.includes('evaluating e2 ')),
      () => worker.lines.join('\n'),
    );
    controller.kill('SIGKILL');
    await new Promise((resolve) => controller.once('close', resolve));
    await until(() => worker.lines.some((line) => line.includes('evaluated e2:')));
    const runId = firstRunId(store) as string;
    expect(ends(readEvents(store, runId)).map((end) => end.evaluationId)).toEqual(['e1']);

    const resumed = await runCli(['resume', runId, '--store', store, '--executor', redis.url, '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(parseJson<RunSummary>(resumed).evaluations).toBe(3);
    const events = readEvents(store, runId);
    expectConsistentLog(events);
    const candidates = evaluated(worker).map((line) => /candidate (\w+)/.exec(line)?.[1]);
    expect(new Set(candidates).size, 'a candidate was run twice by the worker').toBe(candidates.length);
    expect(candidates).toHaveLength(3);
  });

  it('pauses while Redis is gone, says so, and completes the run with nothing lost', {
    timeout: 300_000,
  }, async () => {
    let server = await startRedisServer();
    cleanups.push(() => server.kill());
    const worker = await startWorker([], { url: server.url });
    const store = freshStore();
    const controller = startCli([
      'run',
      await tinyProblem({ sleepSeconds: 1.5 }),
      '--model',
      'mutate',
      '--max-evaluations',
      '5',
      '--eval-concurrency',
      '1',
      '--store',
      store,
      '--executor',
      server.url,
      '--json',
    ]);
    let stderr = '';
    let stdout = '';
    controller.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    controller.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const closed = new Promise<number | null>((resolve) => controller.once('close', resolve));
    await until(
      () => worker.lines.some((line) => line.includes('evaluated e2:')),
      () => worker.lines.join('\n'),
    );
    await server.kill();
    await until(
      () => stderr.includes('evaluations are paused'),
      () => stderr,
    );
    const recorded = readEvents(store, firstRunId(store) as string).length;
    server = await startRedisServer({ port: server.port }); // back, but empty: no persistence
    expect(await closed, stderr).toBe(0);
    expect(stderr).toContain('reachable again; evaluations continue');
    const summary = JSON.parse(stdout) as RunSummary;
    expect(summary.evaluations).toBe(5);
    const events = readEvents(store, summary.runId);
    expect(events.length).toBeGreaterThan(recorded);
    expectConsistentLog(events);
  });

  it('works over TLS (rediss://) with a password, and never prints the password', {
    timeout: 300_000,
  }, async () => {
    const certificates = freshStore();
    const cert = path.join(certificates, 'redis.crt');
    const key = path.join(certificates, 'redis.key');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    const password = 'tls-secret-7f3a';
    const server = await startRedisServer({ password, tls: { cert, key } });
    cleanups.push(() => server.kill());
    expect(server.url).toMatch(/^rediss:\/\/:tls-secret-7f3a@/);
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: cert };
    const worker = await startWorker([], { url: server.url, env });
    const store = freshStore();
    const result = await runCli(
      [
        'run',
        await tinyProblem(),
        '--model',
        'mutate',
        '--max-evaluations',
        '3',
        '--store',
        store,
        '--executor',
        server.url,
        '--json',
      ],
      env,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(parseJson<RunSummary>(result).evaluations).toBe(3);
    expect(evaluated(worker)).toHaveLength(3);
    expect(worker.lines.join('\n')).toContain(`rediss://:***@127.0.0.1:${server.port}`);
    expect(`${result.stderr}${worker.lines.join('\n')}`).not.toContain(password);
  });

  it('exits 2 with a clear message when Redis cannot be reached', { timeout: 120_000 }, async () => {
    const port = await freePort();
    const result = await runCli([
      'run',
      await tinyProblem(),
      '--store',
      freshStore(),
      '--executor',
      `redis://127.0.0.1:${port}`,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`cannot use Redis at redis://127.0.0.1:${port}`);
    expect(result.stderr).toContain('start Redis there');
    const worker = await runCli(['worker', '--redis', `redis://127.0.0.1:${port}`]);
    expect(worker.code).toBe(2);
    expect(worker.stderr).toContain('--redis');
  });
});
