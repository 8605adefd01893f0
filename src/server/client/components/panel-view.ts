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
import { h } from '../dom.ts';
import { gridView } from './panel-grid.ts';
import { treeView } from './panel-tree.ts';
import { isRecord, type Json, valueNode, valueText } from './panel-values.ts';

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
