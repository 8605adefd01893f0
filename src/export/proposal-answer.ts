/**
 * The prompt and the answer of a proposal, as chat messages: read back from its recorded LLM call, or —
 * for the built-in `mutate` proposer, which has none, and only when asked — synthesised: the prompt an
 * LLM proposer would have been given (`buildPrompt` on the state the proposal saw) and, as the answer,
 * the edit that turns the parent into the child in the problem's edit format.
 */
import { RatchetError } from '../core/errors.ts';
import { createRandom } from '../core/random.ts';
import { formatSearchReplace, makeSearchReplace } from '../llm/edits/make-search-replace.ts';
import { buildPrompt } from '../llm/prompt.ts';
import { fence } from '../llm/prompt-sections.ts';
import type { ChatMessage } from '../spec/llm.ts';
import type { CandidateRecord } from '../spec/run-view.ts';
import type { EventStore } from '../spec/store.ts';
import { eventAt } from './export-context.ts';
import type { ProposalTrace, RunTrajectory } from './run-trajectory.ts';

/** Where a proposal's prompt and answer come from. */
export type AnswerSource = 'llm' | 'synthesized';

export interface ProposalAnswer {
  /** The request's messages (system and user), without the answer. */
  readonly prompt: readonly ChatMessage[];
  readonly answer: string;
  readonly source: AnswerSource;
  /** The model that answered (`mutate` for synthesised answers). */
  readonly model: string;
}

function mainFileOf(store: EventStore, candidateId: string, mainFile: string): string {
  const file = store.getCandidate(candidateId)?.files.find((entry) => entry.path === mainFile);
  if (file === undefined)
    throw new RatchetError('store', `the content of candidate ${candidateId} (${mainFile}) is missing`);
  return file.content;
}

/** `mutate (non-LLM): perturbed 2 numeric literals` → `Perturbed 2 numeric literals.` */
function explanationOf(summary: string | undefined): string {
  const text = (summary ?? '').replace(/^mutate \(non-LLM\):\s*/, '').trim();
  return text === '' ? '' : `${text[0]?.toUpperCase()}${text.slice(1).replace(/\.$/, '')}.\n\n`;
}

/**
 * The synthesised prompt and answer of a proposal that has a snapshot and made a candidate: the prompt
 * `buildPrompt` gives for the state the proposal saw, and the parent → child edit in the problem's edit
 * format, after a one-line explanation taken from the proposal's summary.
 */
export function synthesizedAnswer(
  store: EventStore,
  trajectory: RunTrajectory,
  proposal: ProposalTrace,
): ProposalAnswer | null {
  const { snapshot, end } = proposal;
  if (snapshot === undefined || end?.candidateId === undefined) return null;
  const { problem, settings } = trajectory;
  const view = (record: CandidateRecord) => ({
    candidate: { id: record.id, files: store.getCandidate(record.id)?.files ?? [] },
    record,
  });
  const prompt = buildPrompt({
    proposalId: proposal.proposalId,
    request: proposal.request,
    problem,
    model: { model: proposal.model, weight: 1 },
    parents: snapshot.parents.map(view),
    inspirations: snapshot.inspirations.map(view),
    recentAttempts: snapshot.recentAttempts,
    random: createRandom(settings.seed, 'export', proposal.proposalId),
    signal: new AbortController().signal,
    llm: null,
  });
  const [parent] = snapshot.parents;
  if (parent === undefined) return null;
  const before = mainFileOf(store, parent.id, problem.mainFile);
  const after = mainFileOf(store, end.candidateId, problem.mainFile);
  const edit =
    problem.edits === 'rewrite'
      ? fence(after, problem.language)
      : formatSearchReplace(makeSearchReplace(before, after), problem.language);
  const answer = `${explanationOf(end.summary)}${edit}\n`;
  return { prompt, answer, source: 'synthesized', model: proposal.model };
}

/** The prompt and answer of `proposal`, or null when it has neither a recorded answer nor a synthesisable one. */
export function proposalAnswer(
  store: EventStore,
  trajectory: RunTrajectory,
  proposal: ProposalTrace,
): ProposalAnswer | null {
  if (proposal.answer === undefined) return synthesizedAnswer(store, trajectory, proposal);
  const start = eventAt(store, trajectory.runId, proposal.answer.startSeq);
  const end = eventAt(store, trajectory.runId, proposal.answer.endSeq);
  if (start.type !== 'llm-call-start' || end.type !== 'llm-call-end' || end.data.text === undefined)
    throw new RatchetError(
      'store',
      `run ${trajectory.runId}: the LLM call of ${proposal.proposalId} is not where it was`,
    );
  return { prompt: start.data.request.messages, answer: end.data.text, source: 'llm', model: end.data.model };
}
