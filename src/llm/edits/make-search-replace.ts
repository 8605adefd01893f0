/**
 * The inverse of applying edits: SEARCH/REPLACE blocks that turn a parent into a child. The mock LLM
 * server answers with these; they carry a little context, never cross an EVOLVE-BLOCK marker line, and
 * each SEARCH is unique in the parent where the region allows it.
 */
import { diffArrays } from 'diff';
import { findEvolveRegions, lineNumberAt } from './evolve-block.ts';
import type { SearchReplaceBlock } from './parse-edits.ts';

interface Hunk {
  /** Parent lines `[oldStart, oldEnd)` are replaced by `newLines`. */
  oldStart: number;
  oldEnd: number;
  newLines: string[];
}

function rawHunks(parentLines: string[], childLines: string[]): Hunk[] {
  const hunks: Hunk[] = [];
  let oldIndex = 0;
  let current: Hunk | null = null;
  for (const change of diffArrays(parentLines, childLines)) {
    if (!change.added && !change.removed) {
      if (current !== null) hunks.push(current);
      current = null;
      oldIndex += change.count;
      continue;
    }
    current ??= { oldStart: oldIndex, oldEnd: oldIndex, newLines: [] };
    if (change.removed) {
      oldIndex += change.count;
      current.oldEnd = oldIndex;
    } else current.newLines.push(...change.value);
  }
  if (current !== null) hunks.push(current);
  return hunks;
}

/** Line-index bounds `[first, last)` of the editable region holding `line` (whole file without markers). */
function regionBounds(content: string, lines: readonly string[], line: number): [number, number] {
  const { regions } = findEvolveRegions(content);
  for (const region of regions) {
    const first = lineNumberAt(content, region.start) - 1;
    const last = region.end >= content.length ? lines.length : lineNumberAt(content, region.end) - 1;
    if (first <= line && line <= last) return [first, last];
  }
  return [0, lines.length];
}

function occurrences(haystack: string, needle: string): number {
  let count = 0;
  let from = haystack.indexOf(needle);
  while (from !== -1) {
    count += 1;
    from = haystack.indexOf(needle, from + 1);
  }
  return count;
}

/**
 * SEARCH/REPLACE blocks from `parent` to `child` with `context` unchanged lines on each side (more when
 * needed to make a SEARCH unique, never beyond the hunk's evolve region). Empty when they are equal.
 */
export function makeSearchReplace(
  parent: string,
  child: string,
  options: { readonly context?: number } = {},
): SearchReplaceBlock[] {
  const context = options.context ?? 1;
  const parentLines = parent.split('\n');
  const childLines = child.split('\n');
  const hunks = rawHunks(parentLines, childLines);
  // grow each hunk with context, then merge groups whose context touches
  const groups: { start: number; end: number; hunks: Hunk[] }[] = [];
  for (const hunk of hunks) {
    const [first, last] = regionBounds(parent, parentLines, hunk.oldStart);
    let before = Math.min(context, hunk.oldStart - first);
    let after = Math.min(context, last - hunk.oldEnd);
    const search = (): string => parentLines.slice(hunk.oldStart - before, hunk.oldEnd + after).join('\n');
    while (
      (search().trim() === '' || occurrences(parent, search()) > 1) &&
      (hunk.oldStart - before > first || hunk.oldEnd + after < last)
    ) {
      if (hunk.oldStart - before > first) before += 1;
      if (hunk.oldEnd + after < last) after += 1;
    }
    const start = hunk.oldStart - before;
    const end = hunk.oldEnd + after;
    const previous = groups.at(-1);
    if (previous !== undefined && start <= previous.end) {
      previous.end = Math.max(previous.end, end);
      previous.hunks.push(hunk);
    } else groups.push({ start, end, hunks: [hunk] });
  }
  return groups.map((group) => {
    const replace: string[] = [];
    let line = group.start;
    for (const hunk of group.hunks) {
      replace.push(...parentLines.slice(line, hunk.oldStart), ...hunk.newLines);
      line = hunk.oldEnd;
    }
    replace.push(...parentLines.slice(line, group.end));
    return { search: parentLines.slice(group.start, group.end).join('\n'), replace: replace.join('\n') };
  });
}

/** Formats blocks as the text a model would answer with. */
export function formatSearchReplace(blocks: readonly SearchReplaceBlock[], language = ''): string {
  return blocks
    .map((block) =>
      [
        '```' + language,
        '<<<<<<< SEARCH',
        block.search,
        '=======',
        block.replace,
        '>>>>>>> REPLACE',
        '```',
      ].join('\n'),
    )
    .join('\n\n');
}
