/**
 * `buildPrompt`: the chat messages of one proposal. The user message shows the problem, the parent's
 * code under the stable header `## Current program` (see `prompt-template.ts`), its evaluation, a
 * second parent for crossovers, inspirations, recent attempts with their outcomes, the strategy's notes,
 * the mode's task and the answer format.
 */
import { RatchetError } from '../core/errors.ts';
import type { ChatMessage } from '../spec/llm.ts';
import type { CandidateView, ProposalContext } from '../spec/proposer.ts';
import { findEvolveRegions } from './edits/evolve-block.ts';
import {
  attemptLine,
  editInstructionsText,
  evaluationText,
  fence,
  scoreText,
  taskText,
} from './prompt-sections.ts';
import {
  currentProgramHeader,
  defaultSystemTemplate,
  defaultUserTemplate,
  type PlaceholderValues,
  renderTemplate,
  secondParentHeader,
} from './prompt-template.ts';

/** The main file's content of a candidate; an engine fault when it is missing. */
export function mainFileOf(view: CandidateView, mainFile: string): string {
  const file = view.candidate.files.find((entry) => entry.path === mainFile);
  if (file === undefined)
    throw new RatchetError('internal', `candidate ${view.candidate.id.slice(0, 12)} has no file ${mainFile}`);
  return file.content;
}

/** The values of every placeholder for this proposal. */
export function promptValues(context: ProposalContext): PlaceholderValues {
  const { problem, request } = context;
  const { mainFile, language, objective } = problem;
  const settings = problem.prompt;
  const [parent, second] = context.parents;
  if (parent === undefined)
    throw new RatchetError('internal', `proposal ${context.proposalId} has no parent`);
  const code = mainFileOf(parent, mainFile);
  const program = fence(code, language);
  const evaluation = evaluationText(parent.record, objective, settings.maxFeedbackChars);
  const parentSection = `${currentProgramHeader}\nFile \`${mainFile}\`:\n${program}\n\n${evaluation}`;

  const secondParent =
    request.mode === 'crossover' && second !== undefined
      ? `${secondParentHeader}\nParent B, ${scoreText(second.record)}:\n${fence(mainFileOf(second, mainFile), language)}`
      : '';

  const parentIds = new Set(context.parents.map((view) => view.candidate.id));
  const shown = context.inspirations
    .filter((view) => !parentIds.has(view.candidate.id))
    .slice(0, Math.max(0, settings.inspirations));
  const inspirations =
    shown.length === 0
      ? ''
      : [
          '## Other candidates',
          'Other programs from this search, for ideas:',
          ...shown.map(
            (view, index) =>
              `\n### Candidate ${index + 1} (${scoreText(view.record)})\n${fence(mainFileOf(view, mainFile), language)}`,
          ),
        ].join('\n');

  const attempts =
    request.showRecentAttempts === false || settings.recentAttempts <= 0
      ? []
      : context.recentAttempts
          .filter((attempt) => attempt.outcome !== 'interrupted')
          .slice(-settings.recentAttempts);
  const recentAttempts =
    attempts.length === 0
      ? ''
      : [
          '## Recent attempts',
          'The latest proposals in this search and what came of them:',
          ...attempts.map(attemptLine),
        ].join('\n');

  const noteLines = (request.notes ?? []).filter((note) => note.trim() !== '');
  const notes =
    noteLines.length === 0 ? '' : ['## Notes', ...noteLines.map((note) => `- ${note}`)].join('\n');

  return {
    description: problem.description.trim() === '' ? '(no description given)' : problem.description.trim(),
    objective: `${objective.direction} ${objective.metric}`,
    language,
    mainFile,
    program,
    parent: parentSection,
    evaluation,
    secondParent,
    inspirations,
    recentAttempts,
    notes,
    task: taskText(request.mode, objective, parent.record.evaluation?.status),
    editInstructions: editInstructionsText(
      problem.edits,
      mainFile,
      language,
      findEvolveRegions(code).hasMarkers,
    ),
  };
}

/** The system and user messages of a proposal; `prompt.system` / `prompt.template` replace the built-ins. */
export function buildPrompt(context: ProposalContext): ChatMessage[] {
  const values = promptValues(context);
  const { prompt } = context.problem;
  return [
    {
      role: 'system',
      content: renderTemplate(prompt.system ?? defaultSystemTemplate, values, 'prompt.system'),
    },
    {
      role: 'user',
      content: renderTemplate(prompt.template ?? defaultUserTemplate, values, 'prompt.template'),
    },
  ];
}
