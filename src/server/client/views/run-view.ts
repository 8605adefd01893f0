/**
 * One run, live: the numbers, the curves, failures, spend, the lineage tree, the strategy's panels and
 * the configuration, kept current by the run's SSE stream.
 */
import type { EvaluationPoint, LineageNode, RunOverview, RunSnapshot } from '../../protocol.ts';
import { followRun } from '../api.ts';
import { configList } from '../components/config-list.ts';
import { lineageTree } from '../components/lineage-tree.ts';
import { panelView } from '../components/panel-view.ts';
import { failuresTable, spendTable, statCards } from '../components/run-numbers.ts';
import { scoreChart, throughputChart } from '../components/score-charts.ts';
import { h, replaceChildren, routes } from '../dom.ts';
import type { View } from './view.ts';

/** The tree is redrawn at most this often, and never more than a fifth of the time (big trees are slow). */
const treeRefreshMs = 1000;
const treeBusyShare = 5;

export function runView(runId: string): View {
  const title = h('h1', null, runId);
  const subtitle = h('p', { class: 'subtitle' });
  const connection = h('span', { class: 'connection', dataset: { connection: 'connecting' } }, 'connecting…');
  const statsBox = h('div');
  const failuresBox = h('div');
  const spendBox = h('div');
  const panelsBox = h('div', { class: 'panels' });
  const configBox = h('div');
  const treeBox = h('div');
  const chartsBox = h('section', { class: 'charts' });
  let charts: ReturnType<typeof scoreChart>[] = [];
  const element = h(
    'main',
    { class: 'view run-view', dataset: { runId } },
    h('p', null, h('a', { href: routes.runs() }, '← runs')),
    h('div', { class: 'view-head' }, title, connection),
    subtitle,
    statsBox,
    chartsBox,
    h(
      'div',
      { class: 'columns' },
      h('section', null, h('h2', null, 'Failures by kind'), failuresBox),
      h('section', null, h('h2', null, 'LLM spend'), spendBox),
    ),
    h(
      'section',
      null,
      h('h2', null, 'Lineage'),
      h(
        'p',
        { class: 'muted' },
        'Colour: score (red worst → green best; grey: not scored; white: not evaluated yet). Click a node to open the candidate; the box beside it folds the subtree.',
      ),
      treeBox,
    ),
    h('section', null, h('h2', null, 'Strategy'), panelsBox),
    h('section', null, h('h2', null, 'Configuration'), configBox),
  );

  let points: EvaluationPoint[] = [];
  const nodes = new Map<string, LineageNode>();
  let tree: ReturnType<typeof lineageTree> | null = null;
  let treeTimer: ReturnType<typeof setTimeout> | undefined;
  let treeDue = false;
  let latest: RunOverview | null = null;

  let treeDrawMs = 0;
  const drawTree = (): void => {
    treeTimer = undefined;
    if (latest === null) return;
    const started = performance.now();
    tree ??= lineageTree(runId, latest.objective.direction);
    if (tree.element.parentElement !== treeBox) replaceChildren(treeBox, tree.element);
    tree.update(nodes, latest.best?.candidateId ?? null);
    treeDue = false;
    treeDrawMs = performance.now() - started;
  };

  const apply = (update: RunSnapshot, full: boolean): void => {
    const { overview } = update;
    if (full) {
      points = [...update.points];
      nodes.clear();
    } else {
      points.push(...update.points);
    }
    for (const node of update.nodes) nodes.set(node.id, node);
    const firstTime = latest === null;
    latest = overview;
    if (firstTime) {
      charts = [
        scoreChart('number', overview.objective.metric),
        scoreChart('time', overview.objective.metric),
        throughputChart(),
      ];
      replaceChildren(chartsBox, ...charts.map((chart) => chart.element));
      replaceChildren(configBox, configList(overview));
      document.title = `${overview.problem} · ${runId} · Ratchet`;
    }
    replaceChildren(
      subtitle,
      `${overview.problem} · ${overview.strategy.name} · ${overview.models.map((model) => model.model).join(', ')} · `,
      h('span', { class: `badge status-${overview.status}` }, overview.status),
      overview.reason === null ? '' : ` (${overview.reason})`,
    );
    replaceChildren(
      statsBox,
      statCards(overview, (candidateId) => routes.candidate(runId, candidateId)),
    );
    replaceChildren(failuresBox, failuresTable(overview));
    replaceChildren(spendBox, spendTable(overview));
    replaceChildren(
      panelsBox,
      ...(update.panels.length === 0
        ? [h('p', { class: 'muted' }, `${overview.strategy.name} shows no panels.`)]
        : update.panels.map((panel) => panelView(panel, runId, overview.objective.direction === 'minimize'))),
    );
    for (const chart of charts) chart.update(points);
    element.dataset['evaluations'] = String(points.length);
    if (update.nodes.length > 0 || full) treeDue = true;
    if (treeDue && treeTimer === undefined)
      treeTimer = setTimeout(drawTree, firstTime ? 0 : Math.max(treeRefreshMs, treeBusyShare * treeDrawMs));
  };

  const stop = followRun(runId, {
    snapshot: (snapshot) => apply(snapshot, true),
    delta: (delta) => apply(delta, false),
    connection(state) {
      connection.dataset['connection'] = state;
      connection.textContent = state === 'live' ? '● live' : 'reconnecting…';
    },
  });

  return {
    element,
    dispose() {
      stop();
      clearTimeout(treeTimer);
      for (const chart of charts) chart.destroy();
    },
  };
}
