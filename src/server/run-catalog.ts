/**
 * The runs of one store folder, as the dashboard sees them: the store is opened read-only (a run in
 * another process keeps writing; WAL lets both work), and each run's projection is brought up to date
 * by reading only the events after the last one it folded.
 */
import { existsSync } from 'node:fs';
import { RatchetError } from '../core/errors.ts';
import type { Candidate } from '../spec/candidate.ts';
import type { RunEvent } from '../spec/events.ts';
import type { EventStore } from '../spec/store.ts';
import { openSqliteEventStore, storeDatabasePath } from '../store/sqlite-event-store.ts';
import type { RunListItem } from './protocol.ts';
import { RunProjection } from './run-projection.ts';

const pageSize = 2000;

export class RunCatalog {
  private store: EventStore | null = null;
  private readonly projections = new Map<string, RunProjection>();

  /** `openStore` defaults to a read-only SQLite store; the folder may not exist yet (no runs). */
  constructor(
    readonly storeDir: string,
    private readonly openStore: (storeDir: string) => EventStore = (dir) =>
      openSqliteEventStore(dir, { readonly: true }),
  ) {}

  /** The store, or null while nothing has been recorded there. */
  private eventStore(): EventStore | null {
    if (this.store === null && existsSync(storeDatabasePath(this.storeDir)))
      this.store = this.openStore(this.storeDir);
    return this.store;
  }

  /** Every run that has started, oldest first, each brought up to date. */
  listRuns(): RunListItem[] {
    const store = this.eventStore();
    if (store === null) return [];
    const items: RunListItem[] = [];
    for (const info of store.listRuns()) {
      const projection = this.refresh(info.runId);
      if (!projection.started) continue;
      const { state } = projection;
      items.push({
        runId: info.runId,
        problem: state.problem.name,
        strategy: state.problem.strategy.name,
        models: state.problem.models.map((model) => model.model),
        status: state.status,
        objective: state.problem.objective,
        evaluations: state.counts.evaluations,
        bestScore: state.best?.evaluation?.score ?? null,
        costUsd: state.counts.costUsd,
        tokens: state.counts.inputTokens + state.counts.outputTokens,
        createdAt: info.createdAt,
      });
    }
    return items;
  }

  /** The run's projection with every recorded event folded in. */
  refresh(runId: string): RunProjection {
    const store = this.eventStore();
    if (store === null || store.getRun(runId) === undefined) {
      throw new RatchetError('not-found', `no run ${runId} in ${this.storeDir}`, {
        hint: 'see the runs list for the runs there',
      });
    }
    let projection = this.projections.get(runId);
    if (projection === undefined) {
      projection = new RunProjection();
      this.projections.set(runId, projection);
    }
    for (;;) {
      const page = store.read(runId, projection.seq, pageSize);
      for (const event of page) projection.apply(event);
      if (page.length < pageSize) break;
    }
    return projection;
  }

  /** A started run's projection, up to date; a run without `run-start` yet is not found. */
  run(runId: string): RunProjection {
    const projection = this.refresh(runId);
    if (!projection.started)
      throw new RatchetError('not-found', `run ${runId} has not started yet`, { hint: 'try again shortly' });
    return projection;
  }

  /** One recorded event by its `seq`. */
  event(runId: string, seq: number): RunEvent | undefined {
    return this.eventStore()?.read(runId, seq - 1, 1)[0];
  }

  candidate(candidateId: string): Candidate | undefined {
    return this.eventStore()?.getCandidate(candidateId);
  }

  close(): void {
    this.store?.close();
    this.store = null;
    this.projections.clear();
  }
}
