/**
 * The family tree of a run's candidates (d3-hierarchy layout, drawn as SVG), each node coloured by its
 * score. A node's first parent is its tree parent (a crossover's second parent gets a dashed link).
 * Clicking a node opens the candidate; the small box beside a node folds or unfolds its subtree.
 */
import { stratify, tree } from 'd3-hierarchy';
import type { Direction } from '../../../spec/problem.ts';
import type { LineageNode } from '../../protocol.ts';
import { h, routes, svg } from '../dom.ts';
import { formatScore, shortId } from '../format.ts';

const rowHeight = 18;
const columnWidth = 110;
const margin = 24;
/** Above this many nodes, subtrees off the best's path start folded. */
const foldAbove = 400;

export interface LineageTree {
  readonly element: HTMLElement;
  update(nodes: ReadonlyMap<string, LineageNode>, bestId: string | null): void;
}

/** Red (worst) → yellow → green (best) for t in [0, 1]. */
export function scoreColor(t: number): string {
  const stops = [
    [215, 48, 39],
    [254, 224, 139],
    [26, 152, 80],
  ] as const;
  const clamped = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0.5));
  const scaled = clamped * 2;
  const index = Math.min(1, Math.floor(scaled));
  const local = scaled - index;
  const from = stops[index] as readonly number[];
  const to = stops[index + 1] as readonly number[];
  const channel = (k: number) =>
    Math.round((from[k] as number) + ((to[k] as number) - (from[k] as number)) * local);
  return `rgb(${channel(0)}, ${channel(1)}, ${channel(2)})`;
}

