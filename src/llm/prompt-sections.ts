/**
 * The pieces of a proposal prompt, each a plain function of what the run knows: code fences, a
 * candidate's evaluation, recent attempts, mode instructions and the answer format.
 */
import type { EditFormat, Objective } from '../spec/problem.ts';
import type { ProposalMode } from '../spec/proposal.ts';
import type { Attempt, CandidateRecord } from '../spec/run-view.ts';

/** Code in a fence longer than any backtick run inside it, so the code can never close it. */
export function fence(code: string, language: string): string {
  const longest = Math.max(0, ...[...code.matchAll(/`+/g)].map((match) => match[0].length));
  const marks = '`'.repeat(Math.max(3, longest + 1));
  return `${marks}${language}\n${code.endsWith('\n') ? code : `${code}\n`}${marks}`;
}

/** A number as people read it: integers as is, others to 8 significant digits. */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(8)));
}

/** Text cut to `limit` characters, keeping its head and its tail (errors are often at the end). */
export function capText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const half = Math.max(0, Math.floor((limit - 40) / 2));
  return `${text.slice(0, half)}\n… (${text.length - 2 * half} characters cut) …\n${text.slice(text.length - half)}`;
}

/** Status, score, metrics and feedback of a candidate. */
export function evaluationText(
  record: CandidateRecord,
  objective: Objective,
  maxFeedbackChars: number,
): string {
  const evaluation = record.evaluation;
  if (evaluation === undefined) return 'Not evaluated yet.';
  const lines: string[] = [];
  lines.push(
    evaluation.score === null
      ? `Evaluation: ${evaluation.status}, no score.`
      : `Evaluation: ${evaluation.status}, score ${formatNumber(evaluation.score)} (${objective.metric}, ${objective.direction === 'maximize' ? 'higher' : 'lower'} is better).`,
  );
  const metrics = Object.entries(evaluation.metrics).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (metrics.length > 0) {
    lines.push('Metrics:');
    for (const [name, value] of metrics) lines.push(`- ${name}: ${formatNumber(value)}`);
  }
  const feedback = evaluation.feedback.trim();
  if (feedback !== '' && maxFeedbackChars > 0) {
    lines.push('Evaluator feedback:', fence(capText(feedback, maxFeedbackChars), ''));
  }
  return lines.join('\n');
}

/** A one-line score for inspirations and second parents. */
export function scoreText(record: CandidateRecord): string {
  const evaluation = record.evaluation;
  if (evaluation === undefined) return 'not evaluated';
  return evaluation.score === null ? evaluation.status : `score ${formatNumber(evaluation.score)}`;
}

function firstLine(text: string, limit: number): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > limit ? `${line.slice(0, limit)}…` : line;
}

/** One line per attempt: what was tried and what came of it. */
export function attemptLine(attempt: Attempt): string {
  const what = attempt.summary ?? 'a proposal';
  let outcome: string;
  switch (attempt.outcome) {
    case 'failed':
      outcome = `failed: ${attempt.reason ?? 'no reason recorded'}`;
      break;
    case 'duplicate':
      outcome = 'made a program identical to an existing one (not evaluated again)';
      break;
    case 'rejected':
      outcome = `rejected before evaluation: ${attempt.reason ?? 'no reason recorded'}`;
      break;
    case 'interrupted':
      outcome = 'interrupted';
      break;
    case 'candidate':
      if (attempt.status === undefined) outcome = 'being evaluated';
      else if (attempt.status === 'scored' && typeof attempt.score === 'number')
        outcome = `scored ${formatNumber(attempt.score)}`;
      else outcome = `${attempt.status}${attempt.feedback ? `: ${firstLine(attempt.feedback, 200)}` : ''}`;
      break;
  }
  return `- ${what} → ${outcome}`;
}

/** What to do, by mode. */
export function taskText(mode: ProposalMode, objective: Objective, parentStatus: string | undefined): string {
  const goal = `${objective.direction} ${objective.metric}`;
  switch (mode) {
    case 'improve':
      return `Improve the current program so that it scores better (${goal}). Use its evaluation and the recent attempts: build on what worked and do not repeat changes that failed.`;
    case 'fix':
      return `The current program did not get a valid score${parentStatus === undefined ? '' : ` (status: ${parentStatus})`}. Repair it: read the evaluator feedback, fix the errors it reports, and keep the program's approach where you can.`;
    case 'crossover':
      return `Combine the current program (parent A) with the second parent (B) into one program that scores better (${goal}): keep the strongest ideas of each. Write your answer as an edit of the current program.`;
    case 'fresh':
      return `Write a new solution (${goal}) with a different approach, not a small variation of the current program, which is shown only as a starting point: keep its interface, so the evaluator can still run it.`;
  }
}

/** How to answer, for the problem's edit format. */
export function editInstructionsText(
  format: EditFormat,
  mainFile: string,
  language: string,
  hasMarkers: boolean,
): string {
  const region = hasMarkers
    ? 'Only the code between the EVOLVE-BLOCK-START and EVOLVE-BLOCK-END markers may change; keep the marker lines and everything outside them exactly as they are.'
    : '';
  if (format === 'rewrite') {
    return [
      '# Answer format',
      `Explain your idea in a few sentences, then give the complete new content of \`${mainFile}\` in one fenced code block:`,
      '',
      fence('…the whole program…', language),
      '',
      region,
    ]
      .join('\n')
      .trim();
  }
  return [
    '# Answer format',
    `Explain your idea in a few sentences, then give one or more SEARCH/REPLACE blocks that edit \`${mainFile}\`:`,
    '',
    '<<<<<<< SEARCH',
    'lines copied exactly from the current program',
    '=======',
    'the lines that replace them',
    '>>>>>>> REPLACE',
    '',
    'Each SEARCH part must match whole lines of the current program exactly, indentation included, and should be unique in it. Blocks are applied in order. A block that matches nothing makes the whole answer fail.',
    region,
  ]
    .join('\n')
    .trim();
}
