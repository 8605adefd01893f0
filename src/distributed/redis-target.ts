/**
 * Where the queue lives: a `redis://` or `rediss://` (TLS) URL turned into connection options, with a
 * display form that never shows the password.
 */
import type { RedisOptions as BullRedisOptions } from 'bullmq';
import type { RedisOptions } from 'ioredis';
import { badInput } from '../core/errors.ts';

/** A parsed Redis URL. */
export interface RedisTarget {
  /** The URL as given (holds the password: never print it). */
  readonly url: string;
  /** The URL with its password replaced by `***`, for messages. */
  readonly display: string;
  /** Connection options for ioredis and BullMQ: commands wait through reconnects instead of failing. */
  readonly options: RedisOptions;
  /** The same options, typed for BullMQ's `connection`. */
  readonly connection: BullRedisOptions;
}

const urlHint =
  'give redis://[user:password@]host[:port][/db], or rediss://… for TLS (e.g. redis://127.0.0.1:6379)';

/** Backoff between reconnection attempts: 0.2 s, 0.4 s, … up to 5 s. */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(200 * 2 ** Math.min(attempt - 1, 5), 5000);
}

/** Parses a Redis URL; throws `bad-input` naming `field` for anything else. */
export function parseRedisTarget(url: string, field = '--redis'): RedisTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badInput(`"${url}" is not a URL`, { field, hint: urlHint });
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    throw badInput(`"${parsed.protocol}" URLs are not Redis URLs`, { field, hint: urlHint });
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (host === '') throw badInput(`the Redis URL has no host`, { field, hint: urlHint });
  const port = parsed.port === '' ? 6379 : Number(parsed.port);
  const database = parsed.pathname === '' || parsed.pathname === '/' ? 0 : Number(parsed.pathname.slice(1));
  if (!Number.isInteger(database) || database < 0)
    throw badInput(`"${parsed.pathname.slice(1)}" is not a Redis database number`, { field, hint: urlHint });
  const username = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  const tls = parsed.protocol === 'rediss:';
  const credentials =
    username === '' && password === '' ? '' : `${username}${password === '' ? '' : ':***'}@`;
  const display = `${parsed.protocol}//${credentials}${parsed.host}${database === 0 ? '' : `/${database}`}`;
  const options = {
    host,
    port,
    db: database,
    ...(username === '' ? {} : { username }),
    ...(password === '' ? {} : { password }),
    ...(tls ? { tls: { servername: host } } : {}),
    connectTimeout: 10_000,
    maxRetriesPerRequest: null,
    retryStrategy: reconnectDelayMs,
  };
  return { url, display, options, connection: options };
}
