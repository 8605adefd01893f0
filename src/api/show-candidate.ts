/**
 * `ratchet show`: one candidate with everything the log knows of it — its files, its evaluation
 * (metrics, feedback, artifacts), the diff from its first parent, and the proposal and LLM calls (prompt
 * and response) that made it. The same data the dashboard's candidate view shows.
 */
import { describeCandidate } from '../server/candidate-detail.ts';
import type { CandidateDetail } from '../server/protocol.ts';
import type { StoreReader } from './inspect.ts';
import { locateCandidate } from './locate-candidate.ts';
import { catalogOf } from './run-catalog-reader.ts';

export type { CandidateDetail } from '../server/protocol.ts';

export interface InspectOptions {
  /** The run to read the candidate's story from (default: the latest run holding it; `best`/`seed`: the latest run). */
  readonly run?: string;
}

/** The candidate `reference` names (an id, a unique prefix, `best` or `seed`) with its evaluation and origin. */
export function showCandidate(
  reader: StoreReader,
  reference: string,
  options: InspectOptions = {},
): CandidateDetail {
  const location = locateCandidate(reader, reference, options.run);
  return describeCandidate(catalogOf(reader), location.runId, location.candidateId);
}
