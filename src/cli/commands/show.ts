/**
 * `ratchet show CANDIDATE`: a candidate's files, evaluation (metrics, feedback), and the prompt and
 * response that made it.
 */
import type { Command } from 'commander';
import { openStoreReader } from '../../api/inspect.ts';
import { type CandidateShow, showCandidate } from '../../api/show-candidate.ts';
import { shortId } from '../../core/candidate-id.ts';
import { storeHelp } from '../options.ts';
import { formatScore, printJson } from '../output.ts';

interface ShowFlags {
  run?: string;
  store?: string;
  json?: boolean;
  prompt?: boolean;
  files?: boolean;
}

function section(title: string, body: string): string {
  return `\n== ${title} ==\n${body.endsWith('\n') || body === '' ? body : `${body}\n`}`;
}

function headerOf(detail: CandidateShow): string {
  const { evaluation, objective, proposal } = detail;
  const parents = detail.parentIds.length === 0 ? 'none (seed)' : detail.parentIds.map(shortId).join(', ');
  const lines = [
    `candidate ${detail.candidateId}${detail.isChampion ? '  (champion)' : ''}${detail.isBest ? '  (best score of the run)' : ''}`,
    `  run ${detail.runId}; origin ${detail.origin}; parents ${parents}; children ${detail.childIds.length}`,
  ];
  if (evaluation === null) lines.push('  not evaluated');
  else {
    const number = detail.evaluationNumber === null ? '' : ` (evaluation #${detail.evaluationNumber})`;
    lines.push(
      `  ${evaluation.status}${number}: ${objective.direction} ${objective.metric} = ${formatScore(evaluation.score)}`,
    );
    const metrics = Object.entries(evaluation.metrics)
      .map(([name, value]) => `${name}=${formatScore(value)}`)
      .join(', ');
    if (metrics !== '') lines.push(`  metrics: ${metrics}`);
  }
  for (const run of detail.heldOut) {
    lines.push(
      `  ${run.purpose} (held out): ${run.result.status}, ${objective.metric} = ${formatScore(run.result.score)}`,
    );
  }
  for (const decision of detail.decisions)
    lines.push(`  ${decision.decision}: ${decision.reasons.join('; ')}`);
  if (proposal !== null) {
    const detailText = proposal.summary ?? proposal.reason;
    lines.push(
      `  made by proposal ${proposal.proposalId} (${proposal.mode}, ${proposal.model})${detailText === undefined ? '' : `: ${detailText}`}`,
    );
  }
  return lines.join('\n');
}

/** The whole candidate as text: header, feedback, artifacts, prompt and response, diff, files. */
export function describeCandidateText(
  detail: CandidateShow,
  options: { prompt: boolean; files: boolean },
): string {
  const parts = [`${headerOf(detail)}\n`];
  const evaluation = detail.evaluation;
  if (evaluation !== null) {
    parts.push(section('feedback', evaluation.feedback === '' ? '(none)' : evaluation.feedback));
    for (const [name, text] of Object.entries(evaluation.artifacts))
      parts.push(section(`artifact ${name}`, text));
  }
  if (options.prompt) {
    if (detail.llmCalls.length === 0 && detail.proposal !== null)
      parts.push(section('prompt', `(no LLM call: made by ${detail.proposal.model})`));
    for (const call of detail.llmCalls) {
      const prompt = call.messages.map((message) => `[${message.role}]\n${message.content}`).join('\n\n');
      parts.push(section(`prompt (${call.callId}, ${call.model})`, prompt));
      parts.push(
        section(`response (${call.callId})`, call.text ?? `(no response: ${call.error ?? 'in flight'})`),
      );
    }
  }
  const changed = detail.diff.filter((file) => file.change !== 'unchanged');
  if (changed.length > 0) {
    const stats = changed.map((file) => `${file.path} +${file.added} −${file.removed}`).join(', ');
    parts.push(
      section(
        `change from ${shortId(detail.parentIds[0] ?? '')}`,
        `${stats}\n(see \`ratchet diff ${shortId(detail.parentIds[0] ?? '')} ${shortId(detail.candidateId)}\`)`,
      ),
    );
  }
  if (options.files) {
    for (const file of detail.files) parts.push(section(file.path, file.content));
  }
  return parts.join('');
}

export function registerShow(program: Command): void {
  program
    .command('show')
    .description('show a candidate: its files, metrics, feedback, and the prompt and response that made it')
    .argument('<candidate>', 'candidate id, a unique prefix of one, or best / seed')
    .option('--run <run>', 'run id or prefix to read it from (default: the latest run holding it)')
    .option('--store <dir>', storeHelp)
    .option('--no-prompt', 'leave out the prompt and the response')
    .option('--no-files', 'leave out the file contents')
    .option('--json', 'print everything as JSON')
    .action((reference: string, flags: ShowFlags) => {
      const reader = openStoreReader(flags.store);
      try {
        const detail = showCandidate(reader, reference, flags.run === undefined ? {} : { run: flags.run });
        if (flags.json === true) printJson(detail);
        else
          process.stdout.write(
            describeCandidateText(detail, { prompt: flags.prompt !== false, files: flags.files !== false }),
          );
      } finally {
        reader.close();
      }
    });
}
