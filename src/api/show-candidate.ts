/**
 * `ratchet show`: one candidate with everything the log knows of it — its files, its evaluation
 * (metrics, feedback, artifacts), the diff from its first parent, the proposal and LLM calls (prompt
 * and response) that made it (the dashboard's candidate view), and the promotion gates' decisions on it
 * with their held-out evaluations.
 */
import { describeCandidate } from '../server/candidate-detail.ts';
import type { CandidateDetail } from '../server/protocol.ts';
import type { EvaluationResult } from '../spec/evaluation.ts';
import type { EvaluationPurpose, GateStats } from '../spec/events.ts';
import type { StoreReader } from './inspect.ts';
import { locateCandidate } from './locate-candidate.ts';
import { catalogOf } from './run-catalog-reader.ts';

export type { CandidateDetail } from '../server/protocol.ts';

export interface InspectOptions {
  /** The run to read the candidate's story from (default: the latest run holding it; `best`/`seed`: the latest run). */
  readonly run?: string;
}

/** A promotion gate's decision on the candidate (`candidate-promote` / `candidate-discard`). */
export interface GateDecision {
  readonly decision: 'promoted' | 'discarded';
  readonly reasons: readonly string[];
  readonly stats?: GateStats;
}

/** An evaluation of the candidate on held-out instances (`validate` for a gate, `confirm` for reporting). */
export interface HeldOutEvaluation {
  readonly purpose: Exclude<EvaluationPurpose, 'optimize'>;
  readonly evaluationId: string;
  readonly result: EvaluationResult;
}

export interface CandidateShow extends CandidateDetail {
  readonly isChampion: boolean;
  readonly decisions: readonly GateDecision[];
  readonly heldOut: readonly HeldOutEvaluation[];
}

/** The candidate `reference` names (an id, a unique prefix, `best` or `seed`) with its evaluation and origin. */
export function showCandidate(
  reader: StoreReader,
  reference: string,
  options: InspectOptions = {},
): CandidateShow {
  const { runId, candidateId } = locateCandidate(reader, reference, options.run);
  const catalog = catalogOf(reader);
  const detail = describeCandidate(catalog, runId, candidateId);
  const decisions: GateDecision[] = [];
  const heldOut: HeldOutEvaluation[] = [];
  for (const event of reader.store.iterate(runId)) {
    if (event.type === 'candidate-promote' || event.type === 'candidate-discard') {
      if (event.data.candidateId !== candidateId) continue;
      decisions.push({
        decision: event.type === 'candidate-promote' ? 'promoted' : 'discarded',
        reasons: event.data.reasons,
        ...(event.data.stats === undefined ? {} : { stats: event.data.stats }),
      });
    } else if (event.type === 'evaluation-end' && event.data.candidateId === candidateId) {
      const { purpose } = event.data;
      if (purpose === 'validate' || purpose === 'confirm')
        heldOut.push({ purpose, evaluationId: event.data.evaluationId, result: event.data.result });
    }
  }
  const isChampion = catalog.run(runId).state.championId === candidateId;
  return { ...detail, isChampion, decisions, heldOut };
}
