import { describe, expect, it } from 'vitest';
import { applyEdits, applyRewrite, applySearchReplace } from './apply-edits.ts';
import { findEvolveRegions } from './evolve-block.ts';
import { makeSearchReplace } from './make-search-replace.ts';
import { parseEdits, parseSearchReplace } from './parse-edits.ts';

const python = `import math

# EVOLVE-BLOCK-START
def radius(n):
    scale = 0.5
    if n > 3:
        return scale / n
    return scale
# EVOLVE-BLOCK-END

def run():
    return radius(26)
`;

const javascript = `const limit = 10;
// EVOLVE-BLOCK-START
function step(x) {
  const rate = 0.25;
  return x * rate;
}
// EVOLVE-BLOCK-END
export { step, limit };
`;

function block(search: string, replace: string): string {
  return `<<<<<<< SEARCH\n${search}\n=======\n${replace}\n>>>>>>> REPLACE`;
}

function applyAnswer(parent: string, answer: string) {
  const parsed = parseEdits(answer, {
    format: 'diff',
    parentHasMarkers: findEvolveRegions(parent).hasMarkers,
  });
  return applyEdits(parent, parsed, { file: 'program' });
}

describe('parseSearchReplace', () => {
  it('reads several blocks, inside and outside ``` fences, with prose around them', () => {
    const answer = `I will change two things.\n\n\`\`\`python\n${block('a = 1', 'a = 2')}\n\`\`\`\nand\n${block('b = 1\nc = 1', 'b = 3')}\nDone.`;
    const parsed = parseSearchReplace(answer);
    expect(parsed).toEqual({
      ok: true,
      kind: 'blocks',
      blocks: [
        { search: 'a = 1', replace: 'a = 2' },
        { search: 'b = 1\nc = 1', replace: 'b = 3' },
      ],
    });
  });

  it('names a block left without its divider or its REPLACE line', () => {
    expect(parseSearchReplace('<<<<<<< SEARCH\na = 1\n')).toEqual({
      ok: false,
      reason: 'SEARCH/REPLACE block 1 has no ======= line',
    });
    expect(parseSearchReplace(`${block('a', 'b')}\n<<<<<<< SEARCH\nx\n=======\ny\n`)).toEqual({
      ok: false,
      reason: 'SEARCH/REPLACE block 2 has no >>>>>>> REPLACE line',
    });
    expect(parseSearchReplace('just words')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/no SEARCH/),
    });
  });
});

describe('applySearchReplace', () => {
  it('applies an exact match and summarises the change', () => {
    const outcome = applyAnswer(python, block('    scale = 0.5', '    scale = 0.75'));
    expect(outcome).toMatchObject({
      ok: true,
      matches: ['exact'],
      summary: '1 SEARCH/REPLACE block, +1 −1 lines',
    });
    expect(outcome.ok && outcome.content).toBe(python.replace('scale = 0.5', 'scale = 0.75'));
  });

  it('tolerates trailing whitespace differences', () => {
    const outcome = applyAnswer(
      python,
      block('    scale = 0.5   \n    if n > 3:  ', '    scale = 0.6\n    if n > 4:'),
    );
    expect(outcome).toMatchObject({ ok: true, matches: ['trailing-whitespace'] });
    expect(outcome.ok && outcome.content).toContain(
      '    scale = 0.6\n    if n > 4:\n        return scale / n',
    );
  });

  it('tolerates a different indentation and re-indents the replacement consistently', () => {
    // the model quoted the body without its 4-space indentation and added a nested line
    const outcome = applyAnswer(
      python,
      block(
        'if n > 3:\n    return scale / n',
        'if n > 3:\n    shrink = 1.5\n    return scale / (n * shrink)',
      ),
    );
    expect(outcome).toMatchObject({ ok: true, matches: ['indentation'] });
    expect(outcome.ok && outcome.content).toContain(
      '    scale = 0.5\n    if n > 3:\n        shrink = 1.5\n        return scale / (n * shrink)\n    return scale\n',
    );
  });

  it('does not take a match inside a longer identifier for a whole line', () => {
    const parent = 'xmax = 10\n# EVOLVE-BLOCK-START\nmax = 10\n# EVOLVE-BLOCK-END\n';
    const outcome = applyAnswer(parent, block('max = 10', 'max = 11'));
    expect(outcome.ok && outcome.content).toBe(
      'xmax = 10\n# EVOLVE-BLOCK-START\nmax = 11\n# EVOLVE-BLOCK-END\n',
    );
  });

  it('fails with the block number and a snippet when a block matches nothing', () => {
    const answer = `${block('    scale = 0.5', '    scale = 0.7')}\n${block('    return scale * 2', '    return scale')}`;
    const outcome = applyAnswer(python, answer);
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.reason).toBe(
      'SEARCH/REPLACE block 2 of 2 matches nothing in program: SEARCH "    return scale * 2"',
    );
  });

  it('rejects an edit outside the evolve block (# markers)', () => {
    const outcome = applyAnswer(
      python,
      block('def run():\n    return radius(26)', 'def run():\n    return radius(27)'),
    );
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.reason).toMatch(/outside the EVOLVE-BLOCK region: SEARCH "def run\(\):/);
  });

  it('rejects an edit outside the evolve block (// markers) and one that removes a marker', () => {
    const outside = applyAnswer(javascript, block('const limit = 10;', 'const limit = 11;'));
    expect(!outside.ok && outside.reason).toMatch(/outside the EVOLVE-BLOCK region/);
    const marker = applyAnswer(javascript, block('// EVOLVE-BLOCK-END\nexport', 'export'));
    expect(!marker.ok && marker.reason).toMatch(/outside the EVOLVE-BLOCK region/);
  });

  it('accepts a block that quotes an unchanged marker line around its change', () => {
    const outcome = applyAnswer(
      javascript,
      block('// EVOLVE-BLOCK-START\nfunction step(x) {', '// EVOLVE-BLOCK-START\nfunction step(x, y = 1) {'),
    );
    expect(outcome.ok && outcome.content).toContain('// EVOLVE-BLOCK-START\nfunction step(x, y = 1) {\n');
  });

  it('treats a file without markers as editable everywhere', () => {
    const outcome = applyAnswer('a = 1\nb = 2\n', block('a = 1', 'a = 5'));
    expect(outcome.ok && outcome.content).toBe('a = 5\nb = 2\n');
  });

  it('fails a no-op edit', () => {
    const outcome = applyAnswer(python, block('    scale = 0.5', '    scale = 0.5'));
    expect(outcome).toEqual({
      ok: false,
      reason: 'edit changed nothing: the child is identical to the parent',
    });
  });

  it('rejects an empty SEARCH part', () => {
    const outcome = applySearchReplace(python, [{ search: '', replace: 'x = 1' }], { file: 'program' });
    expect(!outcome.ok && outcome.reason).toMatch(/empty SEARCH/);
  });
});

