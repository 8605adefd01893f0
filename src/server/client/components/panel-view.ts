/**
 * Strategy panels, rendered by kind so that a new strategy needs no dashboard change. Shapes understood:
 * - `table`: an array of row objects, or `{ columns?, rows }` with rows as arrays or objects;
 * - `grid`: dense — an array of rows of cells, or `{ cells: [[…]], rowLabels?, columnLabels? }`; or
 *   sparse — cells `{ coordinates: [x, y, …], fitness | score, id | candidateId }` in an array, or in
 *   arrays (or arrays of arrays: one grid each) under any key of an object that may also give `bins`
 *   and `dimensions` (the axis names);
 * - `tree`: nested `{ label?, id?, score?, children? }`, or a flat array of `{ id, parent | parentId }`;
 * - `text`: a string.
 * Any other data is shown as JSON text. Numbers are coloured by score where it makes sense, and every
 * 64-hex string (a candidate id) links to its candidate.
 */
import type { StrategyPanel } from '../../../spec/strategy.ts';
import { type Child, h, routes } from '../dom.ts';
import { formatScore, shortId } from '../format.ts';
import { scoreColor } from './lineage-tree.ts';

type Json = unknown;
type JsonRecord = Record<string, Json>;

const maxTreeNodes = 500;
const candidateIdPattern = /^[0-9a-f]{64}$/;

const isRecord = (value: Json): value is JsonRecord =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function scoreOf(value: Json): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (!isRecord(value)) return null;
  for (const key of ['score', 'fitness']) {
    const candidate = value[key];
    if (typeof candidate === 'number' && Number.isFinite(candidate)) return candidate;
  }
  return null;
}

function idOf(value: JsonRecord): string | null {
  for (const key of ['candidateId', 'id']) {
    const candidate = value[key];
    if (typeof candidate === 'string') return candidate;
  }
  return null;
}

function valueText(value: Json): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return formatScore(value);
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** A value for a cell: a candidate id becomes a link to it. */
function valueNode(value: Json, runId: string): Child {
  if (typeof value === 'string' && candidateIdPattern.test(value))
    return h('a', { href: routes.candidate(runId, value), class: 'mono', title: value }, shortId(value));
  return valueText(value);
}

/** Colours for scores between the lowest and highest given (green best). */
function scaleFor(scores: readonly number[], minimize: boolean): (score: number) => string {
  const low = scores.reduce((min, score) => Math.min(min, score), Number.POSITIVE_INFINITY);
  const high = scores.reduce((max, score) => Math.max(max, score), Number.NEGATIVE_INFINITY);
  return (score) => {
    const t = high === low ? 1 : (score - low) / (high - low);
    return scoreColor(minimize ? 1 - t : t);
  };
}

function jsonView(data: Json): HTMLElement {
  return h('pre', { class: 'panel-json' }, JSON.stringify(data, null, 2) ?? String(data));
}

function tableView(data: Json, runId: string): HTMLElement | null {
  let columns: string[];
  let rows: Json[][];
  if (Array.isArray(data) && data.length > 0 && data.every(isRecord)) {
    columns = [...new Set(data.flatMap((row) => Object.keys(row)))];
    rows = data.map((row) => columns.map((column) => row[column]));
  } else if (isRecord(data) && Array.isArray(data['rows'])) {
    const rawRows = data['rows'] as Json[];
    columns = Array.isArray(data['columns'])
      ? (data['columns'] as Json[]).map(valueText)
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
      ...rows.map((row) => h('tr', null, ...row.map((cell) => h('td', null, valueNode(cell, runId))))),
    ),
  );
}

interface GridSpec {
  readonly label: string;
  readonly rows: readonly (readonly Json[])[];
  readonly rowLabels: readonly string[];
  readonly columnLabels: readonly string[];
}

const isCell = (value: Json): value is JsonRecord =>
  isRecord(value) &&
  Array.isArray(value['coordinates']) &&
  value['coordinates'].every((c) => typeof c === 'number');

