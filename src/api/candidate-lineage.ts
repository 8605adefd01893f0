/**
 * `ratchet lineage`: the path from a candidate back to the run's seed, following first parents, with
 * each step's score, its change from its parent, and how it was made.
 */
import { RatchetError } from '../core/errors.ts';
import type { LineageStep } from '../server/protocol.ts';
import type { EvaluationStatus } from '../spec/evaluation.ts';
import type { Objective } from '../spec/problem.ts';
import type { ProposalMode } from '../spec/proposal.ts';
import type { StoreReader } from './inspect.ts';
import { locateCandidate } from './locate-candidate.ts';
import { catalogOf } from './run-catalog-reader.ts';
import type { InspectOptions } from './show-candidate.ts';

/** One candidate on the path, with what made it. */
export interface CandidateLineageStep extends LineageStep {
  readonly parentIds: readonly string[];
  readonly status: EvaluationStatus | null;
  /** Score minus the first parent's score (null when either is unscored, or for the seed). */
  readonly change: number | null;
  /** The mode of the proposal that made it (absent for the seed). */
  readonly mode?: ProposalMode;
}

export interface CandidateLineage {
  readonly runId: string;
  readonly candidateId: string;
  readonly objective: Objective;
  /** From the candidate (first) to the seed (last). */
  readonly steps: readonly CandidateLineageStep[];
}

/** The lineage of the candidate `reference` names (an id, a unique prefix, `best` or `seed`). */
export function candidateLineage(
  reader: StoreReader,
  reference: string,
  options: InspectOptions = {},
): CandidateLineage {
  const { runId, candidateId } = locateCandidate(reader, reference, options.run);
  const catalog = catalogOf(reader);
  const projection = catalog.run(runId);
  const { state } = projection;
  const modelOf = (proposalId: string | undefined): string | undefined => {
    const seqs = proposalId === undefined ? undefined : projection.proposals.get(proposalId);
    const start = seqs === undefined ? undefined : catalog.event(runId, seqs.start);
    return start?.type === 'proposal-start' ? start.data.model : undefined;
  };
  const steps: CandidateLineageStep[] = [];
  const visited = new Set<string>();
  for (let id: string | undefined = candidateId; id !== undefined && !visited.has(id); ) {
    visited.add(id);
    const record = state.candidates.get(id);
    if (record === undefined) {
      throw new RatchetError(
        'store',
        `run ${runId}: candidate ${id} is named as a parent but was never added`,
      );
    }
    const parentId = record.parentIds[0];
    const parentScore =
      parentId === undefined ? null : (state.candidates.get(parentId)?.evaluation?.score ?? null);
    const score = record.evaluation?.score ?? null;
    const { summary } = projection.node(record);
    const model = modelOf(record.proposalId);
    steps.push({
      candidateId: record.id,
      origin: record.origin,
      parentIds: record.parentIds,
      evaluationNumber: record.evaluationNumber ?? null,
      status: record.evaluation?.status ?? null,
      score,
      change: score === null || parentScore === null ? null : score - parentScore,
      ...(record.request === undefined ? {} : { mode: record.request.mode }),
      ...(summary === undefined ? {} : { summary }),
      ...(model === undefined ? {} : { model }),
    });
    id = parentId;
  }
  return { runId, candidateId, objective: state.problem.objective, steps };
}
