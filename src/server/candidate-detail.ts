/**
 * The candidate view's data: content, the diff against the first parent, the evaluation, and the
 * proposal and LLM calls that made it (read back from the log by `seq`).
 */
import { RatchetError } from '../core/errors.ts';
import type { EventOf } from '../spec/events.ts';
import { diffFiles } from './file-diff.ts';
import type { CandidateDetail, LlmCallRecord, ProposalRecord } from './protocol.ts';
import type { RunCatalog } from './run-catalog.ts';
import type { ProposalSeqs } from './run-projection.ts';

export function describeCandidate(catalog: RunCatalog, runId: string, candidateId: string): CandidateDetail {
  const projection = catalog.run(runId);
  const { state } = projection;
  const record = state.candidates.get(candidateId);
  const candidate = record === undefined ? undefined : catalog.candidate(candidateId);
  if (record === undefined || candidate === undefined) {
    throw new RatchetError('not-found', `no candidate ${candidateId} in run ${runId}`, {
      hint: 'pick a node of the lineage tree',
    });
  }
  const parentId = record.parentIds[0];
  const parent = parentId === undefined ? undefined : catalog.candidate(parentId);
  const childIds: string[] = [];
  for (const other of state.candidates.values()) {
    if (other.parentIds.includes(candidateId)) childIds.push(other.id);
  }
  const seqs = record.proposalId === undefined ? undefined : projection.proposals.get(record.proposalId);
  return {
    runId,
    candidateId,
    files: candidate.files,
    mainFile: state.problem.mainFile,
    language: state.problem.language,
    objective: state.problem.objective,
    parentIds: record.parentIds,
    childIds,
    origin: record.origin,
    evaluationNumber: record.evaluationNumber ?? null,
    evaluation: record.evaluation ?? null,
    diff: parent === undefined ? [] : diffFiles(parent.files, candidate.files),
    proposal: seqs === undefined ? null : proposalRecord(catalog, runId, seqs),
    llmCalls: seqs === undefined ? [] : llmCalls(catalog, runId, seqs),
    isBest: state.best?.id === candidateId,
  };
}

function proposalRecord(catalog: RunCatalog, runId: string, seqs: ProposalSeqs): ProposalRecord | null {
  const start = catalog.event(runId, seqs.start) as EventOf<'proposal-start'> | undefined;
  if (start?.type !== 'proposal-start') return null;
  const end =
    seqs.end === undefined ? undefined : (catalog.event(runId, seqs.end) as EventOf<'proposal-end'>);
  const { request } = start.data;
  return {
    proposalId: start.data.proposalId,
    mode: request.mode,
    model: start.data.model,
    outcome: end?.data.outcome ?? null,
    ...(end?.data.summary === undefined ? {} : { summary: end.data.summary }),
    ...(end?.data.reason === undefined ? {} : { reason: end.data.reason }),
    tags: request.tags ?? {},
  };
}

function llmCalls(catalog: RunCatalog, runId: string, seqs: ProposalSeqs): LlmCallRecord[] {
  const calls: LlmCallRecord[] = [];
  for (const [callId, call] of seqs.calls) {
    const start = catalog.event(runId, call.start) as EventOf<'llm-call-start'> | undefined;
    if (start === undefined) continue;
    const end =
      call.end === undefined ? undefined : (catalog.event(runId, call.end) as EventOf<'llm-call-end'>);
    const { request } = start.data;
    calls.push({
      callId,
      model: end?.data.model ?? request.model,
      messages: request.messages,
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      ok: end?.data.ok ?? null,
      ...(end?.data.text === undefined ? {} : { text: end.data.text }),
      ...(end?.data.error === undefined ? {} : { error: end.data.error }),
      ...(end === undefined
        ? {}
        : { usage: end.data.usage, costUsd: end.data.costUsd, durationMs: end.data.durationMs }),
    });
  }
  return calls;
}
