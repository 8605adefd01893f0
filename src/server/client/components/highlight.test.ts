import { describe, expect, it } from 'vitest';
import { tokenize } from './highlight.ts';

const kinds = (code: string, language: string) =>
  tokenize(code, language)
    .filter((token) => token.kind !== 'plain')
    .map((token) => [token.kind, token.text]);

describe('tokenize', () => {
  it('gives back the code exactly, whatever it is', () => {
    const samples = [
      'def f(x):\n    """doc\n    string"""\n    return x * 2.5e-3  # note\n',
      'const s = `a ` + b; // c\n/* block */ let n = 0x1F;\n',
      '"unterminated\n\'also\n</script><img src=x onerror=alert(1)>',
      '\u2028\u2029\r\n\t é 漢字 🙂',
      '',
    ];
    for (const sample of samples) {
      for (const language of ['python', 'typescript', 'c']) {
        expect(
          tokenize(sample, language)
            .map((token) => token.text)
            .join(''),
        ).toBe(sample);
      }
    }
  });

  it('finds Python comments, strings, numbers and keywords', () => {
    expect(kinds('def f():\n    return "a#b" + 1.5  # done', 'python')).toEqual([
      ['keyword', 'def'],
      ['keyword', 'return'],
      ['string', '"a#b"'],
      ['number', '1.5'],
      ['comment', '# done'],
    ]);
    expect(kinds("x = f'{y}' + r'\\d'", 'python')).toEqual([
      ['string', "f'{y}'"],
      ['string', "r'\\d'"],
    ]);
  });

  it('finds JavaScript comments and template strings', () => {
    expect(kinds('const a = `x`; // y', 'javascript')).toEqual([
      ['keyword', 'const'],
      ['string', '`x`'],
      ['comment', '// y'],
    ]);
  });
});
