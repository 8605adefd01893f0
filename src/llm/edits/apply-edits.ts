/**
 * Applying parsed edits to the parent's main file. Every way an edit can go wrong is a reason, never a
 * throw and never a silent skip: a block that matches nothing, an edit outside the evolve block, a
 * rewrite that changes the text around it, a child identical to its parent.
 */
import { diffLines } from 'diff';
import { containsMarker, findEvolveRegions, lineNumberAt, outsideParts } from './evolve-block.ts';
import { changedPart, findMatch, type MatchKind } from './find-match.ts';
import type { ParsedEdits, SearchReplaceBlock } from './parse-edits.ts';

export type EditOutcome =
  | {
      readonly ok: true;
      readonly content: string;
      /** A short description: "2 SEARCH/REPLACE blocks, +3 −1 lines". */
      readonly summary: string;
      /** How each block matched (empty for rewrites). */
      readonly matches: readonly MatchKind[];
    }
  | { readonly ok: false; readonly reason: string };

/** The first lines of a text, for a reason message. */
export function snippet(text: string, maxLines = 3, maxChars = 160): string {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  let shown = lines.slice(0, maxLines).join(' ⏎ ');
  if (shown.length > maxChars) shown = `${shown.slice(0, maxChars)}…`;
  else if (lines.length > maxLines) shown += ' ⏎ …';
  return JSON.stringify(shown);
}

/** "+3 −1 lines" between two texts. */
export function lineChangeSummary(before: string, after: string): string {
  let added = 0;
  let removed = 0;
  for (const change of diffLines(before, after)) {
    if (change.added) added += change.count;
    else if (change.removed) removed += change.count;
  }
  return `+${added} −${removed} lines`;
}

function blockLabel(number: number, total: number): string {
  return total === 1 ? 'the SEARCH/REPLACE block' : `SEARCH/REPLACE block ${number} of ${total}`;
}

/** Applies SEARCH/REPLACE blocks in order, each to the result of the previous ones. */
export function applySearchReplace(
  parent: string,
  blocks: readonly SearchReplaceBlock[],
  options: { readonly file: string },
): EditOutcome {
  let content = parent;
  const matches: MatchKind[] = [];
  for (const [index, block] of blocks.entries()) {
    const label = blockLabel(index + 1, blocks.length);
    if (block.search.trim() === '')
      return {
        ok: false,
        reason: `${label} has an empty SEARCH part; copy the lines to replace from the program`,
      };
    const { regions } = findEvolveRegions(content);
    const result = findMatch(content, block.search, block.replace, regions);
    if (result === null)
      return {
        ok: false,
        reason: `${label} matches nothing in ${options.file}: SEARCH ${snippet(block.search)}`,
      };
    if ('outside' in result) {
      const line = lineNumberAt(content, changedPart(content, result.outside).start);
      return {
        ok: false,
        reason: `${label} changes line ${line} of ${options.file}, outside the EVOLVE-BLOCK region: SEARCH ${snippet(block.search)}`,
      };
    }
    const match = result.found;
    if (containsMarker(changedPart(content, match).inserted))
      return {
        ok: false,
        reason: `${label} adds an EVOLVE-BLOCK marker line; markers must stay as they are`,
      };
    content = content.slice(0, match.start) + match.replacement + content.slice(match.end);
    matches.push(match.kind);
  }
  const kept = keptOutside(parent, content);
  if (kept !== null) return { ok: false, reason: kept };
  if (content === parent)
    return { ok: false, reason: 'edit changed nothing: the child is identical to the parent' };
  const count = blocks.length === 1 ? '1 SEARCH/REPLACE block' : `${blocks.length} SEARCH/REPLACE blocks`;
  return { ok: true, content, summary: `${count}, ${lineChangeSummary(parent, content)}`, matches };
}

/** A reason when the text outside the evolve regions differs between parent and child, else null. */
function keptOutside(parent: string, child: string): string | null {
  const before = findEvolveRegions(parent);
  const after = findEvolveRegions(child);
  if (!before.hasMarkers) return null;
  if (after.regions.length !== before.regions.length)
    return `the child has ${after.regions.length} EVOLVE-BLOCK regions, the parent ${before.regions.length}`;
  const parentParts = outsideParts(parent, before.regions);
  const childParts = outsideParts(child, after.regions);
  return parentParts.every((part, index) => part === childParts[index])
    ? null
    : 'the edit changes text outside the EVOLVE-BLOCK region';
}

function normalizeTrailing(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n+$/, '');
}

/**
 * Applies a full rewrite. With markers, the text outside the evolve regions must be the parent's
 * (trailing whitespace aside): the child is the parent's outside text around the rewrite's region bodies.
 */
export function applyRewrite(
  parent: string,
  rewrite: string,
  options: { readonly file: string },
): EditOutcome {
  let content = rewrite;
  if (parent.endsWith('\n') && !content.endsWith('\n')) content += '\n';
  const before = findEvolveRegions(parent);
  if (before.hasMarkers) {
    const after = findEvolveRegions(content);
    if (!after.hasMarkers)
      return {
        ok: false,
        reason: `the rewrite of ${options.file} dropped the EVOLVE-BLOCK-START/END marker lines; keep them and everything outside them`,
      };
    if (after.regions.length !== before.regions.length)
      return {
        ok: false,
        reason: `the rewrite of ${options.file} has ${after.regions.length} EVOLVE-BLOCK regions, the program has ${before.regions.length}`,
      };
    const parentParts = outsideParts(parent, before.regions);
    const childParts = outsideParts(content, after.regions);
    for (const [index, part] of parentParts.entries()) {
      if (normalizeTrailing(part) === normalizeTrailing(childParts[index] ?? '')) continue;
      const where = index === 0 ? 'before' : index === parentParts.length - 1 ? 'after' : 'between';
      return {
        ok: false,
        reason: `the rewrite of ${options.file} changes the text ${where} the EVOLVE-BLOCK region; only the code between the markers may change`,
      };
    }
    // rebuild from the parent's exact outside text and the rewrite's region bodies
    let rebuilt = parentParts[0] ?? '';
    for (const [index, region] of after.regions.entries()) {
      rebuilt += content.slice(region.start, region.end) + (parentParts[index + 1] ?? '');
    }
    content = rebuilt;
  }
  if (content === parent)
    return { ok: false, reason: 'edit changed nothing: the child is identical to the parent' };
  return { ok: true, content, summary: `rewrite, ${lineChangeSummary(parent, content)}`, matches: [] };
}

/** Applies what `parseEdits` returned. */
export function applyEdits(
  parent: string,
  edits: ParsedEdits,
  options: { readonly file: string },
): EditOutcome {
  if (!edits.ok) return edits;
  return edits.kind === 'blocks'
    ? applySearchReplace(parent, edits.blocks, options)
    : applyRewrite(parent, edits.content, options);
}
