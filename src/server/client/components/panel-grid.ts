/**
 * `grid` panels: dense rows of cells, or sparse cells with coordinates (one grid per group, e.g. per
 * island), each cell coloured by its score and linked to its candidate.
 */
import { h, routes } from '../dom.ts';
import { formatScore, shortId } from '../format.ts';
import {
  candidateIdPattern,
  idOf,
  isRecord,
  type Json,
  type JsonRecord,
  scaleFor,
  scoreOf,
  valueText,
} from './panel-values.ts';

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

/** The grids of `data`, or null when it has no shape this understands. */
export function gridView(data: Json, runId: string, minimize: boolean): HTMLElement | null {
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
