/** A run's settings as a definition list (shared by the run view and the report). */
import type { RunOverview } from '../../protocol.ts';
import { h } from '../dom.ts';
import { formatTime } from '../format.ts';

function describeObject(value: object): string {
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  return entries.length === 0
    ? '—'
    : entries
        .map(([key, item]) => `${key} ${typeof item === 'object' ? JSON.stringify(item) : String(item)}`)
        .join(' · ');
}

export function configList(overview: RunOverview): HTMLElement {
  const rows: [string, string][] = [
    ['problem', overview.problem],
    ['objective', `${overview.objective.direction} ${overview.objective.metric}`],
    [
      'strategy',
      `${overview.strategy.name}${Object.keys(overview.strategy.options).length === 0 ? '' : ` ${JSON.stringify(overview.strategy.options)}`}`,
    ],
    [
      'models',
      overview.models
        .map(
          (model) =>
            `${model.model}${model.weight === 1 ? '' : ` ×${model.weight}`}${model.temperature === undefined ? '' : ` t=${model.temperature}`}`,
        )
        .join(', '),
    ],
    ['budget', describeObject(overview.budget)],
    ['concurrency', `LLM ${overview.concurrency.llm} · evaluations ${overview.concurrency.evaluations}`],
    ['sandbox', `${overview.sandbox} · timeout ${overview.timeoutSeconds} s`],
    ['main file', `${overview.mainFile} (${overview.language})`],
    ['seed', String(overview.seed)],
    ['started', formatTime(overview.startedAt)],
    ['ratchet', overview.ratchetVersion],
  ];
  if (Object.keys(overview.labels).length > 0) rows.push(['labels', describeObject(overview.labels)]);
  return h(
    'div',
    { class: 'config' },
    h(
      'dl',
      { class: 'config-list' },
      ...rows.flatMap(([key, value]) => [h('dt', null, key), h('dd', null, value)]),
    ),
    overview.description.trim() === ''
      ? null
      : h(
          'details',
          { class: 'description' },
          h('summary', null, 'problem description'),
          h('pre', { class: 'prose' }, overview.description),
        ),
  );
}