/** Sparse cells placed on a bins × bins grid (first coordinate: column, second: row; best cell wins). */
function denseFromCells(label: string, cells: readonly JsonRecord[], bins: number | null): GridSpec {
  const coordinates = cells.map((cell) => cell['coordinates'] as number[]);
  const width = bins ?? Math.max(1, ...coordinates.map((c) => (c[0] ?? 0) + 1));
  const height = coordinates.some((c) => c.length > 1)
    ? (bins ?? Math.max(1, ...coordinates.map((c) => (c[1] ?? 0) + 1)))
    : 1;
  const rows: Json[][] = Array.from({ length: height }, () => new Array<Json>(width).fill(null));
  cells.forEach((cell, index) => {
    const [x = 0, y = 0] = coordinates[index] as number[];
    const row = rows[height - 1 - y];
    if (row === undefined || x < 0 || x >= width) return;
    const current = row[x];
    if (
      current === null ||
      (scoreOf(cell) ?? Number.NEGATIVE_INFINITY) > (scoreOf(current) ?? Number.NEGATIVE_INFINITY)
    )
      row[x] = cell;
  });
  return { label, rows, rowLabels: [], columnLabels: [] };
}

function gridSpecs(data: Json): GridSpec[] | null {
  if (
    Array.isArray(data) &&
    data.length > 0 &&
    data.every(Array.isArray) &&
    !data.some((row) => row.some(isCell))
  )
    return [{ label: '', rows: data as Json[][], rowLabels: [], columnLabels: [] }];
  if (Array.isArray(data) && data.every(isCell)) return [denseFromCells('', data, null)];
  if (!isRecord(data)) return null;
  if (Array.isArray(data['cells']) && data['cells'].every(Array.isArray)) {
    return [
      {
        label: '',
        rows: data['cells'] as Json[][],
        rowLabels: Array.isArray(data['rowLabels']) ? (data['rowLabels'] as Json[]).map(valueText) : [],
        columnLabels: Array.isArray(data['columnLabels'])
          ? (data['columnLabels'] as Json[]).map(valueText)
          : [],
      },
    ];
  }
  const bins = typeof data['bins'] === 'number' ? data['bins'] : null;
  const specs: GridSpec[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (!Array.isArray(value) || value.length === 0) continue;
    if (value.every(isCell)) specs.push(denseFromCells(key, value, bins));
    else if (value.every((group) => Array.isArray(group) && group.every(isCell)))
      specs.push(
        ...value.map((group, index) => denseFromCells(`${key} ${index}`, group as JsonRecord[], bins)),
      );
  }
  return specs.length === 0 ? null : specs;
}

function gridView(data: Json, runId: string, minimize: boolean): HTMLElement | null {
  const specs = gridSpecs(data);
  if (specs === null) return null;
  const cells = specs.flatMap((spec) => spec.rows.flat());
  const scores = cells.map(scoreOf).filter((score): score is number => score !== null);
  // `fitness` is higher-is-better by definition; `score` follows the objective
  const color = scaleFor(scores, minimize && !cells.some((cell) => isRecord(cell) && 'fitness' in cell));
  const dimensions =
    isRecord(data) && Array.isArray(data['dimensions']) ? (data['dimensions'] as Json[]).map(valueText) : [];
  const renderCell = (cell: Json): HTMLElement => {
    const score = scoreOf(cell);
    const id = isRecord(cell) ? idOf(cell) : null;
    const text = score === null ? (isRecord(cell) ? '' : valueText(cell)) : formatScore(score);
    const td = h(
      'td',
      {
        class: cell === null || cell === undefined ? 'grid-cell empty' : 'grid-cell',
        ...(id === null ? {} : { title: `${shortId(id)} ${text}` }),
      },
      id !== null && candidateIdPattern.test(id)
        ? h('a', { href: routes.candidate(runId, id) }, '●')
        : score === null
          ? text
          : '',
    );
    if (score !== null) td.style.backgroundColor = color(score);
    return td;
  };
  return h(
    'div',
    null,
    dimensions.length > 0
      ? h(
          'p',
          { class: 'muted' },
          `columns: ${dimensions[0]}${dimensions[1] === undefined ? '' : ` · rows: ${dimensions[1]} (low at the bottom)`}`,
        )
      : null,
    h(
      'div',
      { class: 'panel-grids' },
      ...specs.map((spec) =>
        h(
          'figure',
          { class: 'panel-grid' },
          h(
            'table',
            { class: 'grid-table' },
            spec.columnLabels.length > 0
              ? h(
                  'thead',
                  null,
                  h('tr', null, h('th', null, ''), ...spec.columnLabels.map((label) => h('th', null, label))),
                )
              : null,
            h(
              'tbody',
              null,
              ...spec.rows.map((row, index) =>
                h(
                  'tr',
                  null,
                  spec.rowLabels.length > 0 ? h('th', null, spec.rowLabels[index] ?? '') : null,
                  ...row.map(renderCell),
                ),
              ),
            ),
          ),
          spec.label === '' ? null : h('figcaption', { class: 'muted' }, spec.label),
        ),
      ),
    ),
  );
}

