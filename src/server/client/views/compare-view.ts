/** Several runs' best-so-far curves on one chart, by evaluation number and by time. */
import uPlot from 'uplot';
import type { RunCurve } from '../../protocol.ts';
import { api } from '../api.ts';
import { type Chart, createChart, palette, stepSeries } from '../components/chart.ts';
import { h, replaceChildren, routes } from '../dom.ts';
import { formatScore } from '../format.ts';
import type { View } from './view.ts';

function compareChart(curves: readonly RunCurve[], x: 'number' | 'time'): Chart {
  const metric = curves[0]?.objective.metric ?? 'score';
  const chart = createChart({
    name: x === 'number' ? 'compare-by-evaluation' : 'compare-by-time',
    title: `best ${metric} so far, by ${x === 'number' ? 'evaluation' : 'active time'}`,
    height: 320,
    series: [
      { label: x === 'number' ? 'evaluation' : 'seconds' },
      ...curves.map((curve, index) => stepSeries(curve.runId, palette[index % palette.length] as string)),
    ],
    axes: [
      { label: x === 'number' ? 'evaluation' : 'active time (s)' },
      { label: `best ${metric}`, size: 70 },
    ],
  });
  const tables = curves.map(
    (curve): uPlot.AlignedData => [
      curve.points.map((point) => (x === 'number' ? point.number : point.elapsedMs / 1000)),
      curve.points.map((point) => point.best),
    ],
  );
  chart.setData(tables.length === 1 ? (tables[0] as uPlot.AlignedData) : uPlot.join(tables));
  return chart;
}

export function compareView(runIds: readonly string[]): View {
  const element = h('main', { class: 'view compare-view' }, h('p', { class: 'muted' }, 'Loading the runs…'));
  const charts: Chart[] = [];
  void api
    .curves(runIds)
    .then((curves) => {
      const metrics = new Set(
        curves.map((curve) => `${curve.objective.direction} ${curve.objective.metric}`),
      );
      charts.push(compareChart(curves, 'number'), compareChart(curves, 'time'));
      replaceChildren(
        element,
        h('p', null, h('a', { href: routes.runs() }, '← runs')),
        h('h1', null, `Compare ${curves.length} runs`),
        metrics.size > 1
          ? h(
              'p',
              { class: 'error' },
              `These runs have different objectives (${[...metrics].join('; ')}): their curves are not comparable.`,
            )
          : null,
        h(
          'table',
          { class: 'data-table' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ...['', 'run', 'problem', 'strategy', 'models', 'evaluations', 'best'].map((title) =>
                h('th', null, title),
              ),
            ),
          ),
          h(
            'tbody',
            null,
            ...curves.map((curve, index) => {
              const swatch = h('span', { class: 'swatch' });
              swatch.style.backgroundColor = palette[index % palette.length] as string;
              return h(
                'tr',
                null,
                h('td', null, swatch),
                h('td', null, h('a', { href: routes.run(curve.runId) }, curve.runId)),
                h('td', null, curve.problem),
                h('td', null, curve.strategy),
                h('td', null, curve.models.join(', ')),
                h('td', { class: 'number' }, String(curve.points.length)),
                h('td', { class: 'number' }, formatScore(curve.points[curve.points.length - 1]?.best)),
              );
            }),
          ),
        ),
        h('section', { class: 'charts' }, ...charts.map((chart) => chart.element)),
      );
    })
    .catch((error: Error) =>
      replaceChildren(element, h('p', { class: 'error' }, `Cannot load the runs: ${error.message}`)),
    );
  return {
    element,
    dispose() {
      for (const chart of charts) chart.destroy();
    },
  };
}
