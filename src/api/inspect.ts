/**
 * Read-only access to recorded runs: the projection of a run's log, its summary, its candidates.
 */
import { RatchetError } from '../core/errors.ts';
import { projectRun, type RunState } from '../core/run-state.ts';
import { type RunSummary, summarizeRun } from '../core/run-summary.ts';
import type { Candidate } from '../spec/candidate.ts';
import type { EventStore, RunInfo } from '../spec/store.ts';
import { openExistingStore, resolveStoreDir } from './store-location.ts';

export interface StoreReader {
  readonly storeDir: string;
  readonly store: EventStore;
  listRuns(): RunInfo[];
  /** The given run, or the most recent one when `runId` is undefined. */
  runId(runId: string | undefined): string;
  state(runId: string): RunState;
  summary(runId: string): RunSummary;
  candidate(id: string): Candidate;
  close(): void;
}

export function openStoreReader(store: string | undefined): StoreReader {
  const storeDir = resolveStoreDir(store, process.cwd());
  const eventStore = openExistingStore(storeDir);
  const reader: StoreReader = {
    storeDir,
    store: eventStore,
    listRuns: () => eventStore.listRuns(),
    runId(runId) {
      if (runId !== undefined) {
        if (eventStore.getRun(runId) === undefined) {
          const matches = eventStore.listRuns().filter((run) => run.runId.startsWith(runId));
          if (matches.length === 1) return (matches[0] as RunInfo).runId;
          throw new RatchetError('not-found', `no run ${runId} in ${storeDir}`, {
            hint:
              matches.length > 1
                ? `several runs start with ${runId}; give more of the id`
                : 'see `ratchet list` for the runs there',
          });
        }
        return runId;
      }
      const latest = eventStore.listRuns().at(-1);
      if (latest === undefined)
        throw new RatchetError('not-found', `no runs in ${storeDir}`, {
          hint: 'start one with `ratchet run DIR`',
        });
      return latest.runId;
    },
    state: (runId) => projectRun(eventStore.iterate(runId)),
    summary: (runId) => summarizeRun(reader.state(runId)),
    candidate(id) {
      const candidate = eventStore.getCandidate(id);
      if (candidate === undefined) throw new RatchetError('not-found', `no candidate ${id} in ${storeDir}`);
      return candidate;
    },
    close: () => eventStore.close(),
  };
  return reader;
}
