/**
 * The event store: an append-only log per run plus content-addressed candidates. The SQLite
 * implementation lives in `src/store`; every implementation passes the shared contract suite.
 */
import type { Candidate } from './candidate.ts';
import type { EvaluationResult } from './evaluation.ts';
import type { NewEvent, RunEndStatus, RunEvent } from './events.ts';

export interface RunInfo {
  readonly runId: string;
  readonly problemName: string;
  readonly problemDir: string;
  readonly createdAt: number;
  /** `running` until a `run-end` event; a crashed run stays `running` until resumed or ended. */
  readonly status: 'running' | RunEndStatus;
  readonly eventCount: number;
}

/** Results of earlier evaluations, by cache key (see `core/evaluation-cache.ts`), shared by a store's runs. */
export interface EvaluationCache {
  get(key: string): EvaluationResult | undefined;
  put(key: string, result: EvaluationResult): void;
}

export interface EventStore {
  /** Where it lives (a file path), for messages. */
  readonly location: string;
  createRun(info: {
    readonly runId: string;
    readonly problemName: string;
    readonly problemDir: string;
    readonly createdAt: number;
  }): void;
  /** Appends events atomically (all or none) and returns them with their `seq` and `at`. */
  append(runId: string, events: readonly NewEvent[], at: number): RunEvent[];
  /** Events of a run with `seq > afterSeq`, in order. */
  read(runId: string, afterSeq?: number, limit?: number): RunEvent[];
  /** Iterates a run's events in order without loading all at once. */
  iterate(runId: string): Iterable<RunEvent>;
  listRuns(): RunInfo[];
  getRun(runId: string): RunInfo | undefined;
  putCandidate(candidate: Candidate): void;
  getCandidate(id: string): Candidate | undefined;
  /** The store's evaluation cache. */
  readonly evaluationCache: EvaluationCache;
  close(): void;
}