interface TreeItem {
  readonly record: JsonRecord;
  readonly children: TreeItem[];
}

/** Nested `{children}` records, or a flat list with `parent`/`parentId` links, as trees. */
function treeItems(data: Json): TreeItem[] | null {
  const nested = (record: JsonRecord): TreeItem => ({
    record,
    children: Array.isArray(record['children']) ? record['children'].filter(isRecord).map(nested) : [],
  });
  if (isRecord(data)) return [nested(data)];
  if (!Array.isArray(data) || !data.every(isRecord)) return null;
  const parentKey = data.some((record) => 'parent' in record)
    ? 'parent'
    : data.some((record) => 'parentId' in record)
      ? 'parentId'
      : null;
  if (parentKey === null) return data.map(nested);
  const items = new Map<string, TreeItem>();
  for (const record of data) {
    const id = idOf(record);
    if (id !== null) items.set(id, { record, children: [] });
  }
  const roots: TreeItem[] = [];
  for (const record of data) {
    const id = idOf(record);
    const item = id === null ? { record, children: [] } : (items.get(id) as TreeItem);
    const parent = record[parentKey];
    const parentItem = typeof parent === 'string' ? items.get(parent) : undefined;
    if (parentItem !== undefined && parentItem !== item) parentItem.children.push(item);
    else roots.push(item);
  }
  return roots;
}

function treeView(data: Json, runId: string): HTMLElement | null {
  const roots = treeItems(data);
  if (roots === null) return null;
  let budget = maxTreeNodes;
  const render = (item: TreeItem, depth: number): HTMLElement | null => {
    if (budget <= 0) return null;
    budget -= 1;
    const { record } = item;
    const id = idOf(record);
    const score = scoreOf(record);
    const label =
      record['label'] !== undefined ? valueText(record['label']) : id !== null ? shortId(id) : 'node';
    const extra = Object.entries(record).filter(
      ([key]) =>
        !['label', 'id', 'candidateId', 'score', 'fitness', 'children', 'parent', 'parentId'].includes(key),
    );
    const head = h(
      'span',
      null,
      id !== null && candidateIdPattern.test(id)
        ? h('a', { href: routes.candidate(runId, id), class: 'mono' }, label)
        : label,
      score === null ? null : h('strong', null, ` ${formatScore(score)}`),
      extra.length === 0
        ? null
        : h(
            'span',
            { class: 'muted' },
            ` ${extra.map(([key, value]) => `${key} ${valueText(value)}`).join(' · ')}`,
          ),
    );
    if (item.children.length === 0) return h('div', { class: 'panel-tree-leaf' }, head);
    const fold = h(
      'details',
      { class: 'panel-tree-node' },
      h('summary', null, head),
      ...item.children.map((child) => render(child, depth + 1)),
    );
    fold.open = depth < 2;
    return fold;
  };
  const rendered = roots.map((root) => render(root, 0));
  return h(
    'div',
    { class: 'panel-tree' },
    ...rendered,
    budget <= 0 ? h('p', { class: 'muted' }, `(only the first ${maxTreeNodes} nodes are shown)`) : null,
  );
}

function body(panel: StrategyPanel, runId: string, minimize: boolean): HTMLElement {
  switch (panel.kind) {
    case 'text':
      return typeof panel.data === 'string'
        ? h('pre', { class: 'panel-text' }, panel.data)
        : jsonView(panel.data);
    case 'table':
      return tableView(panel.data, runId) ?? jsonView(panel.data);
    case 'grid':
      return gridView(panel.data, runId, minimize) ?? jsonView(panel.data);
    case 'tree':
      return treeView(panel.data, runId) ?? jsonView(panel.data);
    default:
      return jsonView(panel.data);
  }
}

/** One panel; `minimize` flips the colour scale for minimized objectives. */
export function panelView(panel: StrategyPanel, runId: string, minimize = false): HTMLElement {
  return h(
    'section',
    { class: 'panel', dataset: { panelKind: String(panel.kind) } },
    h('h3', null, panel.title),
    body(panel, runId, minimize),
  );
}
