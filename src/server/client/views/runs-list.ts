/** The runs of the store, newest first, refreshed every few seconds; pick several to compare. */
import type { RunListItem } from '../../protocol.ts';
import { api } from '../api.ts';
import { h, replaceChildren, routes } from '../dom.ts';
import { formatCost, formatCount, formatScore, formatTime } from '../format.ts';
import type { View } from './view.ts';

const refreshMs = 3000;

export function runsListView(): View {
  const selected = new Set<string>();
  const compareButton = h(
    'button',
    { class: 'button', attrs: { type: 'button', disabled: '' } },
    'Compare selected',
  );
  compareButton.addEventListener('click', () => {
    location.hash = routes.compare([...selected]);
  });
  const body = h('div', { class: 'runs-body' }, h('p', { class: 'muted' }, 'Loading runs…'));
  const element = h(
    'main',
    { class: 'view runs-view' },
    h('div', { class: 'view-head' }, h('h1', null, 'Runs'), compareButton),
    body,
  );

  const row = (run: RunListItem): HTMLElement => {
    const checkbox = h('input', { attrs: { type: 'checkbox', 'aria-label': `select ${run.runId}` } });
    checkbox.checked = selected.has(run.runId);
    checkbox.addEventListener('change', () => {
      if (checkbox.checked) selected.add(run.runId);
      else selected.delete(run.runId);
      compareButton.disabled = selected.size < 2;
    });
    return h(
      'tr',
      { dataset: { runId: run.runId } },
      h('td', null, checkbox),
      h('td', null, h('a', { href: routes.run(run.runId), class: 'run-link' }, run.runId)),
      h('td', null, run.problem),
      h('td', null, run.strategy),
      h('td', null, run.models.join(', ')),
      h('td', null, h('span', { class: `badge status-${run.status}` }, run.status)),
      h('td', { class: 'number' }, formatCount(run.evaluations)),
      h(
        'td',
        { class: 'number' },
        formatScore(run.bestScore),
        h('span', { class: 'muted' }, ` ${run.objective.direction === 'maximize' ? '↑' : '↓'}`),
      ),
      h('td', { class: 'number' }, formatCost(run.costUsd)),
      h('td', { class: 'number' }, formatCount(run.tokens)),
      h('td', null, formatTime(run.createdAt)),
    );
  };

  const render = (runs: readonly RunListItem[]): void => {
    if (runs.length === 0) {
      replaceChildren(
        body,
        h(
          'p',
          { class: 'muted' },
          'No runs in this store yet. Start one with `ratchet run DIR --store …`; it appears here by itself.',
        ),
      );
      return;
    }
    const headings = [
      '',
      'run',
      'problem',
      'strategy',
      'models',
      'status',
      'evaluations',
      'best',
      'spend',
      'tokens',
      'started',
    ];
    replaceChildren(
      body,
      h(
        'table',
        { class: 'data-table runs-table' },
        h('thead', null, h('tr', null, ...headings.map((heading) => h('th', null, heading)))),
        h('tbody', null, ...[...runs].reverse().map(row)),
      ),
    );
  };

  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const load = async (): Promise<void> => {
    try {
      render(await api.runs());
    } catch (error) {
      replaceChildren(body, h('p', { class: 'error' }, `Cannot load the runs: ${(error as Error).message}`));
    }
    if (!stopped) timer = setTimeout(load, refreshMs);
  };
  void load();
  return {
    element,
    dispose() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
