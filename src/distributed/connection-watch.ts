/**
 * Says when Redis has been unreachable for a while (the work is paused, nothing is lost) and when it is
 * back. The client itself keeps retrying with backoff.
 */
import type { Redis } from 'ioredis';

export interface ConnectionWatchOptions {
  /** The URL without its password. */
  readonly display: string;
  /** What happens while Redis is away, e.g. "evaluations are paused". */
  readonly paused: string;
  /** What happens when it is back, e.g. "evaluations continue". */
  readonly resumed: string;
  readonly onNotice: (message: string) => void;
  /** Say so after this long without a connection (default 3000 ms). */
  readonly noticeAfterMs?: number;
  readonly clock?: () => number;
}

/** Watches `client`; returns a function that stops watching. */
export function watchConnection(client: Redis, options: ConnectionWatchOptions): () => void {
  const clock = options.clock ?? Date.now;
  const noticeAfterMs = options.noticeAfterMs ?? 3000;
  let downSince: number | null = null;
  let lastError = '';
  let noticed = false;
  const onDown = (): void => {
    downSince ??= clock();
  };
  const onError = (error: Error): void => {
    lastError = error.message;
  };
  const onReady = (): void => {
    if (noticed) options.onNotice(`Redis at ${options.display} is reachable again; ${options.resumed}.`);
    downSince = null;
    noticed = false;
  };
  client.on('close', onDown);
  client.on('reconnecting', onDown);
  client.on('error', onError);
  client.on('ready', onReady);
  const timer = setInterval(() => {
    if (downSince === null || noticed || clock() - downSince < noticeAfterMs) return;
    noticed = true;
    const seconds = Math.round((clock() - downSince) / 1000);
    options.onNotice(
      `Redis at ${options.display} has been unreachable for ${seconds} s${lastError === '' ? '' : ` (${lastError})`}; ` +
        `${options.paused} while the connection is retried with backoff (up to every 5 s).`,
    );
  }, 500);
  timer.unref();
  return () => {
    clearInterval(timer);
    client.off('close', onDown);
    client.off('reconnecting', onDown);
    client.off('error', onError);
    client.off('ready', onReady);
  };
}
