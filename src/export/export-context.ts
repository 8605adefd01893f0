/**
 * What every export format is given: the store (to read texts back by `seq`), the run's trajectory,
 * whether to add `metadata`, and where each line goes.
 */
import { RatchetError } from '../core/errors.ts';
import type { RunEvent } from '../spec/events.ts';
import type { EventStore } from '../spec/store.ts';
import type { ExportSource } from './export-records.ts';
import type { RunTrajectory } from './run-trajectory.ts';

export interface ExportContext {
  readonly store: EventStore;
  readonly trajectory: RunTrajectory;
  /** Add each line's `metadata` object (default true in the API and the CLI). */
  readonly metadata: boolean;
  /** Receives each line's object, in order. */
  readonly write: (record: object) => void;
}

export function sourceOf(trajectory: RunTrajectory): ExportSource {
  const { problem } = trajectory;
  return {
    runId: trajectory.runId,
    problem: problem.name,
    metric: problem.objective.metric,
    direction: problem.objective.direction,
  };
}

/** The event at `seq` of the trajectory's run. */
export function eventAt(store: EventStore, runId: string, seq: number): RunEvent {
  const event = store.read(runId, seq - 1, 1)[0];
  if (event === undefined || event.seq !== seq)
    throw new RatchetError('store', `run ${runId}: event ${seq} is missing from the log`);
  return event;
}
