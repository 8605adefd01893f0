/**
 * Strategy panels, rendered by kind so that a new strategy needs no dashboard change:
 * - `table`: an array of row objects, or `{ columns, rows }` with rows as arrays or objects;
 * - `grid`: an array of rows of cells, or `{ cells, rowLabels?, columnLabels?, xLabel?, yLabel? }`;
 *   a cell is a number, null, or `{ score?, label?, candidateId? }` and is coloured by its score;
 * - `tree`: `{ label?, id?, score?, children? }` (or an array of them), drawn as nested folds;
 * - `text`: a string.
 * Data of any other shape is shown as JSON text.
 */
import type { StrategyPanel } from '../../../spec/strategy.ts';
import { type Child, h, routes } from '../dom.ts';
import { formatScore, shortId } from '../format.ts';
import { scoreColor } from './lineage-tree.ts';

type Json = unknown;

const isRecord = (value: Json): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function cellText(value: Json): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return formatScore(value);
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function jsonView(data: Json): HTMLElement {
  return h('pre', { class: 'panel-json' }, JSON.stringify(data, null, 2) ?? String(data));
}

function tableView(data: Json): HTMLElement | null {
  let columns: string[];
  let rows: Json[][];
  if (Array.isArray(data) && data.every(isRecord)) {
    columns = [...new Set(data.flatMap((row) => Object.keys(row)))];
    rows = data.map((row) => columns.map((column) => row[column]));
  } else if (isRecord(data) && Array.isArray(data['rows'])) {
    const rawRows = data['rows'] as Json[];
    columns = Array.isArray(data['columns'])
      ? (data['columns'] as Json[]).map(String)
      : [...new Set(rawRows.filter(isRecord).flatMap((row) => Object.keys(row)))];
    rows = rawRows.map((row) =>
      Array.isArray(row) ? row : isRecord(row) ? columns.map((column) => row[column]) : [row],
    );
  } else {
    return null;
  }
  return h(
    'table',
    { class: 'data-table panel-table' },
    h('thead', null, h('tr', null, ...columns.map((column) => h('th', null, column)))),
    h(
      'tbody',
      null,
      ...rows.map((row) => h('tr', null, ...row.map((cell) => h('td', null, cellText(cell))))),
    ),
  );
}

function gridView(data: Json, runId: string): HTMLElement | null {
  const spec = Array.isArray(data) ? { cells: data } : isRecord(data) ? data : null;
  const cells = spec?.['cells'];
  if (spec === null || !Array.isArray(cells) || !cells.every(Array.isArray)) return null;
  const rows = cells as Json[][];
  const scoreOf = (cell: Json): number | null =>
    typeof cell === 'number'
      ? cell
      : isRecord(cell) && typeof cell['score'] === 'number'
        ? cell['score']
        : null;
  const scores = rows
    .flat()
    .map(scoreOf)
    .filter((score): score is number => score !== null);
  const low = scores.reduce((min, score) => Math.min(min, score), Number.POSITIVE_INFINITY);
  const high = scores.reduce((max, score) => Math.max(max, score), Number.NEGATIVE_INFINITY);
  const minimize = spec['direction'] === 'minimize';
  const rowLabels = Array.isArray(spec['rowLabels']) ? (spec['rowLabels'] as Json[]).map(cellText) : [];
  const columnLabels = Array.isArray(spec['columnLabels'])
    ? (spec['columnLabels'] as Json[]).map(cellText)
    : [];
  const renderCell = (cell: Json): HTMLElement => {
    const score = scoreOf(cell);
    const candidateId =
      isRecord(cell) && typeof cell['candidateId'] === 'string' ? cell['candidateId'] : null;
    const label =
      isRecord(cell) && cell['label'] !== undefined ? cellText(cell['label']) : cellText(score ?? cell);
    const td = h(
      'td',
      {
        class: score === null ? 'grid-cell empty' : 'grid-cell',
        ...(candidateId === null ? {} : { title: shortId(candidateId) }),
      },
      candidateId === null ? label : h('a', { href: routes.candidate(runId, candidateId) }, label),
    );
    if (score !== null) {
      const t = high === low ? 1 : (score - low) / (high - low);
      td.style.backgroundColor = scoreColor(minimize ? 1 - t : t);
    }
    return td;
  };
  return h(
    'div',
    { class: 'panel-grid' },
    typeof spec['yLabel'] === 'string' || typeof spec['xLabel'] === 'string'
      ? h('p', { class: 'muted' }, `rows: ${cellText(spec['yLabel'])} · columns: ${cellText(spec['xLabel'])}`)
      : null,
    h(
      'table',
      { class: 'grid-table' },
      columnLabels.length > 0
        ? h(
            'thead',
            null,
            h('tr', null, h('th', null, ''), ...columnLabels.map((label) => h('th', null, label))),
          )
        : null,
      h(
        'tbody',
        null,
        ...rows.map((row, index) =>
          h(
            'tr',
            null,
            rowLabels.length > 0 ? h('th', null, rowLabels[index] ?? '') : null,
            ...row.map(renderCell),
          ),
        ),
      ),
    ),
  );
}

function treeNodeView(node: Json, runId: string, depth: number): HTMLElement {
  if (!isRecord(node)) return h('div', { class: 'panel-tree-leaf' }, cellText(node));
  const id = typeof node['id'] === 'string' ? node['id'] : null;
  const parts: Child[] = [
    node['label'] !== undefined ? cellText(node['label']) : id !== null ? shortId(id) : 'node',
    typeof node['score'] === 'number'
      ? h('span', { class: 'muted' }, ` ${formatScore(node['score'])}`)
      : null,
  ];
  const extra = Object.entries(node).filter(([key]) => !['label', 'id', 'score', 'children'].includes(key));
  const details =
    extra.length === 0
      ? null
      : h(
          'span',
          { class: 'muted' },
          ` ${extra.map(([key, value]) => `${key}=${cellText(value)}`).join(' ')}`,
        );
  const head =
    id !== null && /^[0-9a-f]{64}$/.test(id)
      ? h('a', { href: routes.candidate(runId, id) }, ...parts)
      : h('span', null, ...parts);
  const kids = Array.isArray(node['children']) ? (node['children'] as Json[]) : [];
  if (kids.length === 0) return h('div', { class: 'panel-tree-leaf' }, head, details);
  const fold = h(
    'details',
    { class: 'panel-tree-node' },
    h('summary', null, head, details),
    ...kids.map((kid) => treeNodeView(kid, runId, depth + 1)),
  );
  fold.open = depth < 2;
  return fold;
}

function treeView(data: Json, runId: string): HTMLElement | null {
  const roots = Array.isArray(data) ? data : isRecord(data) ? [data] : null;
  if (roots === null) return null;
  return h('div', { class: 'panel-tree' }, ...roots.map((root) => treeNodeView(root, runId, 0)));
}

function body(panel: StrategyPanel, runId: string): HTMLElement {
  switch (panel.kind) {
    case 'text':
      return typeof panel.data === 'string'
        ? h('pre', { class: 'panel-text' }, panel.data)
        : jsonView(panel.data);
    case 'table':
      return tableView(panel.data) ?? jsonView(panel.data);
    case 'grid':
      return gridView(panel.data, runId) ?? jsonView(panel.data);
    case 'tree':
      return treeView(panel.data, runId) ?? jsonView(panel.data);
    default:
      return jsonView(panel.data);
  }
}

export function panelView(panel: StrategyPanel, runId: string): HTMLElement {
  return h(
    'section',
    { class: 'panel', dataset: { panelKind: String(panel.kind) } },
    h('h3', null, panel.title),
    body(panel, runId),
  );
}
