/**
 * Small structural edits for `mutate` that keep a program runnable: swapping two adjacent independent
 * assignments, and duplicating (and perturbing) an element of a numeric list literal.
 */
import type { Random } from '../spec/random.ts';
import type { NumericLiteral } from './code-tokens.ts';
import { insideRegions, markerOf, type TextRange } from './edits/evolve-block.ts';
import { perturbLiteral } from './perturb-number.ts';

export interface StructuralEdit {
  readonly content: string;
  readonly summary: string;
}

interface Line {
  readonly text: string;
  readonly start: number;
  readonly number: number;
}

function linesOf(content: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (const [index, text] of content.split('\n').entries()) {
    lines.push({ text, start, number: index + 1 });
    start += text.length + 1;
  }
  return lines;
}

const assignmentPattern = /^([ \t]*)(?:(?:const|let|var)\s+)?([A-Za-z_$][\w$]*)\s*=(?!=)(.*)$/;

function mentions(text: string, name: string): boolean {
  return new RegExp(`(^|[^\\w$])${name.replace(/\$/g, '\\$')}([^\\w$]|$)`).test(text);
}

/** Brackets balance, no string quote is left open, and the line does not continue on the next one. */
function selfContained(text: string): boolean {
  let depth = 0;
  for (const char of text) {
    if ('([{'.includes(char)) depth += 1;
    else if (')]}'.includes(char)) depth -= 1;
    if (depth < 0) return false;
  }
  const quotes = (text.match(/["'`]/g) ?? []).length;
  return depth === 0 && quotes % 2 === 0 && !/[\\,+\-*/%&|^<>=([{.:?]\s*$/.test(text.replace(/;\s*$/, ''));
}

interface Assignment {
  readonly indent: string;
  readonly name: string;
  readonly value: string;
}

function parseAssignment(line: Line): Assignment | null {
  if (markerOf(line.text) !== null || !selfContained(line.text)) return null;
  const match = assignmentPattern.exec(line.text);
  if (match === null) return null;
  return { indent: match[1] ?? '', name: match[2] ?? '', value: match[3] ?? '' };
}

/** Swaps two adjacent assignment lines at the same indentation that do not read each other's names. */
export function swapAdjacentAssignments(
  content: string,
  regions: readonly TextRange[],
  random: Random,
): StructuralEdit | null {
  const lines = linesOf(content);
  const candidates: number[] = [];
  for (let index = 0; index + 1 < lines.length; index++) {
    const first = lines[index] as Line;
    const second = lines[index + 1] as Line;
    const range = { start: first.start, end: second.start + second.text.length };
    if (!insideRegions(range, regions)) continue;
    const a = parseAssignment(first);
    const b = parseAssignment(second);
    if (a === null || b === null || a.indent !== b.indent || a.name === b.name) continue;
    if (mentions(b.value, a.name) || mentions(a.value, b.name) || first.text === second.text) continue;
    candidates.push(index);
  }
  if (candidates.length === 0) return null;
  const index = random.pick(candidates);
  const first = lines[index] as Line;
  const second = lines[index + 1] as Line;
  const content2 =
    content.slice(0, first.start) +
    second.text +
    '\n' +
    first.text +
    content.slice(second.start + second.text.length);
  return { content: content2, summary: `swapped 2 adjacent assignments at line ${first.number}` };
}

/** Duplicates one element of a numeric list literal `[1, 2.5, 3]`, perturbing the copy. */
export function duplicateListElement(
  content: string,
  regions: readonly TextRange[],
  literals: readonly NumericLiteral[],
  random: Random,
): StructuralEdit | null {
  const byStart = new Map(literals.map((literal) => [literal.start, literal]));
  const lists: NumericLiteral[][] = [];
  const listPattern = /\[([^[\]\n]*)\]/g;
  for (const match of content.matchAll(listPattern)) {
    const open = match.index;
    const before = content.slice(0, open).replace(/[ \t]+$/, '');
    if (!/(^|[=(,[:{\n]|\breturn)$/.test(before)) continue;
    const inner = match[1] ?? '';
    if (inner.trim() === '') continue;
    const elements: NumericLiteral[] = [];
    let offset = open + 1;
    let valid = true;
    for (const part of inner.split(',')) {
      const lead = part.length - part.trimStart().length;
      const literal = byStart.get(offset + lead) ?? byStart.get(offset + lead + 1);
      const bare = part.trim().replace(/^-/, '');
      if (part.trim() === '' || literal === undefined || literal.text !== bare) valid = false;
      else elements.push(literal);
      offset += part.length + 1;
    }
    if (!valid || !insideRegions({ start: open, end: open + match[0].length }, regions)) continue;
    lists.push(elements);
  }
  if (lists.length === 0) return null;
  const list = random.pick(lists);
  const element = random.pick(list);
  const copy = perturbLiteral(element, random) ?? element.text;
  const signed = content[element.start - 1] === '-' ? `-${copy}` : copy;
  const next = `${content.slice(0, element.end)}, ${signed}${content.slice(element.end)}`;
  const line = content.slice(0, element.start).split('\n').length;
  return { content: next, summary: `duplicated an element of a numeric list at line ${line}` };
}
