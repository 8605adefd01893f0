/**
 * One candidate: what changed from its parent, how it scored and what the evaluator said, its full
 * content, and the proposal and LLM exchange that produced it.
 */
import type { CandidateDetail, LlmCallRecord } from '../../protocol.ts';
import { api } from '../api.ts';
import { codeView } from '../components/code-view.ts';
import { diffView } from '../components/diff-view.ts';
import { h, replaceChildren, routes } from '../dom.ts';
import { formatCost, formatCount, formatScore, shortId } from '../format.ts';
import type { View } from './view.ts';

const maxChildLinks = 24;

function candidateLinks(runId: string, ids: readonly string[], none: string): HTMLElement {
  if (ids.length === 0) return h('span', { class: 'muted' }, none);
  const shown = ids.slice(0, maxChildLinks);
  return h(
    'span',
    { class: 'candidate-links' },
    ...shown.map((id) => h('a', { href: routes.candidate(runId, id), class: 'mono' }, shortId(id))),
    ids.length > shown.length ? h('span', { class: 'muted' }, `and ${ids.length - shown.length} more`) : null,
  );
}

function metricsTable(detail: CandidateDetail): HTMLElement {
  const metrics = Object.entries(detail.evaluation?.metrics ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (metrics.length === 0) return h('p', { class: 'muted' }, 'No metrics.');
  return h(
    'table',
    { class: 'data-table metrics-table' },
    h(
      'tbody',
      null,
      ...metrics.map(([name, value]) =>
        h(
          'tr',
          { class: name === detail.objective.metric ? 'objective' : '' },
          h('th', null, name),
          h('td', { class: 'number' }, formatScore(value)),
        ),
      ),
    ),
  );
}

function llmCallView(call: LlmCallRecord): HTMLElement {
  const usage =
    call.usage === undefined
      ? ''
      : ` · ${formatCount(call.usage.inputTokens)} in / ${formatCount(call.usage.outputTokens)} out tokens`;
  const cost = call.costUsd === undefined ? '' : ` · ${formatCost(call.costUsd)}`;
  const duration = call.durationMs === undefined ? '' : ` · ${(call.durationMs / 1000).toFixed(1)} s`;
  const response = h(
    'details',
    { class: 'llm-response' },
    h('summary', null, call.ok === false ? 'error' : 'response'),
    h(
      'pre',
      { class: 'prose' },
      call.ok === false ? (call.error ?? 'failed') : (call.text ?? '(no answer recorded)'),
    ),
  );
  response.open = true;
  return h(
    'div',
    { class: 'llm-call' },
    h(
      'p',
      { class: 'muted' },
      `${call.callId} · ${call.model}${call.temperature === undefined ? '' : ` · t=${call.temperature}`}${usage}${cost}${duration}`,
    ),
    ...call.messages.map((message) =>
      h(
        'details',
        { class: `llm-message role-${message.role}` },
        h('summary', null, message.role),
        h('pre', { class: 'prose' }, message.content),
      ),
    ),
    response,
  );
}

function render(detail: CandidateDetail): HTMLElement[] {
  const { evaluation, runId } = detail;
  const main = detail.files.find((file) => file.path === detail.mainFile);
  const files = main === undefined ? detail.files : [main, ...detail.files.filter((file) => file !== main)];
  const artifacts = Object.entries(evaluation?.artifacts ?? {});
  const proposal = detail.proposal;
  return [
    h('p', null, h('a', { href: routes.run(runId) }, `← run ${runId}`)),
    h(
      'div',
      { class: 'view-head' },
      h('h1', null, 'Candidate ', h('span', { class: 'mono' }, shortId(detail.candidateId))),
      evaluation === null
        ? h('span', { class: 'badge status-pending' }, 'not evaluated yet')
        : h('span', { class: `badge status-${evaluation.status}` }, evaluation.status),
      detail.isBest ? h('span', { class: 'badge best' }, 'best') : null,
    ),
    h(
      'dl',
      { class: 'config-list' },
      h('dt', null, detail.objective.metric),
      h('dd', { class: 'candidate-score' }, formatScore(evaluation?.score)),
      h('dt', null, 'origin'),
      h(
        'dd',
        null,
        `${detail.origin}${detail.evaluationNumber === null ? '' : ` · evaluation ${detail.evaluationNumber}`}`,
      ),
      h('dt', null, 'parents'),
      h('dd', null, candidateLinks(runId, detail.parentIds, 'none (the seed)')),
      h('dt', null, 'children'),
      h('dd', null, candidateLinks(runId, detail.childIds, 'none')),
      h('dt', null, 'id'),
      h('dd', { class: 'mono' }, detail.candidateId),
    ),
    h(
      'section',
      { id: 'diff' },
      h(
        'h2',
        null,
        'Diff against parent',
        detail.parentIds[0] === undefined ? '' : ` ${shortId(detail.parentIds[0])}`,
      ),
      diffView(
        detail.diff,
        detail.parentIds.length === 0 ? 'The seed has no parent.' : 'Same content as its parent.',
      ),
    ),
    h('section', null, h('h2', null, 'Metrics'), metricsTable(detail)),
    h(
      'section',
      null,
      h('h2', null, 'Evaluator feedback'),
      evaluation === null || evaluation.feedback === ''
        ? h('p', { class: 'muted' }, 'None.')
        : h('pre', { class: 'prose feedback' }, evaluation.feedback),
    ),
    artifacts.length === 0
      ? null
      : h(
          'section',
          null,
          h('h2', null, 'Artifacts'),
          ...artifacts.map(([name, text]) =>
            h('details', { class: 'artifact' }, h('summary', null, name), h('pre', { class: 'prose' }, text)),
          ),
        ),
    h(
      'section',
      null,
      h('h2', null, 'Content'),
      ...files.map((file) =>
        h(
          'div',
          { class: 'file' },
          h('h3', { class: 'file-name' }, file.path),
          codeView(
            file.content,
            file.path === detail.mainFile ? detail.language : (file.path.split('.').pop() ?? ''),
          ),
        ),
      ),
    ),
    h(
      'section',
      null,
      h('h2', null, 'How it was made'),
      proposal === null
        ? h(
            'p',
            { class: 'muted' },
            detail.origin === 'seed' ? 'The seed: from the problem folder.' : 'No proposal recorded.',
          )
        : h(
            'p',
            null,
            `${proposal.mode} by ${proposal.model}${proposal.summary === undefined ? '' : ` — ${proposal.summary}`}${
              Object.keys(proposal.tags).length === 0
                ? ''
                : ` · ${Object.entries(proposal.tags)
                    .map(([key, value]) => `${key}=${String(value)}`)
                    .join(' ')}`
            }`,
          ),
      ...detail.llmCalls.map(llmCallView),
    ),
  ].filter((part): part is HTMLElement => part !== null);
}

export function candidateView(runId: string, candidateId: string): View {
  const element = h(
    'main',
    { class: 'view candidate-view', dataset: { candidateId } },
    h('p', { class: 'muted' }, 'Loading the candidate…'),
  );
  void api
    .candidate(runId, candidateId)
    .then((detail) => {
      replaceChildren(element, ...render(detail));
      document.title = `${shortId(candidateId)} · ${runId} · Ratchet`;
    })
    .catch((error: Error) =>
      replaceChildren(element, h('p', { class: 'error' }, `Cannot load the candidate: ${error.message}`)),
    );
  return { element, dispose() {} };
}