describe('applyRewrite', () => {
  it('keeps the text outside the evolve block byte for byte (trailing whitespace forgiven)', () => {
    const rewrite = python.replace('import math', 'import math   ').replace('scale = 0.5', 'scale = 0.9');
    const outcome = applyRewrite(python, rewrite, { file: 'program' });
    expect(outcome.ok && outcome.content).toBe(python.replace('scale = 0.5', 'scale = 0.9'));
    expect(outcome.ok && outcome.summary).toBe('rewrite, +1 −1 lines');
  });

  it('rejects a rewrite that changes the text around the block or drops the markers', () => {
    const changed = applyRewrite(python, python.replace('radius(26)', 'radius(30)'), { file: 'program' });
    expect(!changed.ok && changed.reason).toMatch(/changes the text after the EVOLVE-BLOCK region/);
    const dropped = applyRewrite(python, 'def radius(n):\n    return 1\n', { file: 'program' });
    expect(!dropped.ok && dropped.reason).toMatch(/dropped the EVOLVE-BLOCK-START\/END marker lines/);
  });

  it('takes the fenced program from a rewrite answer, and a fenced program with markers in a diff answer', () => {
    const answer = `Here:\n\`\`\`python\n${python.replace('0.5', '0.8')}\`\`\`\n`;
    const asRewrite = applyEdits(python, parseEdits(answer, { format: 'rewrite', parentHasMarkers: true }), {
      file: 'program',
    });
    expect(asRewrite.ok && asRewrite.content).toBe(python.replace('0.5', '0.8'));
    const asDiff = applyAnswer(python, answer);
    expect(asDiff.ok && asDiff.content).toBe(python.replace('0.5', '0.8'));
  });
});

describe('makeSearchReplace', () => {
  it('produces blocks that turn the parent into the child and stay inside the evolve block', () => {
    const child = python.replace('scale = 0.5', 'scale = 0.55').replace('n > 3', 'n > 4');
    const blocks = makeSearchReplace(python, child);
    for (const entry of blocks) expect(entry.search).not.toMatch(/EVOLVE-BLOCK/);
    const outcome = applySearchReplace(python, blocks, { file: 'program' });
    expect(outcome.ok && outcome.content).toBe(child);
  });

  it('adds context until a SEARCH is unique', () => {
    const parent = '# EVOLVE-BLOCK-START\nx = 1\ny = 0\nz = 2\ny = 0\nw = 3\n# EVOLVE-BLOCK-END\n';
    const child = parent.replace('z = 2\ny = 0', 'z = 2\ny = 9');
    const blocks = makeSearchReplace(parent, child, { context: 0 });
    expect(blocks).toHaveLength(1);
    expect(parent.split(blocks[0]!.search).length).toBe(2);
    const outcome = applySearchReplace(parent, blocks, { file: 'program' });
    expect(outcome.ok && outcome.content).toBe(child);
  });
});