export function lineageTree(runId: string, direction: Direction): LineageTree {
  const element = h('div', { class: 'lineage-tree' });
  const folded = new Set<string>();
  let initialised = false;
  let current: { nodes: ReadonlyMap<string, LineageNode>; bestId: string | null } = {
    nodes: new Map(),
    bestId: null,
  };

  const render = (): void => {
    const { nodes, bestId } = current;
    const children = new Map<string, string[]>();
    let rootId: string | null = null;
    for (const node of nodes.values()) {
      const parentId = node.parentIds.find((id) => nodes.has(id));
      if (parentId === undefined) {
        rootId ??= node.id;
        continue;
      }
      const list = children.get(parentId);
      if (list === undefined) children.set(parentId, [node.id]);
      else list.push(node.id);
    }
    if (rootId === null) {
      element.replaceChildren(h('p', { class: 'muted' }, 'No candidates yet.'));
      return;
    }
    if (!initialised && nodes.size > foldAbove) {
      initialised = true;
      const keep = new Set<string>();
      for (
        let id: string | undefined = bestId ?? undefined;
        id !== undefined;
        id = nodes.get(id)?.parentIds[0]
      )
        keep.add(id);
      for (const id of children.keys()) if (!keep.has(id)) folded.add(id);
    }
    // the visible nodes: everything not below a folded node (orphans hang from the root)
    const visible: { id: string; parentId: string | null }[] = [];
    const hiddenCount = new Map<string, number>();
    const below = descendantCounts(rootId, children);
    const stack: { id: string; parentId: string | null }[] = [{ id: rootId, parentId: null }];
    while (stack.length > 0) {
      const entry = stack.pop() as { id: string; parentId: string | null };
      visible.push(entry);
      if (folded.has(entry.id)) {
        hiddenCount.set(entry.id, below.get(entry.id) ?? 0);
        continue;
      }
      const kids = children.get(entry.id) ?? [];
      for (let index = kids.length - 1; index >= 0; index--)
        stack.push({ id: kids[index] as string, parentId: entry.id });
    }
    for (const node of nodes.values()) {
      if (node.id !== rootId && !node.parentIds.some((id) => nodes.has(id)))
        visible.push({ id: node.id, parentId: rootId });
    }

    const scores = [...nodes.values()]
      .map((node) => node.score)
      .filter((score): score is number => score !== null);
    const low = scores.reduce((min, score) => Math.min(min, score), Number.POSITIVE_INFINITY);
    const high = scores.reduce((max, score) => Math.max(max, score), Number.NEGATIVE_INFINITY);
    const goodness = (score: number) => {
      const t = high === low ? 1 : (score - low) / (high - low);
      return direction === 'maximize' ? t : 1 - t;
    };

    const root = stratify<{ id: string; parentId: string | null }>()
      .id((entry) => entry.id)
      .parentId((entry) => entry.parentId)(visible);
    const layout = tree<{ id: string; parentId: string | null }>().nodeSize([rowHeight, columnWidth])(root);
    let top = 0;
    let bottom = 0;
    let right = 0;
    layout.each((node) => {
      top = Math.min(top, node.x);
      bottom = Math.max(bottom, node.x);
      right = Math.max(right, node.y);
    });
    const width = right + columnWidth + margin * 2;
    const height = bottom - top + margin * 2;
    const at = (node: { x: number; y: number }) => ({ x: node.y + margin, y: node.x - top + margin });
    const positions = new Map<string, { x: number; y: number }>();
    layout.each((node) => positions.set(node.data.id, at(node)));

    const links = svg('g', { class: 'tree-links' });
    const marks = svg('g', { class: 'tree-nodes' });
    const labelled = nodes.size <= 200;
    for (const layoutNode of layout.descendants()) {
      const id = layoutNode.data.id;
      const node = nodes.get(id) as LineageNode;
      const position = positions.get(id) as { x: number; y: number };
      const parentPosition =
        layoutNode.parent === null ? undefined : positions.get(layoutNode.parent.data.id);
      if (parentPosition !== undefined) links.appendChild(link(parentPosition, position, 'tree-link'));
      for (const other of node.parentIds.slice(1)) {
        const otherPosition = positions.get(other);
        if (otherPosition !== undefined)
          links.appendChild(link(otherPosition, position, 'tree-link tree-link-secondary'));
      }
      const fill =
        node.score !== null ? scoreColor(goodness(node.score)) : node.status === null ? '#ffffff' : '#c8ccd2';
      const statusClass = node.status === null ? 'pending' : node.status;
      const title = [
        `${shortId(id)} · ${node.origin}`,
        node.status === null ? 'not evaluated yet' : `${node.status} ${formatScore(node.score)}`,
        node.evaluationNumber === null ? '' : `evaluation ${node.evaluationNumber}`,
        node.summary ?? '',
      ]
        .filter((line) => line !== '')
        .join('\n');
      const group = svg(
        'g',
        {
          class: `tree-node status-${statusClass}${id === bestId ? ' is-best' : ''}`,
          dataset: { candidateId: id },
          attrs: { transform: `translate(${position.x},${position.y})`, tabindex: '0', role: 'link' },
          on: {
            click: () => {
              location.hash = routes.candidate(runId, id);
            },
            keydown: (event) => {
              if (event.key === 'Enter') location.hash = routes.candidate(runId, id);
            },
          },
        },
        svg('title', null, title),
        svg('circle', { attrs: { r: id === bestId ? '7' : '5.5', fill } }),
        labelled || id === bestId
          ? svg('text', { class: 'tree-label', attrs: { x: '10', y: '4' } }, formatScore(node.score))
          : null,
      );
      marks.appendChild(group);
      const kids = children.get(id) ?? [];
      if (kids.length > 0) marks.appendChild(foldToggle(id, position, hiddenCount.get(id)));
    }
    element.replaceChildren(
      svg(
        'svg',
        {
          class: 'tree-svg',
          attrs: { width: String(width), height: String(height), viewBox: `0 0 ${width} ${height}` },
        },
        links,
        marks,
      ),
    );
  };

  const foldToggle = (
    id: string,
    position: { x: number; y: number },
    hidden: number | undefined,
  ): SVGGElement =>
    svg(
      'g',
      {
        class: 'tree-toggle',
        dataset: { toggleFor: id },
        attrs: { transform: `translate(${position.x - 16},${position.y - 5})` },
        on: {
          click: (event) => {
            event.stopPropagation();
            if (folded.has(id)) folded.delete(id);
            else folded.add(id);
            render();
          },
        },
      },
      svg('title', null, hidden === undefined ? 'fold this subtree' : `unfold ${hidden} hidden descendants`),
      svg('rect', { attrs: { width: '10', height: '10', rx: '2' } }),
      svg('text', { attrs: { x: '5', y: '8.5', 'text-anchor': 'middle' } }, hidden === undefined ? '−' : '+'),
    );

  return {
    element,
    update(nodes, bestId) {
      current = { nodes, bestId };
      render();
    },
  };
}

/** How many descendants each node has (iteratively: chains can be thousands deep). */
function descendantCounts(
  rootId: string,
  children: ReadonlyMap<string, readonly string[]>,
): Map<string, number> {
  const order: string[] = [];
  const stack = [rootId];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    order.push(id);
    for (const child of children.get(id) ?? []) stack.push(child);
  }
  const counts = new Map<string, number>();
  for (let index = order.length - 1; index >= 0; index--) {
    const id = order[index] as string;
    counts.set(
      id,
      (children.get(id) ?? []).reduce((sum, child) => sum + 1 + (counts.get(child) ?? 0), 0),
    );
  }
  return counts;
}

function link(
  from: { x: number; y: number },
  to: { x: number; y: number },
  className: string,
): SVGPathElement {
  const middle = (from.x + to.x) / 2;
  return svg('path', {
    class: className,
    attrs: { d: `M${from.x},${from.y}C${middle},${from.y} ${middle},${to.y} ${to.x},${to.y}` },
  });
}
