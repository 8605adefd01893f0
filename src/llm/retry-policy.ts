/**
 * When and how long to wait before retrying an LLM call: 429, 408/409/425, 5xx, timeouts and network
 * errors are retried with exponential backoff and jitter; a server's `Retry-After` (seconds or an HTTP
 * date) or `retry-after-ms` header is honoured.
 */
import { APICallError, RetryError } from 'ai';
import type { Random } from '../spec/random.ts';

export interface RetryPolicy {
  /** Retries after the first attempt (default 4, so 5 attempts in all). */
  readonly maxRetries: number;
  /** First backoff delay; doubles with every retry (default 1000 ms). */
  readonly baseDelayMs: number;
  /** Cap on a backoff delay (default 30 s). */
  readonly maxDelayMs: number;
  /** Cap on a server-requested `Retry-After` wait (default 120 s). */
  readonly maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxRetries: 4,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
};

/** What went wrong with one attempt. */
export interface AttemptFailure {
  readonly retryable: boolean;
  /** For people and for the `llm error: …` reason, e.g. `HTTP 429: rate limited`. */
  readonly description: string;
  /** The server's requested wait, if it sent one. */
  readonly retryAfterMs?: number;
  readonly statusCode?: number;
}

/** The wait a server asks for, in ms: `retry-after-ms`, else `retry-after` as seconds or an HTTP date. */
export function parseRetryAfter(
  headers: Readonly<Record<string, string | undefined>> | undefined,
  now: number,
): number | undefined {
  if (headers === undefined) return undefined;
  const lower = Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]));
  const milliseconds = Number.parseFloat(lower['retry-after-ms'] ?? '');
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const value = (lower['retry-after'] ?? '').trim();
  if (value === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number.parseFloat(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with "equal jitter": half the delay fixed, half random. `retry` counts from 1. */
export function backoffDelay(
  retry: number,
  random: Random,
  policy: RetryPolicy = defaultRetryPolicy,
): number {
  const full = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(full / 2 + random.next() * (full / 2));
}

function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 425 || status === 429 || status >= 500;
}

function firstLine(text: string, limit = 300): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > limit ? `${line.slice(0, limit)}…` : line;
}

/** Classifies an error thrown by one `generateText` attempt. */
export function classifyFailure(error: unknown, now: number): AttemptFailure {
  const inner = RetryError.isInstance(error) ? error.lastError : error;
  if (APICallError.isInstance(inner)) {
    const status = inner.statusCode;
    if (status === undefined)
      return { retryable: true, description: `network error: ${firstLine(inner.message)}` };
    const retryAfterMs = parseRetryAfter(inner.responseHeaders, now);
    return {
      retryable: isRetryableStatus(status),
      description: `HTTP ${status}: ${firstLine(inner.message)}`,
      statusCode: status,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  }
  const message = inner instanceof Error ? inner.message : String(inner);
  const code = (inner as { cause?: { code?: unknown } } | null)?.cause?.code;
  if (typeof code === 'string' && /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|UND_ERR_SOCKET)$/.test(code))
    return { retryable: true, description: `network error: ${code}` };
  return { retryable: false, description: firstLine(message) };
}
