/**
 * The script of a self-contained report: it reads the run's data from the page's JSON block and draws
 * the curves, the numbers, the best candidate with its diff from the seed, the best's lineage and the
 * configuration. No network: everything it needs is in the file.
 */
import { type ReportData, reportDataElementId } from '../protocol.ts';
import { useStaticCharts } from './components/chart.ts';
import { codeView } from './components/code-view.ts';
import { configList } from './components/config-list.ts';
import { diffView } from './components/diff-view.ts';
import { failuresTable, spendTable, statCards } from './components/run-numbers.ts';
import { scoreChart, throughputChart } from './components/score-charts.ts';
import { h, replaceChildren } from './dom.ts';
import { formatScore, formatTime, shortId } from './format.ts';

function lineageTable(data: ReportData): HTMLElement {
  if (data.bestLineage.length === 0) return h('p', { class: 'muted' }, 'No scored candidate.');
  return h(
    'table',
    { class: 'data-table lineage-table' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        ...['step', 'candidate', 'origin', 'evaluation', data.overview.objective.metric, 'change'].map(
          (title) => h('th', null, title),
        ),
      ),
    ),
    h(
      'tbody',
      null,
      ...data.bestLineage.map((step, index) =>
        h(
          'tr',
          null,
          h('td', { class: 'number' }, String(index)),
          h('td', { class: 'mono' }, shortId(step.candidateId)),
          h('td', null, `${step.origin}${step.model === undefined ? '' : ` (${step.model})`}`),
          h('td', { class: 'number' }, step.evaluationNumber === null ? '—' : String(step.evaluationNumber)),
          h('td', { class: 'number' }, formatScore(step.score)),
          h('td', null, step.summary ?? ''),
        ),
      ),
    ),
  );
}

function bestSection(data: ReportData): HTMLElement {
  const { best, overview } = data;
  if (best === null)
    return h(
      'section',
      { id: 'best' },
      h('h2', null, 'Best candidate'),
      h('p', { class: 'muted' }, 'No candidate was scored.'),
    );
  const metrics = Object.entries(best.metrics).sort(([a], [b]) => a.localeCompare(b));
  const main = best.files.find((file) => file.path === overview.mainFile);
  return h(
    'section',
    { id: 'best' },
    h(
      'h2',
      null,
      `Best candidate ${shortId(best.candidateId)}: ${overview.objective.metric} ${formatScore(best.score)}`,
    ),
    h(
      'table',
      { class: 'data-table metrics-table' },
      h(
        'tbody',
        null,
        ...metrics.map(([name, value]) =>
          h('tr', null, h('th', null, name), h('td', { class: 'number' }, formatScore(value))),
        ),
      ),
    ),
    h('h3', null, 'Diff from the seed'),
    diffView(best.diffFromSeed, 'The best candidate is the seed.'),
    best.feedback === ''
      ? null
      : h(
          'details',
          null,
          h('summary', null, 'evaluator feedback'),
          h('pre', { class: 'prose feedback' }, best.feedback),
        ),
    main === undefined
      ? null
      : h(
          'details',
          null,
          h('summary', null, `full ${main.path}`),
          codeView(main.content, overview.language),
        ),
  );
}

function render(data: ReportData): HTMLElement {
  const { overview } = data;
  const curves = [
    scoreChart('number', overview.objective.metric),
    scoreChart('time', overview.objective.metric),
  ];
  const throughput = throughputChart();
  const charts = [...curves, throughput];
  const element = h(
    'main',
    { class: 'view report' },
    h('h1', null, `${overview.problem} — ${overview.runId}`),
    h(
      'p',
      { class: 'subtitle' },
      `${overview.strategy.name} · ${overview.models.map((model) => model.model).join(', ')} · `,
      h('span', { class: `badge status-${overview.status}` }, overview.status),
      overview.reason === null ? '' : ` (${overview.reason})`,
      ` · report of ${formatTime(data.generatedAt)}`,
    ),
    statCards(overview),
    h('section', { id: 'curves', class: 'charts' }, ...curves.map((chart) => chart.element)),
    bestSection(data),
    h('section', { id: 'lineage' }, h('h2', null, 'Lineage of the best'), lineageTable(data)),
    h(
      'section',
      { id: 'throughput' },
      h('h2', null, 'Throughput'),
      h('div', { class: 'charts' }, throughput.element),
    ),
    h(
      'div',
      { class: 'columns' },
      h('section', null, h('h2', null, 'Costs'), spendTable(overview)),
      h('section', null, h('h2', null, 'Failures by kind'), failuresTable(overview)),
    ),
    h('section', null, h('h2', null, 'Configuration'), configList(overview)),
  );
  // charts size themselves once they are in the page
  queueMicrotask(() => {
    for (const chart of charts) chart.update(data.points);
    document.body.dataset['ready'] = 'true';
  });
  return element;
}

useStaticCharts();
const holder = document.getElementById(reportDataElementId);
const root = document.getElementById('app') as HTMLElement;
if (holder === null) replaceChildren(root, h('p', { class: 'error' }, 'This report has no data.'));
else replaceChildren(root, render(JSON.parse(holder.textContent ?? 'null') as ReportData));
