/**
 * Comment and string syntax of the languages `mutate` knows, by name and by file extension.
 */

export type CommentStyle = 'hash' | 'slash' | 'dash';

/** What the numeric-literal scanner must know of a language. */
export interface LanguageRules {
  readonly comments: readonly CommentStyle[];
  readonly tripleQuotes: boolean;
  readonly regexLiterals: boolean;
  readonly templateStrings: boolean;
}

const hashLanguages = [
  'python',
  'ruby',
  'shell',
  'bash',
  'sh',
  'r',
  'julia',
  'perl',
  'yaml',
  'toml',
  'nim',
  'elixir',
];
const slashLanguages = [
  'javascript',
  'typescript',
  'c',
  'cpp',
  'c++',
  'java',
  'go',
  'rust',
  'csharp',
  'kotlin',
  'swift',
  'scala',
  'dart',
  'zig',
  'cuda',
];
const dashLanguages = ['sql', 'lua', 'haskell', 'ada', 'elm'];
const extensionLanguages: Readonly<Record<string, string>> = {
  py: 'python',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascript',
  ts: 'typescript',
  mts: 'typescript',
  tsx: 'typescript',
  rb: 'ruby',
  sh: 'shell',
  c: 'c',
  h: 'c',
  cc: 'cpp',
  cpp: 'cpp',
  hpp: 'cpp',
  cu: 'cuda',
  java: 'java',
  go: 'go',
  rs: 'rust',
  jl: 'julia',
  r: 'r',
  lua: 'lua',
  sql: 'sql',
};

/** The language name for a file path (`python` for `x.py`), or undefined. */
export function languageOfPath(path: string): string | undefined {
  const extension = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase();
  return extension === undefined ? undefined : extensionLanguages[extension];
}

/** The rules for a language name; unknown languages get every common comment syntax. */
export function rulesFor(language: string | undefined): LanguageRules {
  const name = (language ?? '').toLowerCase();
  if (hashLanguages.includes(name))
    return {
      comments: ['hash'],
      tripleQuotes: name === 'python',
      regexLiterals: false,
      templateStrings: false,
    };
  if (slashLanguages.includes(name)) {
    const jsLike = name === 'javascript' || name === 'typescript';
    return { comments: ['slash'], tripleQuotes: false, regexLiterals: jsLike, templateStrings: jsLike };
  }
  if (dashLanguages.includes(name))
    return { comments: ['dash'], tripleQuotes: false, regexLiterals: false, templateStrings: false };
  // unknown: treat every common comment syntax as a comment (skipping too much is safe)
  return {
    comments: ['hash', 'slash', 'dash'],
    tripleQuotes: true,
    regexLiterals: false,
    templateStrings: true,
  };
}
