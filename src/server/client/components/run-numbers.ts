/** A run's numbers: headline cards, failures by kind, LLM spend per model (dashboard and report). */
import type { RunOverview } from '../../protocol.ts';
import { h } from '../dom.ts';
import { formatCost, formatCount, formatDuration, formatScore, shortId } from '../format.ts';

function stat(label: string, value: string | Node, detail = ''): HTMLElement {
  return h(
    'div',
    { class: 'stat' },
    h('div', { class: 'stat-label' }, label),
    h('div', { class: 'stat-value' }, value),
    detail === '' ? null : h('div', { class: 'stat-detail muted' }, detail),
  );
}

/** The headline numbers; `bestLink` makes the best score a link (the dashboard), or not (the report). */
export function statCards(overview: RunOverview, bestLink?: (candidateId: string) => string): HTMLElement {
  const { counts } = overview;
  const minutes = overview.activeMs / 60_000;
  const failed = counts.evaluations - counts.statuses.scored;
  return h(
    'div',
    { class: 'stats' },
    stat(
      `best ${overview.objective.metric} ${overview.objective.direction === 'maximize' ? '↑' : '↓'}`,
      overview.best === null
        ? '—'
        : bestLink === undefined
          ? formatScore(overview.best.score)
          : h(
              'a',
              { href: bestLink(overview.best.candidateId), class: 'best-link' },
              formatScore(overview.best.score),
            ),
      overview.best === null ? '' : shortId(overview.best.candidateId),
    ),
    stat(
      'evaluations',
      formatCount(counts.evaluations),
      `${counts.evaluationsInFlight} running · ${failed} not scored`,
    ),
    stat(
      'throughput',
      minutes > 0 ? `${(counts.evaluations / minutes).toFixed(1)}/min` : '—',
      `active ${formatDuration(overview.activeMs)}`,
    ),
    stat(
      'proposals',
      formatCount(counts.proposals),
      `${counts.failedProposals} failed · ${counts.duplicateProposals} duplicate · ${counts.rejectedProposals} rejected`,
    ),
    stat(
      'LLM calls',
      formatCount(counts.llmCalls),
      `${formatCount(counts.inputTokens)} in · ${formatCount(counts.outputTokens)} out tokens`,
    ),
    stat('spend', formatCost(counts.costUsd)),
  );
}

export function failuresTable(overview: RunOverview): HTMLElement {
  if (overview.failures.length === 0) return h('p', { class: 'muted' }, 'Nothing has failed.');
  return h(
    'table',
    { class: 'data-table failures-table' },
    h('thead', null, h('tr', null, h('th', null, 'kind'), h('th', null, 'count'))),
    h(
      'tbody',
      null,
      ...overview.failures.map((failure) =>
        h('tr', null, h('td', null, failure.kind), h('td', { class: 'number' }, formatCount(failure.count))),
      ),
    ),
  );
}

export function spendTable(overview: RunOverview): HTMLElement {
  if (overview.spend.length === 0)
    return h('p', { class: 'muted' }, 'No LLM calls (the proposer is not an LLM, or none has run yet).');
  return h(
    'table',
    { class: 'data-table spend-table' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        ...['model', 'calls', 'failed', 'input tokens', 'output tokens', 'cost'].map((title) =>
          h('th', null, title),
        ),
      ),
    ),
    h(
      'tbody',
      null,
      ...overview.spend.map((entry) =>
        h(
          'tr',
          null,
          h('td', null, entry.model),
          h('td', { class: 'number' }, formatCount(entry.calls)),
          h('td', { class: 'number' }, formatCount(entry.failedCalls)),
          h('td', { class: 'number' }, formatCount(entry.usage.inputTokens)),
          h('td', { class: 'number' }, formatCount(entry.usage.outputTokens)),
          h('td', { class: 'number' }, formatCost(entry.costUsd)),
        ),
      ),
    ),
  );
}
