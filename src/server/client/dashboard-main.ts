/**
 * The dashboard's entry: a hash router over the views. `#/` runs, `#/runs/ID` a run,
 * `#/runs/ID/candidates/CID` a candidate, `#/compare/ID,ID` several runs' curves.
 */
import { h, replaceChildren, routes } from './dom.ts';
import { candidateView } from './views/candidate-view.ts';
import { compareView } from './views/compare-view.ts';
import { runView } from './views/run-view.ts';
import { runsListView } from './views/runs-list.ts';
import type { View } from './views/view.ts';

function viewFor(hash: string): View {
  const raw = hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter((part) => part !== '');
  try {
    const parts = raw.map(decodeURIComponent);
    if (parts[0] === 'runs' && parts[1] !== undefined) {
      if (parts[2] === 'candidates' && parts[3] !== undefined) return candidateView(parts[1], parts[3]);
      return runView(parts[1]);
    }
    if (raw[0] === 'compare' && raw[1] !== undefined)
      return compareView(raw[1].split(',').map(decodeURIComponent));
  } catch {
    // a malformed address (bad % escape): show the runs list
  }
  return runsListView();
}

const root = document.getElementById('app') as HTMLElement;
const header = h('header', { class: 'top' }, h('a', { href: routes.runs(), class: 'brand' }, 'Ratchet'));
let current: View | null = null;

function show(): void {
  current?.dispose();
  current = viewFor(location.hash);
  replaceChildren(root, header, current.element);
  window.scrollTo(0, 0);
}

window.addEventListener('hashchange', show);
show();
