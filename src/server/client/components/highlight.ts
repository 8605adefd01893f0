/**
 * A small syntax highlighter: splits code into comments, strings, numbers, keywords and the rest, for
 * Python, JavaScript/TypeScript and a generic fallback. It only classifies text; the code view puts
 * every token into the page as a Text node.
 */

export type TokenKind = 'comment' | 'string' | 'number' | 'keyword' | 'plain';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
}

interface Grammar {
  readonly comment: string;
  readonly string: string;
  readonly keywords: ReadonlySet<string>;
}

const number = String.raw`\b(?:0[xX][\da-fA-F_]+|\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?[jJnL]?)\b|\.\d+(?:[eE][+-]?\d+)?`;
const quoted = String.raw`"(?:\\.|[^"\\\n])*"?|'(?:\\.|[^'\\\n])*'?`;

const python: Grammar = {
  comment: '#[^\\n]*',
  string: String.raw`(?:[rRbBuUfF]{1,2})?(?:"""[\s\S]*?(?:"""|$)|'''[\s\S]*?(?:'''|$)|${quoted})`,
  keywords: new Set(
    'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case self print len range'.split(
      ' ',
    ),
  ),
};

const javascript: Grammar = {
  comment: String.raw`\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$)`,
  string: String.raw`\x60(?:\\[\s\S]|[^\x60\\])*\x60?|${quoted}`,
  keywords: new Set(
    'async await break case catch class const continue debugger default delete do else export extends false finally for from function if import in instanceof let new null of return static super switch this throw true try typeof undefined var void while with yield interface type enum implements readonly as any number string boolean unknown never'.split(
      ' ',
    ),
  ),
};

const generic: Grammar = {
  comment: String.raw`#[^\n]*|\/\/[^\n]*`,
  string: quoted,
  keywords: new Set(),
};

function grammarFor(language: string): Grammar {
  const name = language.toLowerCase();
  if (name === 'python' || name === 'py') return python;
  if (['javascript', 'typescript', 'js', 'ts', 'tsx', 'jsx', 'mjs', 'mts'].includes(name)) return javascript;
  return generic;
}

const compiled = new Map<Grammar, RegExp>();

function scanner(grammar: Grammar): RegExp {
  let regex = compiled.get(grammar);
  if (regex === undefined) {
    regex = new RegExp(
      `(?<comment>${grammar.comment})|(?<string>${grammar.string})|(?<number>${number})|(?<word>[A-Za-z_$][\\w$]*)|(?<other>\\s+|.)`,
      'y',
    );
    compiled.set(grammar, regex);
  }
  return regex;
}

/** Tokens that, joined, give back `code` exactly. */
export function tokenize(code: string, language: string): Token[] {
  const grammar = grammarFor(language);
  const regex = scanner(grammar);
  const tokens: Token[] = [];
  const push = (kind: TokenKind, text: string): void => {
    const last = tokens[tokens.length - 1];
    if (last !== undefined && last.kind === kind && kind === 'plain')
      tokens[tokens.length - 1] = { kind, text: last.text + text };
    else tokens.push({ kind, text });
  };
  regex.lastIndex = 0;
  while (regex.lastIndex < code.length) {
    const start = regex.lastIndex;
    const match = regex.exec(code);
    if (match === null || match[0] === '') {
      // cannot happen with the catch-all `.`, but never loop forever on a regex surprise
      push('plain', code.slice(start));
      break;
    }
    const groups = match.groups ?? {};
    const text = match[0];
    if (groups['comment'] !== undefined) push('comment', text);
    else if (groups['string'] !== undefined) push('string', text);
    else if (groups['number'] !== undefined) push('number', text);
    else if (groups['word'] !== undefined) push(grammar.keywords.has(text) ? 'keyword' : 'plain', text);
    else push('plain', text);
  }
  return tokens;
}
