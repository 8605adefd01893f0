/**
 * Parsing a model's answer into edits: SEARCH/REPLACE blocks (possibly inside ``` fences) or a full
 * rewrite (a fenced code block). Parsing never throws: an unusable answer is a reason.
 */
import { containsMarker } from './evolve-block.ts';

/** One SEARCH/REPLACE block, texts without their final newline. */
export interface SearchReplaceBlock {
  readonly search: string;
  readonly replace: string;
}

export type ParsedEdits =
  | { readonly ok: true; readonly kind: 'blocks'; readonly blocks: readonly SearchReplaceBlock[] }
  | { readonly ok: true; readonly kind: 'rewrite'; readonly content: string }
  | { readonly ok: false; readonly reason: string };

const searchLine = /^\s*<{5,9}\s*SEARCH\b.*$/;
const dividerLine = /^\s*={5,9}\s*$/;
const replaceLine = /^\s*>{5,9}\s*REPLACE\b.*$/;

/** Extracts the SEARCH/REPLACE blocks of an answer; a block left open is a reason. */
export function parseSearchReplace(text: string): ParsedEdits {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const blocks: SearchReplaceBlock[] = [];
  let index = 0;
  while (index < lines.length) {
    if (!searchLine.test(lines[index] ?? '')) {
      index += 1;
      continue;
    }
    const number = blocks.length + 1;
    const search: string[] = [];
    index += 1;
    while (index < lines.length && !dividerLine.test(lines[index] ?? '')) {
      if (searchLine.test(lines[index] ?? '') || replaceLine.test(lines[index] ?? ''))
        return { ok: false, reason: `SEARCH/REPLACE block ${number} has no ======= line` };
      search.push(lines[index] ?? '');
      index += 1;
    }
    if (index >= lines.length)
      return { ok: false, reason: `SEARCH/REPLACE block ${number} has no ======= line` };
    const replace: string[] = [];
    index += 1;
    while (index < lines.length && !replaceLine.test(lines[index] ?? '')) {
      if (searchLine.test(lines[index] ?? '') || dividerLine.test(lines[index] ?? ''))
        return { ok: false, reason: `SEARCH/REPLACE block ${number} has no >>>>>>> REPLACE line` };
      replace.push(lines[index] ?? '');
      index += 1;
    }
    if (index >= lines.length)
      return { ok: false, reason: `SEARCH/REPLACE block ${number} has no >>>>>>> REPLACE line` };
    index += 1;
    blocks.push({ search: search.join('\n'), replace: replace.join('\n') });
  }
  if (blocks.length === 0) return { ok: false, reason: 'the answer has no SEARCH/REPLACE blocks' };
  return { ok: true, kind: 'blocks', blocks };
}

/** A fenced code block of an answer. */
export interface FencedBlock {
  /** The info string after the opening fence (`python`), may be empty. */
  readonly info: string;
  readonly content: string;
}

/** All fenced code blocks (``` or ~~~, closed by a fence of the same character at least as long). */
export function fencedBlocks(text: string): FencedBlock[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const blocks: FencedBlock[] = [];
  let index = 0;
  while (index < lines.length) {
    const opening = /^\s{0,3}(`{3,}|~{3,})\s*([^`]*)$/.exec(lines[index] ?? '');
    index += 1;
    if (opening === null) continue;
    const fence = opening[1] ?? '```';
    const body: string[] = [];
    let closed = false;
    while (index < lines.length) {
      const line = lines[index] ?? '';
      index += 1;
      const closing = /^\s{0,3}(`{3,}|~{3,})\s*$/.exec(line);
      if (closing !== null && closing[1]?.[0] === fence[0] && (closing[1]?.length ?? 0) >= fence.length) {
        closed = true;
        break;
      }
      body.push(line);
    }
    // an unclosed fence at the end of an answer (a cut-off answer) still counts
    if (closed || body.length > 0) blocks.push({ info: (opening[2] ?? '').trim(), content: body.join('\n') });
  }
  return blocks;
}

/**
 * The program of a full-rewrite answer: the fenced block that holds EVOLVE-BLOCK markers when the
 * parent has them, else the longest fenced block.
 */
export function parseRewrite(text: string, options: { readonly wantMarkers: boolean }): ParsedEdits {
  const blocks = fencedBlocks(text).filter((block) => block.content.trim() !== '');
  if (blocks.length === 0)
    return { ok: false, reason: 'the answer has no fenced code block with the program' };
  const withMarkers = blocks.filter((block) => containsMarker(block.content));
  const pool = options.wantMarkers && withMarkers.length > 0 ? withMarkers : blocks;
  const longest = pool.reduce((best, block) => (block.content.length > best.content.length ? block : best));
  return { ok: true, kind: 'rewrite', content: longest.content };
}

/**
 * Parses an answer in the requested format. A `diff` answer with no blocks but a fenced program that
 * carries the parent's EVOLVE-BLOCK markers is taken as a rewrite (models sometimes answer that way).
 */
export function parseEdits(
  text: string,
  options: { readonly format: 'diff' | 'rewrite'; readonly parentHasMarkers: boolean },
): ParsedEdits {
  if (options.format === 'rewrite') return parseRewrite(text, { wantMarkers: options.parentHasMarkers });
  const parsed = parseSearchReplace(text);
  if (parsed.ok || !/no SEARCH\/REPLACE blocks/.test(parsed.reason)) return parsed;
  if (options.parentHasMarkers) {
    const rewrite = fencedBlocks(text).find((block) => containsMarker(block.content));
    if (rewrite !== undefined) return { ok: true, kind: 'rewrite', content: rewrite.content };
  }
  return parsed;
}
