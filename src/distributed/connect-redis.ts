/**
 * Opening Redis connections: a probe that turns "cannot connect" into a clear error before anything
 * starts, and long-lived clients that retry with backoff.
 */
import { Redis } from 'ioredis';
import { badInput, RatchetError } from '../core/errors.ts';
import type { RedisTarget } from './redis-target.ts';

/** Redis ≥ 5 is what BullMQ needs. */
const minimumMajorVersion = 5;

function describeFailure(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/WRONGPASS|NOAUTH|invalid password|invalid username/i.test(text))
    return `Redis refused the credentials (${text})`;
  if (/ECONNREFUSED/.test(text)) return 'nothing accepts connections there (ECONNREFUSED)';
  if (/ENOTFOUND|EAI_AGAIN/.test(text)) return `the host name does not resolve (${text})`;
  if (/ETIMEDOUT|timed out/i.test(text)) return 'the connection timed out';
  return text;
}

/**
 * Connects once, authenticates, checks the server version and disconnects. Throws a `bad-input`
 * RatchetError that names the URL (without its password) and says what to do.
 */
export async function probeRedis(
  target: RedisTarget,
  options: { readonly field?: string; readonly timeoutMs?: number } = {},
): Promise<void> {
  const client = new Redis({
    ...target.options,
    lazyConnect: true,
    connectTimeout: options.timeoutMs ?? 5000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // the 'error' event has the cause (ECONNREFUSED…); connect() then rejects with "Connection is closed"
  let cause: unknown = null;
  client.on('error', (error) => {
    cause ??= error;
  });
  try {
    await client.connect().catch((error: unknown) => {
      throw cause ?? error;
    });
    const info = await client.info('server');
    const major = Number(/redis_version:(\d+)/.exec(info)?.[1] ?? 'NaN');
    if (Number.isFinite(major) && major < minimumMajorVersion) {
      throw badInput(`Redis at ${target.display} is version ${major}; the queue needs Redis ≥ 5`, {
        field: options.field ?? '--redis',
        hint: 'upgrade Redis (Debian: apt-get install redis-server)',
      });
    }
  } catch (error) {
    if (RatchetError.is(error)) throw error;
    throw badInput(`cannot use Redis at ${target.display}: ${describeFailure(error)}`, {
      field: options.field ?? '--redis',
      hint: 'start Redis there (redis-server) or correct the URL: redis://[user:password@]host[:port][/db], rediss:// for TLS',
      cause: error,
    });
  } finally {
    client.disconnect();
  }
}

/** A long-lived client: commands wait through outages, reconnecting with backoff. */
export function openRedisClient(target: RedisTarget, name: string): Redis {
  const client = new Redis({ ...target.options, connectionName: name });
  // outages are reported by `watchConnection`; an unhandled 'error' event would end the process
  client.on('error', () => {});
  return client;
}
