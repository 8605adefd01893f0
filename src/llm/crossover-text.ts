/**
 * Non-LLM crossover of two parents: on lines the two files share up to their numeric literals (the same
 * "literal structure"), each literal is taken from parent A or B at random. Everything else is A's.
 */
import { diffArrays } from 'diff';
import type { Random } from '../spec/random.ts';
import { editableLiterals, type LiteralOptions, type NumericLiteral } from './code-tokens.ts';
import type { MutateOutcome } from './mutate.ts';

interface LineShape {
  /** The line with each literal replaced by a placeholder. */
  readonly skeleton: string;
  readonly literals: NumericLiteral[];
}

function shapes(content: string, literals: readonly NumericLiteral[]): LineShape[] {
  const result: LineShape[] = [];
  let start = 0;
  let next = 0;
  for (const text of content.split('\n')) {
    const end = start + text.length;
    const own: NumericLiteral[] = [];
    while (next < literals.length && (literals[next]?.start ?? Infinity) < end) {
      own.push(literals[next] as NumericLiteral);
      next += 1;
    }
    let skeleton = '';
    let cursor = start;
    for (const literal of own) {
      skeleton += `${content.slice(cursor, literal.start)}\u0000`;
      cursor = literal.end;
    }
    skeleton += content.slice(cursor, end);
    result.push({ skeleton, literals: own });
    start = end + 1;
  }
  return result;
}

/**
 * Crosses `first` (A, the base) with `second` (B). Null when no aligned literal differs between them.
 * With no literal left to chance, at least one literal is taken from B.
 */
export function crossoverText(
  first: string,
  second: string,
  random: Random,
  options: LiteralOptions = {},
): MutateOutcome | null {
  const linesA = shapes(first, editableLiterals(first, options));
  const linesB = shapes(second, editableLiterals(second, options));
  const pairs: [NumericLiteral, NumericLiteral][] = [];
  let indexA = 0;
  let indexB = 0;
  for (const change of diffArrays(
    linesA.map((line) => line.skeleton),
    linesB.map((line) => line.skeleton),
  )) {
    if (change.added) indexB += change.count;
    else if (change.removed) indexA += change.count;
    else {
      for (let offset = 0; offset < change.count; offset++) {
        const lineA = linesA[indexA + offset];
        const lineB = linesB[indexB + offset];
        if (lineA === undefined || lineB === undefined || lineA.literals.length !== lineB.literals.length)
          continue;
        for (const [position, literal] of lineA.literals.entries()) {
          const other = lineB.literals[position] as NumericLiteral;
          if (literal.text !== other.text) pairs.push([literal, other]);
        }
      }
      indexA += change.count;
      indexB += change.count;
    }
  }
  if (pairs.length === 0) return null;
  const taken = pairs.map(() => random.next() < 0.5);
  if (!taken.includes(true)) taken[random.int(pairs.length)] = true;
  let content = '';
  let cursor = 0;
  let count = 0;
  for (const [index, [literal, other]] of pairs.entries()) {
    if (!taken[index]) continue;
    content += first.slice(cursor, literal.start) + other.text;
    cursor = literal.end;
    count += 1;
  }
  content += first.slice(cursor);
  return {
    content,
    summary: `crossover (non-LLM): took ${count} of ${pairs.length} differing numeric literals from the second parent`,
  };
}
