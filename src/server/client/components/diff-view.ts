/** Unified diffs of a candidate's files, with old and new line numbers. */
import type { FileDiff } from '../../protocol.ts';
import { h } from '../dom.ts';

const lineClass: Record<string, string> = {
  '+': 'diff-add',
  '-': 'diff-del',
  ' ': 'diff-ctx',
  '\\': 'diff-meta',
};

function fileDiffView(file: FileDiff): HTMLElement {
  const body = h('div', { class: 'diff-body' });
  for (const hunk of file.hunks) {
    body.appendChild(
      h(
        'div',
        { class: 'diff-hunk-head' },
        `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`,
      ),
    );
    let oldLine = hunk.oldStart;
    let newLine = hunk.newStart;
    for (const line of hunk.lines) {
      const marker = line.charAt(0);
      const old = marker === '+' || marker === '\\' ? '' : String(oldLine++);
      const next = marker === '-' || marker === '\\' ? '' : String(newLine++);
      body.appendChild(
        h(
          'div',
          { class: `diff-line ${lineClass[marker] ?? 'diff-ctx'}` },
          h('span', { class: 'diff-number' }, old),
          h('span', { class: 'diff-number' }, next),
          h('span', { class: 'diff-marker' }, marker),
          h('span', { class: 'diff-text' }, line.slice(1)),
        ),
      );
    }
  }
  return h(
    'div',
    { class: 'file-diff', dataset: { path: file.path } },
    h(
      'div',
      { class: 'file-diff-head' },
      h('span', { class: 'file-name' }, file.path),
      h('span', { class: 'muted' }, ` ${file.change}`),
      h('span', { class: 'diff-stat-add' }, ` +${file.added}`),
      h('span', { class: 'diff-stat-del' }, ` −${file.removed}`),
    ),
    body,
  );
}

/** All changed files; a note when nothing changed (or there is no parent). */
export function diffView(files: readonly FileDiff[], emptyText: string): HTMLElement {
  const changed = files.filter((file) => file.change !== 'unchanged');
  return h(
    'div',
    { class: 'diff-view' },
    changed.length === 0 ? h('p', { class: 'muted' }, emptyText) : null,
    ...changed.map(fileDiffView),
  );
}
