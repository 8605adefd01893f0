import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRandom } from '../core/random.ts';
import { findNumericLiterals } from './code-tokens.ts';
import { crossoverText } from './crossover-text.ts';
import { findEvolveRegions, outsideParts } from './edits/evolve-block.ts';
import { createMutateProposer, mutateText } from './mutate.ts';
import { sampleContext, sampleJavaScript, samplePython, sampleView } from './proposal-fixture.ts';

const temporary = mkdtempSync(path.join(tmpdir(), 'ratchet-mutate-'));
afterAll(() => rmSync(temporary, { recursive: true, force: true }));

function variants(content: string, language: string, count: number): { content: string; summary: string }[] {
  const results: { content: string; summary: string }[] = [];
  for (let seed = 0; seed < count; seed++) {
    const outcome = mutateText(content, createRandom(seed, 'mutate-test'), { language, structuralRate: 0.3 });
    if (outcome !== null) results.push(outcome);
  }
  return results;
}

describe('findNumericLiterals', () => {
  it('skips identifiers, strings, comments, hex and suffixed literals', () => {
    const python = 'x1 = 2.5e-3 + .5 + 1_000 + 0x1F + 3j  # 7\ns = "4" + f\'{5}\' + """6"""\n';
    expect(findNumericLiterals(python, 'python').map((literal) => literal.text)).toEqual([
      '2.5e-3',
      '.5',
      '1_000',
    ]);
    const script = `const a2 = 1.5 / 2; const r = /x{2,3}/g; const t = \`v\${1}\`; /* 8 */ const b = 10n; // 9\n`;
    expect(findNumericLiterals(script, 'javascript').map((literal) => literal.text)).toEqual(['1.5', '2']);
  });
});

describe('mutateText', () => {
  it('is deterministic for a given Random and varies across seeds', () => {
    const first = mutateText(samplePython, createRandom(7, 'm'), { language: 'python' });
    const again = mutateText(samplePython, createRandom(7, 'm'), { language: 'python' });
    expect(again).toEqual(first);
    const contents = new Set(variants(samplePython, 'python', 20).map((outcome) => outcome.content));
    expect(contents.size).toBeGreaterThan(15);
  });

  it('changes only the evolve block, never strings, comments or marker lines, and says what it did', () => {
    const { regions } = findEvolveRegions(samplePython);
    const outside = outsideParts(samplePython, regions);
    const summaries = new Set<string>();
    for (const outcome of variants(samplePython, 'python', 200)) {
      expect(outcome.content).not.toBe(samplePython);
      expect(outsideParts(outcome.content, findEvolveRegions(outcome.content).regions)).toEqual(outside);
      expect(outcome.content).toContain('label = "v1.5 grid 3x3"');
      expect(outcome.content).toContain('"""Place circles on a jittered grid."""');
      summaries.add(outcome.summary.replace(/\d+/g, 'N'));
    }
    expect(summaries).toContain('mutate (non-LLM): perturbed N numeric literal');
    expect(summaries).toContain('mutate (non-LLM): perturbed N numeric literals');
    expect(summaries).toContain('mutate (non-LLM): swapped N adjacent assignments at line N');
    expect(summaries).toContain('mutate (non-LLM): duplicated an element of a numeric list at line N');
  });

  it('keeps Python programs valid (ast.parse)', () => {
    const outcomes = variants(samplePython, 'python', 150);
    const files = outcomes.map((outcome, index) => {
      const file = path.join(temporary, `variant-${index}.py`);
      writeFileSync(file, outcome.content);
      return file;
    });
    const script =
      'import ast, sys\nfor name in sys.argv[1:]:\n    ast.parse(open(name).read(), name)\nprint("ok", len(sys.argv) - 1)';
    expect(execFileSync('python3', ['-c', script, ...files], { encoding: 'utf8' }).trim()).toBe(
      `ok ${files.length}`,
    );
  });

  it('keeps JavaScript modules valid (parsed by node) and leaves regexes, templates and comments alone', () => {
    const outcomes = variants(sampleJavaScript, 'javascript', 40);
    for (const outcome of outcomes) {
      expect(outcome.content).toContain('/item-(\\d{2,3})/');
      expect(outcome.content).toContain(`\`plan \${tasks.length + 1} v2.0\``);
      expect(outcome.content).toContain('// a comment with 3.14 in it');
      expect(outcome.content).toContain("const VERSION = 'seed-1.0';");
    }
    const files = outcomes.map((outcome, index) => {
      const file = path.join(temporary, `variant-${index}.mjs`);
      writeFileSync(file, outcome.content);
      return file;
    });
    // one node process parses every variant as an ES module (what `node --check` does, without 40 spawns)
    const script =
      "const vm = require('node:vm'); const fs = require('node:fs'); let n = 0;" +
      "for (const f of process.argv.slice(1)) { new vm.SourceTextModule(fs.readFileSync(f, 'utf8'), { identifier: f }); n++; }" +
      "console.log('ok', n);";
    const output = execFileSync(
      process.execPath,
      ['--experimental-vm-modules', '--no-warnings', '-e', script, ...files],
      {
        encoding: 'utf8',
      },
    );
    expect(output.trim()).toBe(`ok ${files.length}`);
    expect(files.length).toBe(40);
  });

  it('falls back to a structural edit when there is no literal to perturb', () => {
    const content = '# EVOLVE-BLOCK-START\na = f()\nb = g()\n# EVOLVE-BLOCK-END\n';
    for (let seed = 0; seed < 10; seed++) {
      const outcome = mutateText(content, createRandom(seed), { language: 'python' });
      expect(outcome?.content).toBe('# EVOLVE-BLOCK-START\nb = g()\na = f()\n# EVOLVE-BLOCK-END\n');
    }
  });

  it('returns null when the evolve block has nothing to change', () => {
    const content = 'x = 1\n# EVOLVE-BLOCK-START\ndef f():\n    return "no numbers 42"\n# EVOLVE-BLOCK-END\n';
    expect(mutateText(content, createRandom(1), { language: 'python' })).toBeNull();
  });
});

