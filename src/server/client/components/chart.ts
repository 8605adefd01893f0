/**
 * A uPlot chart that fills its container's width, created once the container is in the page and
 * resized with it. The element carries `data-rows` (the number of x values drawn) so that people and
 * tests can see what the chart holds.
 */
import uPlot from 'uplot';
import { h } from '../dom.ts';

export interface Chart {
  readonly element: HTMLElement;
  setData(data: uPlot.AlignedData): void;
  destroy(): void;
}

export interface ChartOptions {
  readonly name: string;
  readonly title: string;
  readonly height?: number;
  readonly series: uPlot.Series[];
  readonly axes: uPlot.Axis[];
}

let staticCharts = false;

/** Charts made from now on have static legends (the report, whose PNG should show no cursor values). */
export function useStaticCharts(): void {
  staticCharts = true;
}

export function createChart(options: ChartOptions): Chart {
  const element = h('div', { class: 'chart', dataset: { chart: options.name, rows: '0' } });
  let plot: uPlot | null = null;
  let data: uPlot.AlignedData = options.series.map(() => []) as unknown as uPlot.AlignedData;
  const width = () => Math.max(element.clientWidth, 320);
  const draw = (): void => {
    if (plot === null) {
      if (!element.isConnected) return;
      plot = new uPlot(
        {
          title: options.title,
          width: width(),
          height: options.height ?? 260,
          scales: { x: { time: false } },
          series: options.series,
          axes: options.axes,
          legend: { live: !staticCharts },
          cursor: { drag: { x: true, y: false } },
        },
        data,
        element,
      );
    } else {
      plot.setData(data);
    }
    element.dataset['rows'] = String(data[0].length);
  };
  const observer = new ResizeObserver(() => {
    if (plot !== null && Math.abs(plot.width - width()) > 2)
      plot.setSize({ width: width(), height: plot.height });
    else if (plot === null) draw();
  });
  observer.observe(element);
  return {
    element,
    setData(next) {
      data = next;
      draw();
    },
    destroy() {
      observer.disconnect();
      plot?.destroy();
      plot = null;
    },
  };
}

/** Colours for series, in order. */
export const palette = [
  '#2f6fdb',
  '#d9480f',
  '#2b8a3e',
  '#862e9c',
  '#c92a2a',
  '#0b7285',
  '#e67700',
  '#5c940d',
];

/** A series drawn as dots only (every point, however dense). */
export function dotSeries(label: string, color: string): uPlot.Series {
  return {
    label,
    stroke: color,
    paths: () => null,
    points: { show: true, size: 5, space: 0, fill: color, stroke: color },
  };
}

/** A series drawn as a step line that holds each value until the next. */
export function stepSeries(label: string, color: string): uPlot.Series {
  const stepped = uPlot.paths.stepped?.({ align: 1 });
  return {
    label,
    stroke: color,
    width: 2,
    spanGaps: true,
    ...(stepped === undefined ? {} : { paths: stepped }),
    points: { show: false },
  };
}
