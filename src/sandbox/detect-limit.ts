/**
 * Tells which resource limit a run evidently hit, from the signal that ended it or from the error
 * the runtime printed (a process that hits `RLIMIT_AS` usually reports "MemoryError" rather than dying).
 */
import type { SandboxRunOutcome } from '../spec/sandbox.ts';

type Limit = NonNullable<SandboxRunOutcome['limitHit']>;

const bySignal: Record<string, Limit> = { SIGXCPU: 'cpu', SIGXFSZ: 'file-size' };

const byMessage: readonly [RegExp, Limit][] = [
  [
    /MemoryError|Cannot allocate memory|std::bad_alloc|out of memory|Fatal process OOM|Array buffer allocation failed|allocation failed|ENOMEM/i,
    'memory',
  ],
  [
    /Resource temporarily unavailable|BlockingIOError|can't start new thread|fork: retry|Cannot fork|EAGAIN/i,
    'processes',
  ],
  [/File too large|File size limit exceeded|EFBIG/i, 'file-size'],
  [/CPU time limit exceeded/i, 'cpu'],
];

/** Returns the outcome with `limitHit` filled in where it can be told. */
export function detectLimit(outcome: SandboxRunOutcome): SandboxRunOutcome {
  if (outcome.limitHit !== undefined || outcome.timedOut) return outcome;
  const signalLimit = outcome.signal === null ? undefined : bySignal[outcome.signal];
  if (signalLimit !== undefined) return { ...outcome, limitHit: signalLimit };
  if (outcome.exitCode === 0 && outcome.result !== null) return outcome;
  const limit = limitFromMessage(outcome.stderr);
  return limit === undefined ? outcome : { ...outcome, limitHit: limit };
}

/** The limit an error message points at (e.g. Python's "MemoryError"), if any. */
export function limitFromMessage(text: string): Limit | undefined {
  return byMessage.find(([pattern]) => pattern.test(text))?.[1];
}
