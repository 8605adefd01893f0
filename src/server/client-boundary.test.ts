/**
 * The browser client knows only the spec types and the protocol, and makes DOM only through `dom.ts`:
 * no markup from strings, no eval. Checked over every client source file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const clientDir = fileURLToPath(new URL('./client/', import.meta.url));
const sources = (readdirSync(clientDir, { recursive: true }) as string[])
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  .map((file) => ({ file, text: readFileSync(path.join(clientDir, file), 'utf8') }));

describe('the dashboard client', () => {
  it('has sources to check', () => {
    expect(sources.length).toBeGreaterThan(10);
  });

  it('imports only the spec, the protocol, its own files and its browser packages', () => {
    for (const { file, text } of sources) {
      for (const match of text.matchAll(/^\s*import\s[^'"]*['"]([^'"]+)['"]/gm)) {
        const specifier = match[1] as string;
        const target = path.resolve(path.dirname(path.join(clientDir, file)), specifier);
        const allowed =
          ['uplot', 'd3-hierarchy'].includes(specifier) ||
          target.startsWith(clientDir) ||
          target === path.join(clientDir, '..', 'protocol.ts') ||
          target.startsWith(path.join(clientDir, '..', '..', 'spec') + path.sep);
        expect(allowed, `${file} imports ${specifier}`).toBe(true);
      }
    }
  });

  it('never turns strings into markup or code', () => {
    const forbidden =
      /\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function\(|createContextualFragment|setAttribute\(/;
    for (const { file, text } of sources) {
      if (file === 'dom.ts') continue; // the one checked place that sets attributes
      expect(forbidden.exec(text)?.[0], file).toBeUndefined();
    }
    const dom = sources.find((source) => source.file === 'dom.ts')?.text ?? '';
    expect(dom).not.toMatch(/\.innerHTML|\.outerHTML|insertAdjacentHTML\(/);
  });
});