describe('crossoverText', () => {
  it('takes each differing literal from one parent or the other', () => {
    const second = samplePython
      .replace('spacing = 0.18', 'spacing = 0.2')
      .replace('margin = 0.05', 'margin = 0.07');
    const seen = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const outcome = crossoverText(samplePython, second, createRandom(seed), { language: 'python' });
      expect(outcome).not.toBeNull();
      const spacing = /spacing = ([\d.]+)/.exec(outcome!.content)?.[1];
      const margin = /margin = ([\d.]+)/.exec(outcome!.content)?.[1];
      expect(['0.18', '0.2']).toContain(spacing);
      expect(['0.05', '0.07']).toContain(margin);
      expect(outcome!.content).not.toBe(samplePython);
      seen.add(`${spacing} ${margin}`);
    }
    expect(seen.size).toBeGreaterThan(1);
    expect(crossoverText(samplePython, samplePython, createRandom(1))).toBeNull();
  });
});

describe('the mutate proposer', () => {
  it('proposes a child that differs from the parent, deterministically, with origin mutate', async () => {
    const proposer = createMutateProposer();
    const first = await proposer.propose(sampleContext({ seed: 3 }));
    const again = await proposer.propose(sampleContext({ seed: 3 }));
    expect(again).toEqual(first);
    expect(first).toMatchObject({
      ok: true,
      origin: 'mutate',
      summary: expect.stringMatching(/^mutate \(non-LLM\): /),
    });
    if (first.ok) expect(first.files[0]?.content).not.toBe(samplePython);
  });

  it('crosses two parents over in crossover mode', async () => {
    const second = samplePython.replace('spacing = 0.18', 'spacing = 0.3');
    const context = sampleContext({
      request: { mode: 'crossover' },
      parents: [sampleView(samplePython), sampleView(second)],
    });
    const result = await createMutateProposer().propose(context);
    expect(result).toMatchObject({
      ok: true,
      origin: 'crossover',
      summary: expect.stringMatching(/^crossover \(non-LLM\)/),
    });
    if (result.ok) expect(result.files[0]?.content).toContain('spacing = 0.3');
  });

  it('fails with a reason when there is nothing to change', async () => {
    const content = '# EVOLVE-BLOCK-START\ndef f():\n    return "x"\n# EVOLVE-BLOCK-END\n';
    const result = await createMutateProposer().propose(sampleContext({ parents: [sampleView(content)] }));
    expect(result).toEqual({
      ok: false,
      reason:
        'mutate (non-LLM): nothing to change in initial_program.py: no numeric literal or known structure inside the evolve block',
    });
  });
});
