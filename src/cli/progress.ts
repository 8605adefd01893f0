/**
 * The live progress line on a TTY: evaluations, best score, throughput, spend. Silent when stderr is not
 * a terminal (logs and CI stay clean).
 */
import type { RunEvent } from '../spec/events.ts';
import type { RunView } from '../spec/run-view.ts';
import { formatScore } from './output.ts';

export interface Progress {
  update(event: RunEvent, view: RunView): void;
  done(): void;
}

export function createProgress(options: { readonly enabled: boolean; readonly total?: number }): Progress {
  const stream = process.stderr;
  if (!options.enabled || !stream.isTTY) return { update: () => {}, done: () => {} };
  const started = Date.now();
  let lastDraw = 0;
  let line = '';
  const draw = (view: RunView, force: boolean): void => {
    const now = Date.now();
    if (!force && now - lastDraw < 100) return;
    lastDraw = now;
    const seconds = Math.max((now - started) / 1000, 0.001);
    const { counts } = view;
    const total = options.total === undefined ? '' : `/${options.total}`;
    const failed =
      counts.failedProposals +
      counts.statuses.failed +
      counts.statuses.crashed +
      counts.statuses['timed-out'] +
      counts.statuses.invalid;
    line = `  ${counts.evaluations}${total} evaluations · best ${formatScore(view.best?.evaluation?.score)} · ${(counts.evaluations / seconds).toFixed(2)}/s · ${counts.llmCalls} LLM calls $${counts.costUsd.toFixed(4)} · ${failed} failed`;
    stream.write(`\r\x1b[2K${line.slice(0, (stream.columns ?? 120) - 1)}`);
  };
  return {
    update: (event, view) => draw(view, event.type === 'run-end'),
    done: () => {
      if (line !== '') stream.write('\r\x1b[2K');
    },
  };
}

/** A progress line created on the first event, when the run's budget is known. */
export function lazyProgress(enabled: boolean): Progress {
  let progress: Progress | undefined;
  return {
    update: (event, view) => {
      progress ??= createProgress({
        enabled,
        ...(view.problem.budget.evaluations === undefined ? {} : { total: view.problem.budget.evaluations }),
      });
      progress.update(event, view);
    },
    done: () => progress?.done(),
  };
}
