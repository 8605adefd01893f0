/**
 * A small, language-aware scanner that finds the numeric literals of a program while skipping
 * identifiers, strings, comments and (in JavaScript-like languages) regular expression literals. It
 * is what lets `mutate` perturb numbers without breaking the program.
 */
import { languageOfPath, rulesFor } from './code-languages.ts';
import { findEvolveRegions, insideRegions } from './edits/evolve-block.ts';

/** One decimal numeric literal in code. */
export interface NumericLiteral {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly value: number;
  /** No fraction, no exponent. */
  readonly isInteger: boolean;
}

const identifierStart = /[A-Za-z_$\u00c0-\uffff]/;
const identifierPart = /[\w$\u00c0-\uffff]/;
const regexKeywords = new Set([
  'return',
  'typeof',
  'case',
  'do',
  'else',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'yield',
  'await',
]);

/** Skips a quoted string starting at `index`; returns the index after it. */
function skipString(source: string, index: number, quote: string, triple: boolean): number {
  const closing = triple ? quote.repeat(3) : quote;
  let position = index + closing.length;
  while (position < source.length) {
    const char = source[position];
    if (char === '\\') {
      position += 2;
      continue;
    }
    if (source.startsWith(closing, position)) return position + closing.length;
    if (char === '\n' && !triple && quote !== '`') return position;
    position += 1;
  }
  return position;
}

/** Skips a template literal, including `${...}` parts with nested braces. */
function skipTemplate(source: string, index: number): number {
  let position = index + 1;
  let depth = 0;
  while (position < source.length) {
    const char = source[position];
    if (char === '\\') position += 2;
    else if (depth === 0 && char === '`') return position + 1;
    else if (char === '$' && source[position + 1] === '{') {
      depth += 1;
      position += 2;
    } else {
      if (depth > 0 && char === '{') depth += 1;
      else if (depth > 0 && char === '}') depth -= 1;
      position += 1;
    }
  }
  return position;
}

function skipRegex(source: string, index: number): number {
  let position = index + 1;
  let inClass = false;
  while (position < source.length) {
    const char = source[position];
    if (char === '\\') position += 2;
    else if (char === '\n') return position;
    else {
      if (char === '[') inClass = true;
      else if (char === ']') inClass = false;
      else if (char === '/' && !inClass) {
        position += 1;
        while (position < source.length && /[a-z]/i.test(source[position] ?? '')) position += 1;
        return position;
      }
      position += 1;
    }
  }
  return position;
}

const numberPattern =
  /(?:0[xXoObB][0-9a-fA-F_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)[A-Za-z_]*/y;

/**
 * The decimal numeric literals of `source` (hexadecimal, octal, binary and suffixed literals such as
 * `1j`, `10n`, `1.0f` are skipped), in order.
 */
export function findNumericLiterals(source: string, language?: string): NumericLiteral[] {
  const rules = rulesFor(language);
  const literals: NumericLiteral[] = [];
  let index = 0;
  // last significant token kind, for telling a regex literal from a division
  let previous: 'value' | 'operator' = 'operator';
  while (index < source.length) {
    const char = source[index] ?? '';
    const next = source[index + 1] ?? '';
    if (char === '\n' || char === ' ' || char === '\t' || char === '\r') {
      index += 1;
      continue;
    }
    if (rules.comments.includes('hash') && char === '#') {
      index = source.indexOf('\n', index);
      if (index === -1) break;
      continue;
    }
    if (rules.comments.includes('slash') && char === '/' && next === '/') {
      index = source.indexOf('\n', index);
      if (index === -1) break;
      continue;
    }
    if (rules.comments.includes('slash') && char === '/' && next === '*') {
      const close = source.indexOf('*/', index + 2);
      index = close === -1 ? source.length : close + 2;
      continue;
    }
    if (rules.comments.includes('dash') && char === '-' && next === '-') {
      index = source.indexOf('\n', index);
      if (index === -1) break;
      continue;
    }
    if (char === '"' || char === "'") {
      const triple = rules.tripleQuotes && source.startsWith(char.repeat(3), index);
      index = skipString(source, index, char, triple);
      previous = 'value';
      continue;
    }
    if (char === '`') {
      index = rules.templateStrings ? skipTemplate(source, index) : skipString(source, index, '`', false);
      previous = 'value';
      continue;
    }
    if (rules.regexLiterals && char === '/' && previous === 'operator') {
      index = skipRegex(source, index);
      previous = 'value';
      continue;
    }
    if (identifierStart.test(char)) {
      const start = index;
      while (index < source.length && identifierPart.test(source[index] ?? '')) index += 1;
      previous = regexKeywords.has(source.slice(start, index)) ? 'operator' : 'value';
      continue;
    }
    if (/\d/.test(char) || (char === '.' && /\d/.test(next))) {
      numberPattern.lastIndex = index;
      const match = numberPattern.exec(source);
      const text = match?.[0] ?? char;
      const start = index;
      index += text.length;
      previous = 'value';
      if (/^0[xXoObB]/.test(text) || /[A-Za-z_]$/.test(text.replace(/[eE][+-]?\d[\d_]*$/, ''))) continue;
      if (/[A-DF-Za-df-z_]/.test(text.replace(/_/g, ''))) continue;
      const value = Number(text.replace(/_/g, ''));
      if (!Number.isFinite(value)) continue;
      literals.push({ start, end: index, text, value, isInteger: /^[\d_]+$/.test(text) });
      continue;
    }
    previous = char === ')' || char === ']' || char === '}' ? 'value' : 'operator';
    index += 1;
  }
  return literals;
}

export interface LiteralOptions {
  /** Language name (`python`, `javascript`…) for comment and string syntax; else guessed from `path`. */
  readonly language?: string;
  /** The file's path, used to guess the language. */
  readonly path?: string;
}

/** The literals `mutate` may change: those inside the evolve regions (marker lines are outside). */
export function editableLiterals(content: string, options: LiteralOptions = {}): NumericLiteral[] {
  const language =
    options.language ?? (options.path === undefined ? undefined : languageOfPath(options.path));
  const { regions } = findEvolveRegions(content);
  return findNumericLiterals(content, language).filter((literal) => insideRegions(literal, regions));
}
