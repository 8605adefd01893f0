/**
 * The data of a run's report: its overview, its curve, the best candidate with its diff from the seed,
 * and the path of candidates from the seed to the best.
 */
import { RatchetError } from '../../core/errors.ts';
import type { EventOf } from '../../spec/events.ts';
import type { CandidateRecord } from '../../spec/run-view.ts';
import { diffFiles } from '../file-diff.ts';
import type { LineageStep, ReportData } from '../protocol.ts';
import type { RunCatalog } from '../run-catalog.ts';

export function buildReportData(catalog: RunCatalog, runId: string, generatedAt: number): ReportData {
  const projection = catalog.run(runId);
  const { state } = projection;
  const best = state.best;
  const bestScore = best?.evaluation?.score;
  const lineage: CandidateRecord[] = [];
  for (let record = best ?? undefined; record !== undefined; ) {
    lineage.unshift(record);
    const parentId = record.parentIds[0];
    record = parentId === undefined ? undefined : state.candidates.get(parentId);
  }
  const modelOf = (record: CandidateRecord): string | undefined => {
    const seqs = record.proposalId === undefined ? undefined : projection.proposals.get(record.proposalId);
    const start =
      seqs === undefined ? undefined : (catalog.event(runId, seqs.start) as EventOf<'proposal-start'>);
    return start?.type === 'proposal-start' ? start.data.model : undefined;
  };
  const bestLineage = lineage.map((record): LineageStep => {
    const { summary } = projection.node(record);
    const model = modelOf(record);
    return {
      candidateId: record.id,
      origin: record.origin,
      evaluationNumber: record.evaluationNumber ?? null,
      score: record.evaluation?.score ?? null,
      ...(summary === undefined ? {} : { summary }),
      ...(model === undefined ? {} : { model }),
    };
  });
  let bestData: ReportData['best'] = null;
  if (best !== null && best.evaluation !== undefined && bestScore !== undefined && bestScore !== null) {
    const bestCandidate = catalog.candidate(best.id);
    const seedCandidate = catalog.candidate(state.seedId);
    if (bestCandidate === undefined || seedCandidate === undefined) {
      throw new RatchetError(
        'store',
        `run ${runId}: the content of candidate ${best.id} or of the seed is missing`,
      );
    }
    bestData = {
      candidateId: best.id,
      score: bestScore,
      metrics: best.evaluation.metrics,
      files: bestCandidate.files,
      diffFromSeed: diffFiles(seedCandidate.files, bestCandidate.files),
      feedback: best.evaluation.feedback,
    };
  }
  return {
    generatedAt,
    overview: projection.overview(),
    points: projection.points,
    best: bestData,
    bestLineage,
  };
}
