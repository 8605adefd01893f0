/** `tree` panels: nested records or a flat list with parent links, drawn as nested folds. */
import { h, routes } from '../dom.ts';
import { formatScore, shortId } from '../format.ts';
import {
  candidateIdPattern,
  idOf,
  isRecord,
  type Json,
  type JsonRecord,
  scoreOf,
  valueText,
} from './panel-values.ts';

const maxTreeNodes = 500;

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

/** The trees of `data`, or null when it has no shape this understands. */
export function treeView(data: Json, runId: string): HTMLElement | null {
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
