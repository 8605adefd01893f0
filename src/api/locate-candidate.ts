/**
 * Finds a candidate the way people name it: a full id, a unique prefix of one, or `best` / `seed` of a
 * run. Candidates are content-addressed and shared by the store, so without a run every run is searched
 * and the latest run holding the candidate is the one its evaluation and lineage are read from.
 */
import { shortId } from '../core/candidate-id.ts';
import { badInput, RatchetError } from '../core/errors.ts';
import type { StoreReader } from './inspect.ts';

/** A candidate and the run whose log describes it. */
export interface CandidateLocation {
  readonly runId: string;
  readonly candidateId: string;
}

/** Words that name a candidate of a run instead of an id. */
export const candidateAliases = ['best', 'seed'] as const;

const shownMatches = 5;

function candidatesOf(reader: StoreReader, runId: string): string[] {
  const ids: string[] = [];
  for (const event of reader.store.iterate(runId)) {
    if (event.type === 'candidate-add') ids.push(event.data.candidateId);
  }
  return ids;
}

function aliasTarget(reader: StoreReader, alias: string, runId: string): CandidateLocation {
  const state = reader.state(runId);
  const candidateId = alias === 'best' ? state.best?.id : state.seedId || undefined;
  if (candidateId === undefined) {
    throw new RatchetError('not-found', `run ${runId} has no ${alias} candidate yet`, {
      hint: 'see `ratchet status` for what its evaluations returned',
    });
  }
  return { runId, candidateId };
}

/**
 * The candidate `reference` names: an id or unique prefix (searched in `runId` when given, else in every
 * run of the store, newest first), or `best` / `seed` of `runId` (default: the latest run).
 * Throws `not-found` when nothing matches and `bad-input` when a prefix matches several candidates.
 */
export function locateCandidate(reader: StoreReader, reference: string, runId?: string): CandidateLocation {
  const wanted = reference.trim().toLowerCase();
  if (wanted === '')
    throw badInput('no candidate given', { hint: 'give a candidate id, a prefix of one, or best / seed' });
  if ((candidateAliases as readonly string[]).includes(wanted))
    return aliasTarget(reader, wanted, reader.runId(runId));
  const runs =
    runId === undefined
      ? reader
          .listRuns()
          .map((run) => run.runId)
          .reverse()
      : [reader.runId(runId)];
  const found = new Map<string, string>();
  for (const run of runs) {
    for (const candidateId of candidatesOf(reader, run)) {
      if (candidateId.startsWith(wanted) && !found.has(candidateId)) found.set(candidateId, run);
    }
  }
  const where = runId === undefined ? reader.storeDir : `run ${runs[0]}`;
  if (found.size === 0) {
    throw new RatchetError('not-found', `no candidate ${reference} in ${where}`, {
      hint: 'see `ratchet lineage best` or the dashboard (`ratchet ui`) for candidate ids',
    });
  }
  if (found.size > 1) {
    const ids = [...found.keys()].slice(0, shownMatches).map(shortId);
    throw badInput(
      `${found.size} candidates in ${where} start with ${reference}: ${ids.join(', ')}${found.size > shownMatches ? ', …' : ''}`,
      { hint: 'give more of the id' },
    );
  }
  const [[candidateId, run]] = [...found.entries()] as [[string, string]];
  return { runId: run, candidateId };
}
