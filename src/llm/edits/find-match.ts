/**
 * Locating a SEARCH text in a file: exactly first, then ignoring trailing whitespace, then ignoring a
 * consistent change of indentation (the replacement is then re-indented the same way).
 */
import { insideRegions, type TextRange } from './evolve-block.ts';

export type MatchKind = 'exact' | 'trailing-whitespace' | 'indentation';

export interface SearchMatch extends TextRange {
  readonly kind: MatchKind;
  /** The text to put in place of `[start, end)`, already re-indented for `indentation` matches. */
  readonly replacement: string;
}

/** A match inside an editable region, a match that would change text outside them, or nothing. */
export type FindResult = { readonly found: SearchMatch } | { readonly outside: SearchMatch } | null;

function commonPrefixLength(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let index = 0;
  while (index < limit && a[index] === b[index]) index += 1;
  return index;
}

function commonSuffixLength(a: string, b: string, prefix: number): number {
  const limit = Math.min(a.length, b.length) - prefix;
  let index = 0;
  while (index < limit && a[a.length - 1 - index] === b[b.length - 1 - index]) index += 1;
  return index;
}

/**
 * The part of `content` a match really changes, and the new text for it: a SEARCH may quote unchanged
 * lines (even a marker line) around the change.
 */
export function changedPart(content: string, match: SearchMatch): TextRange & { readonly inserted: string } {
  const original = content.slice(match.start, match.end);
  const prefix = commonPrefixLength(original, match.replacement);
  const suffix = commonSuffixLength(original, match.replacement, prefix);
  return {
    start: match.start + prefix,
    end: match.end - suffix,
    inserted: match.replacement.slice(prefix, match.replacement.length - suffix),
  };
}

interface Line {
  readonly text: string;
  readonly start: number;
  /** Offset just after the line's newline (or the end of the file). */
  readonly next: number;
}

function splitLines(content: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= content.length) {
    const newline = content.indexOf('\n', start);
    const end = newline === -1 ? content.length : newline;
    lines.push({ text: content.slice(start, end), start, next: newline === -1 ? end : end + 1 });
    if (newline === -1) break;
    start = newline + 1;
  }
  if (lines.length > 1 && lines.at(-1)?.text === '') lines.pop();
  return lines;
}

function leadingWhitespace(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

/** Removes blank lines at both ends. */
function trimBlankLines(lines: readonly string[]): string[] {
  let first = 0;
  let last = lines.length;
  while (first < last && isBlank(lines[first] ?? '')) first += 1;
  while (last > first && isBlank(lines[last - 1] ?? '')) last -= 1;
  return lines.slice(first, last);
}

function minimumIndent(lines: readonly string[]): string {
  let indent: string | null = null;
  for (const line of lines) {
    if (isBlank(line)) continue;
    const lead = leadingWhitespace(line);
    if (indent === null || lead.length < indent.length) indent = lead;
  }
  return indent ?? '';
}

/** Candidates are tried in file order; the first whose change lies inside an editable region wins. */
function pickInside(
  content: string,
  candidates: readonly SearchMatch[],
  regions: readonly TextRange[],
): FindResult {
  const [first] = candidates;
  if (first === undefined) return null;
  const found = candidates.find((candidate) => insideRegions(changedPart(content, candidate), regions));
  return found === undefined ? { outside: first } : { found };
}

/** Exact occurrences; `wholeLines` keeps only those that start and end at line boundaries. */
function exactMatches(content: string, search: string, replace: string, wholeLines: boolean): SearchMatch[] {
  const matches: SearchMatch[] = [];
  let from = content.indexOf(search);
  while (from !== -1) {
    const end = from + search.length;
    const startsLine = from === 0 || content[from - 1] === '\n';
    const endsLine = end === content.length || content[end] === '\n' || search.endsWith('\n');
    if (!wholeLines || (startsLine && endsLine))
      matches.push({ kind: 'exact', start: from, end, replacement: replace });
    from = content.indexOf(search, from + 1);
  }
  return matches;
}

function lineMatches(
  lines: readonly Line[],
  searchLines: readonly string[],
  replaceLines: readonly string[],
  kind: 'trailing-whitespace' | 'indentation',
): SearchMatch[] {
  const matches: SearchMatch[] = [];
  const count = searchLines.length;
  if (count === 0) return matches;
  const searchIndent = minimumIndent(searchLines);
  const stripped = searchLines.map((line) =>
    isBlank(line) ? '' : line.slice(searchIndent.length).trimEnd(),
  );
  for (let first = 0; first + count <= lines.length; first++) {
    const window = lines.slice(first, first + count);
    let indent: string | null = kind === 'trailing-whitespace' ? '' : null;
    let matched = true;
    for (let offset = 0; offset < count && matched; offset++) {
      const text = window[offset]?.text ?? '';
      const wanted = searchLines[offset] ?? '';
      if (kind === 'trailing-whitespace') {
        matched = text.trimEnd() === wanted.trimEnd();
        continue;
      }
      if (isBlank(wanted)) {
        matched = isBlank(text);
        continue;
      }
      const target = stripped[offset] ?? '';
      const trimmed = text.trimEnd();
      if (!trimmed.endsWith(target)) {
        matched = false;
        continue;
      }
      const prefix = trimmed.slice(0, trimmed.length - target.length);
      if (prefix.trim() !== '' || (indent !== null && prefix !== indent)) matched = false;
      else indent = prefix;
    }
    if (!matched) continue;
    const start = window[0]?.start ?? 0;
    const last = window.at(-1) ?? { start, next: start, text: '' };
    const end = last.next;
    const endsWithNewline = last.next > last.start + last.text.length;
    const newIndent = indent ?? '';
    const reindented =
      kind === 'trailing-whitespace'
        ? replaceLines
        : replaceLines.map((line) => {
            if (isBlank(line)) return '';
            const lead = leadingWhitespace(line);
            const removed = Math.min(lead.length, searchIndent.length);
            return newIndent + line.slice(removed);
          });
    let replacement = reindented.join('\n');
    if (endsWithNewline && reindented.length > 0) replacement += '\n';
    matches.push({ kind, start, end, replacement });
  }
  return matches;
}

/**
 * Finds where `search` applies in `content`: the first match inside an editable region, trying in turn
 * an exact match of whole lines, whole lines ignoring trailing whitespace, whole lines ignoring a
 * consistent change of indentation, and last a unique exact match inside a line. A match counts as
 * inside when the text it changes lies inside a region.
 */
export function findMatch(
  content: string,
  search: string,
  replace: string,
  regions: readonly TextRange[],
): FindResult {
  if (search.trim() === '') return null;
  const exact = pickInside(content, exactMatches(content, search, replace, true), regions);
  if (exact !== null) return exact;
  const lines = splitLines(content);
  const searchLines = trimBlankLines(search.split('\n'));
  const replaceLines = trimBlankLines(replace.split('\n'));
  for (const kind of ['trailing-whitespace', 'indentation'] as const) {
    const found = pickInside(content, lineMatches(lines, searchLines, replaceLines, kind), regions);
    if (found !== null) return found;
  }
  const partial = exactMatches(content, search, replace, false);
  return partial.length === 1 ? pickInside(content, partial, regions) : null;
}
