/**
 * `ratchet replay`: re-derives a recorded run's decisions offline (see core/replay.ts) and, with
 * `reevaluate`, runs its evaluations again to find evaluators that are not deterministic.
 */
import pLimit from 'p-limit';
import { RatchetError } from '../core/errors.ts';
import { type ReplayReport, replayRun } from '../core/replay.ts';
import { createProposer } from '../llm/create-proposer.ts';
import type { EvaluationResult } from '../spec/evaluation.ts';
import type { RunEvent } from '../spec/events.ts';
import type { Proposer } from '../spec/proposer.ts';
import { findStrategy } from '../strategies/index.ts';
import { assembleExecutor, type EngineOptions } from './engine-parts.ts';
import { openStoreReader } from './inspect.ts';

export interface ReplayOptions extends EngineOptions {
  readonly store?: string;
  /** Run every evaluation again and compare its result with the recorded one. */
  readonly reevaluate?: boolean;
  readonly signal?: AbortSignal;
}

export interface EvaluationDifference {
  readonly candidateId: string;
  readonly recorded: { readonly status: string; readonly score: number | null };
  readonly replayed: { readonly status: string; readonly score: number | null };
  /** Metrics whose values differ, as `name: recorded → replayed`. */
  readonly metrics: readonly string[];
}

export interface ReplayOutcome extends ReplayReport {
  readonly reevaluation?: {
    readonly evaluations: number;
    readonly differing: readonly EvaluationDifference[];
    /** The evaluator bundle no longer has the hash the run recorded (the problem's files changed). */
    readonly bundleChanged: boolean;
    readonly deterministic: boolean;
  };
}

export async function replayRecordedRun(
  runIdOrPrefix: string | undefined,
  options: ReplayOptions = {},
): Promise<ReplayOutcome> {
  const reader = openStoreReader(options.store);
  try {
    const runId = reader.runId(runIdOrPrefix);
    const events = [...reader.store.iterate(runId)];
    const start = events[0];
    if (start?.type !== 'run-start') throw new RatchetError('store', `run ${runId} has no run-start event`);
    const problem = start.data.problem;
    const strategy = findStrategy(problem.strategy.name);
    if (strategy === undefined)
      throw new RatchetError(
        'bad-input',
        `run ${runId} used strategy ${problem.strategy.name}, which this Ratchet does not have`,
      );
    const proposers = new Map<string, Proposer>();
    const report = await replayRun(events, {
      strategy,
      candidateOf: (id) => reader.candidate(id),
      proposerFor: (model) => {
        let proposer = proposers.get(model.model);
        if (proposer === undefined) {
          proposer = createProposer(model);
          proposers.set(model.model, proposer);
        }
        return proposer;
      },
    });
    if (options.reevaluate !== true) return report;
    return { ...report, reevaluation: await reevaluate(events, reader, options) };
  } finally {
    reader.close();
  }
}

async function reevaluate(
  events: readonly RunEvent[],
  reader: ReturnType<typeof openStoreReader>,
  options: ReplayOptions,
): Promise<NonNullable<ReplayOutcome['reevaluation']>> {
  const start = events[0] as Extract<RunEvent, { type: 'run-start' }>;
  const problem = start.data.problem;
  const { executor, bundleHash } = await assembleExecutor(problem, reader.storeDir, options);
  const instancesOf = new Map<string, readonly string[]>();
  for (const event of events) {
    if (event.type === 'evaluation-start' && event.data.instances !== undefined)
      instancesOf.set(event.data.evaluationId, event.data.instances);
  }
  const recorded = events.filter(
    (event): event is Extract<RunEvent, { type: 'evaluation-end' }> => event.type === 'evaluation-end',
  );
  const limit = pLimit(Math.max(1, Math.min(problem.concurrency.evaluations, executor.capacity)));
  try {
    const differing = (
      await Promise.all(
        recorded.map((event) =>
          limit(async () => {
            const instances = instancesOf.get(event.data.evaluationId);
            const result = await executor.evaluate(
              {
                evaluationId: `replay-${event.data.evaluationId}`,
                candidate: reader.candidate(event.data.candidateId),
                problem,
                bundleHash,
                ...(instances === undefined ? {} : { instances }),
              },
              options.signal === undefined ? {} : { signal: options.signal },
            );
            return compare(event.data.candidateId, event.data.result, result);
          }),
        ),
      )
    ).filter((difference): difference is EvaluationDifference => difference !== null);
    return {
      evaluations: recorded.length,
      differing,
      bundleChanged:
        start.data.settings.bundleHash !== undefined && start.data.settings.bundleHash !== bundleHash,
      deterministic: differing.length === 0,
    };
  } finally {
    await executor.close();
  }
}

function compare(
  candidateId: string,
  recorded: EvaluationResult,
  replayed: EvaluationResult,
): EvaluationDifference | null {
  const names = new Set([...Object.keys(recorded.metrics), ...Object.keys(replayed.metrics)]);
  const metrics: string[] = [];
  for (const name of names) {
    if (!Object.is(recorded.metrics[name], replayed.metrics[name])) {
      metrics.push(`${name}: ${recorded.metrics[name]} → ${replayed.metrics[name]}`);
    }
  }
  if (
    recorded.status === replayed.status &&
    Object.is(recorded.score, replayed.score) &&
    metrics.length === 0
  )
    return null;
  return {
    candidateId,
    recorded: { status: recorded.status, score: recorded.score },
    replayed: { status: replayed.status, score: replayed.score },
    metrics,
  };
}
