/**
 * Normalised program text: comments removed and whitespace collapsed, so that two candidates that differ
 * only in comments, blank lines or spacing compare equal (novelty screening, diversity sketches).
 */

const hashCommentLanguages = new Set([
  'python',
  'shell',
  'bash',
  'ruby',
  'r',
  'yaml',
  'toml',
  'perl',
  'julia',
]);

/** Removes comments outside string literals: `#` for Python-like languages, `//` and block comments otherwise. */
export function stripComments(content: string, language: string): string {
  const hashComments = hashCommentLanguages.has(language.toLowerCase());
  let output = '';
  let index = 0;
  let quote: string | null = null;
  while (index < content.length) {
    const char = content[index] as string;
    if (quote !== null) {
      if (content.startsWith(quote, index)) {
        output += quote;
        index += quote.length;
        quote = null;
      } else if (char === '\\' && quote.length === 1) {
        output += content.slice(index, index + 2);
        index += 2;
      } else {
        output += char;
        index += 1;
      }
      continue;
    }
    if (char === '"' || char === "'" || (char === '`' && !hashComments)) {
      quote = content.startsWith(char.repeat(3), index) ? char.repeat(3) : char;
      output += quote;
      index += quote.length;
      continue;
    }
    if (hashComments && char === '#') {
      const end = content.indexOf('\n', index);
      index = end < 0 ? content.length : end;
      continue;
    }
    if (!hashComments && content.startsWith('//', index)) {
      const end = content.indexOf('\n', index);
      index = end < 0 ? content.length : end;
      continue;
    }
    if (!hashComments && content.startsWith('/*', index)) {
      const end = content.indexOf('*/', index + 2);
      index = end < 0 ? content.length : end + 2;
      continue;
    }
    output += char;
    index += 1;
  }
  return output;
}

/** Comments removed, whitespace runs collapsed to one space, spaces around punctuation dropped. */
export function normalizeContent(content: string, language: string): string {
  return stripComments(content, language)
    .split(/\s+/)
    .filter((part) => part !== '')
    .join(' ')
    .replace(/ ?([^\w\s]) ?/g, '$1');
}
