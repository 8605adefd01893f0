/**
 * The run's curves: every evaluation's score and the best so far, against evaluation number and
 * against (active) time, and the throughput in evaluations per minute.
 */
import type uPlot from 'uplot';
import type { EvaluationPoint } from '../../protocol.ts';
import { type Chart, createChart, dotSeries, stepSeries } from './chart.ts';

const scoreColor = '#7a869a';
const bestColor = '#2b8a3e';

/** Score and best-so-far against evaluation number (`number`) or seconds since the start (`time`). */
export function scoreChart(
  x: 'number' | 'time',
  metric: string,
): Chart & { update(points: readonly EvaluationPoint[]): void } {
  const chart = createChart({
    name: x === 'number' ? 'score-by-evaluation' : 'score-by-time',
    title: x === 'number' ? `${metric} by evaluation` : `${metric} over time`,
    series: [
      { label: x === 'number' ? 'evaluation' : 'seconds' },
      dotSeries('score', scoreColor),
      stepSeries('best so far', bestColor),
    ],
    axes: [{ label: x === 'number' ? 'evaluation' : 'active time (s)' }, { label: metric, size: 70 }],
  });
  return {
    ...chart,
    update(points) {
      chart.setData([
        points.map((point) => (x === 'number' ? point.number : point.elapsedMs / 1000)),
        points.map((point) => point.score),
        points.map((point) => point.best),
      ] as uPlot.AlignedData);
    },
  };
}

/** Evaluations per minute in equal time bins (about 30 over the run, at least 1 s wide). */
export function throughputBins(points: readonly EvaluationPoint[]): {
  seconds: number[];
  perMinute: number[];
} {
  const last = points[points.length - 1];
  if (last === undefined) return { seconds: [], perMinute: [] };
  const span = Math.max(last.elapsedMs / 1000, 1);
  const width = Math.max(1, niceStep(span / 30));
  const counts = new Array<number>(Math.max(1, Math.ceil(span / width))).fill(0);
  for (const point of points) {
    const index = Math.min(counts.length - 1, Math.floor(point.elapsedMs / 1000 / width));
    counts[index] = (counts[index] ?? 0) + 1;
  }
  return {
    seconds: counts.map((_, index) => index * width),
    perMinute: counts.map((count) => (count * 60) / width),
  };
}

function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

export function throughputChart(): Chart & { update(points: readonly EvaluationPoint[]): void } {
  const chart = createChart({
    name: 'throughput',
    title: 'throughput',
    height: 180,
    series: [{ label: 'seconds' }, stepSeries('evaluations / min', '#2f6fdb')],
    axes: [{ label: 'active time (s)' }, { label: 'per minute', size: 60 }],
  });
  return {
    ...chart,
    update(points) {
      const bins = throughputBins(points);
      chart.setData([bins.seconds, bins.perMinute] as uPlot.AlignedData);
    },
  };
}
