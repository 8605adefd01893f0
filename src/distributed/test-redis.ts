/**
 * Test helpers: a real Redis (the test command's, from RATCHET_TEST_REDIS_URL, or a private
 * redis-server started here), a fresh database per test file, and a tiny problem folder whose evaluator
 * takes a fixed time.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Kills the server (SIGKILL): the data goes with it (no persistence). */
  kill(): Promise<void>;
}

/**
 * Starts `redis-server` on 127.0.0.1 (a free port unless given), without persistence; with `tls`, it
 * listens for TLS only (certificate and key files in PEM) and the URL is `rediss://`.
 */
export async function startRedisServer(
  options: { port?: number; password?: string; tls?: { cert: string; key: string } } = {},
): Promise<RedisServer> {
  const port = options.port ?? (await freePort());
  const listen =
    options.tls === undefined
      ? ['--port', String(port)]
      : [
          '--port',
          '0',
          '--tls-port',
          String(port),
          '--tls-cert-file',
          options.tls.cert,
          '--tls-key-file',
          options.tls.key,
          '--tls-auth-clients',
          'no',
        ];
  const args = [...listen, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  if (options.password !== undefined) args.push('--requirepass', options.password);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ratchet-redis-'));
  const child: ChildProcess = spawn('redis-server', [...args, '--dir', dir], { stdio: 'ignore' });
  const auth = options.password === undefined ? '' : `:${encodeURIComponent(options.password)}@`;
  const url = `${options.tls === undefined ? 'redis' : 'rediss'}://${auth}127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (up) break;
    if (attempt > 200 || child.exitCode !== null) {
      child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
      throw new Error(`redis-server did not start on port ${port}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port,
    url,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A Redis URL for one test file: the test command's Redis (database `database`, emptied first), or a
 * private server when RATCHET_TEST_REDIS_URL is unset. `close` stops what was started here.
 */
export async function testRedis(database: number): Promise<{ url: string; close: () => Promise<void> }> {
  const shared = process.env['RATCHET_TEST_REDIS_URL'];
  const server = shared === undefined || shared === '' ? await startRedisServer() : null;
  const base = server?.url ?? (shared as string);
  const url = `${base.replace(/\/\d*$/, '')}/${database}`;
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  await client.flushdb();
  client.disconnect();
  return { url, close: async () => server?.kill() };
}

/**
 * An OpenEvolve-style problem in a temp folder: `initial_program.py` sets X and Y, `evaluator.py` sleeps
 * `sleepSeconds` and scores 1 / (1 + (X-1)² + (Y+2)²). `config` (JSON-able) becomes `ratchet.config.mjs`.
 */
export async function writeTinyProblem(
  options: { sleepSeconds?: number; config?: Record<string, unknown> } = {},
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ratchet-tiny-'));
  await writeFile(
    path.join(dir, 'initial_program.py'),
    '# EVOLVE-BLOCK-START\nX = 2.5\nY = -0.5\n# EVOLVE-BLOCK-END\n',
  );
  await writeFile(
    path.join(dir, 'evaluator.py'),
    [
      'import runpy, time',
      '',
      'def evaluate(program_path):',
      `    time.sleep(${options.sleepSeconds ?? 0})`,
      '    names = runpy.run_path(program_path)',
      "    x, y = float(names['X']), float(names['Y'])",
      "    return {'combined_score': 1.0 / (1.0 + (x - 1.0) ** 2 + (y + 2.0) ** 2)}",
      '',
    ].join('\n'),
  );
  if (options.config !== undefined) {
    const config = { seed: 'initial_program.py', evaluator: 'evaluator.py', ...options.config };
    await writeFile(
      path.join(dir, 'ratchet.config.mjs'),
      `export default ${JSON.stringify(config, null, 2)};\n`,
    );
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
