/** A file's content with line numbers and highlighting; every token is a Text node. */
import { h } from '../dom.ts';
import { tokenize } from './highlight.ts';

export function codeView(content: string, language: string): HTMLElement {
  const code = h('code', { class: 'code-lines' });
  let line = h('span', { class: 'line' });
  for (const token of tokenize(content, language)) {
    const pieces = token.text.split('\n');
    pieces.forEach((piece, index) => {
      if (index > 0) {
        code.appendChild(line);
        line = h('span', { class: 'line' });
      }
      if (piece !== '')
        line.appendChild(
          token.kind === 'plain'
            ? document.createTextNode(piece)
            : h('span', { class: `tok-${token.kind}` }, piece),
        );
    });
  }
  if (line.childNodes.length > 0 || code.childNodes.length === 0) code.appendChild(line);
  return h('pre', { class: 'code-view', dataset: { language } }, code);
}
