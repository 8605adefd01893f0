import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RatchetError } from '../core/errors.ts';
import { loadProblem } from './load-problem.ts';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function folderWith(files: Record<string, string>): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'ratchet-config-'));
  folders.push(folder);
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(folder, name), content);
  return folder;
}

async function loadError(folder: string, overrides = {}): Promise<RatchetError> {
  try {
    await loadProblem(folder, overrides);
  } catch (error) {
    if (RatchetError.is(error)) return error;
    throw error;
  }
  throw new Error('expected loadProblem to fail');
}

const seed = { 'main.py': 'x = 1\n', 'evaluate.py': 'print(1)\n' };

describe('loadProblem with ratchet.config.ts', () => {
  it('resolves a typed config with defaults filled in', async () => {
    const folder = folderWith({
      ...seed,
      'ratchet.config.ts': `import { defineProblem } from 'ratchet';
export default defineProblem({
  description: 'make x big',
  seed: 'main.py',
  evaluator: { command: ['python3', 'evaluate.py', '{candidate}'] },
  objective: { metric: 'x', direction: 'minimize' },
  budget: { evaluations: 7 },
});`,
    });
    const { problem } = await loadProblem(folder);
    expect(problem.configFile).toBe(path.join(folder, 'ratchet.config.ts'));
    expect(problem.seed).toEqual([{ path: 'main.py', content: 'x = 1\n' }]);
    expect(problem.mainFile).toBe('main.py');
    expect(problem.language).toBe('python');
    expect(problem.objective).toEqual({ metric: 'x', direction: 'minimize' });
    expect(problem.evaluator).toEqual({
      kind: 'command',
      command: ['python3', 'evaluate.py', '{candidate}'],
    });
    expect(problem.strategy).toEqual({ name: 'refine', options: {} });
    expect(problem.models).toEqual([{ model: 'mutate', weight: 1 }]);
    expect(problem.sandbox.kind).toBe('bwrap');
    expect(problem.sandbox.network).toBe(false);
    expect(problem.budget).toEqual({ evaluations: 7 });
  });

  it('names the file and the key path of an unknown key', async () => {
    const folder = folderWith({
      ...seed,
      'ratchet.config.ts': `export default { seed: 'main.py', evaluator: 'evaluate.py', budget: { evaluatoins: 5 } };`,
    });
    const error = await loadError(folder);
    expect(error.code).toBe('bad-input');
    expect(error.file).toBe(path.join(folder, 'ratchet.config.ts'));
    expect(error.describe()).toContain('budget.evaluatoins: unknown key');
  });

  it('names the key of a value of the wrong type', async () => {
    const folder = folderWith({
      ...seed,
      'ratchet.config.ts': `export default { seed: 'main.py', evaluator: 'evaluate.py', timeoutSeconds: 'ten' };`,
    });
    expect((await loadError(folder)).describe()).toMatch(/timeoutSeconds: .*expected number/);
  });

  it('names a seed file that does not exist', async () => {
    const folder = folderWith({
      'ratchet.config.ts': `export default { seed: ['nope.py'], evaluator: { command: ['true'] } };`,
    });
    const error = await loadError(folder);
    expect(error.field).toBe('seed.0');
    expect(error.message).toContain('file not found: nope.py');
  });

  it('rejects an unknown strategy and an unknown strategy option by name', async () => {
    const base = `seed: 'main.py', evaluator: { command: ['true'] }`;
    const unknown = folderWith({
      ...seed,
      'ratchet.config.ts': `export default { ${base}, strategy: 'annealing' };`,
    });
    const unknownError = await loadError(unknown);
    expect(unknownError.field).toBe('strategy');
    expect(unknownError.hint).toContain('refine');
    const option = folderWith({
      ...seed,
      'ratchet.config.ts': `export default { ${base}, strategy: { name: 'refine', depth: 3 } };`,
    });
    expect((await loadError(option)).describe()).toContain('unknown option depth');
  });

  it('names a syntax error in the config file', async () => {
    const folder = folderWith({ ...seed, 'ratchet.config.ts': `export default { seed: 'main.py', ` });
    const error = await loadError(folder);
    expect(error.file).toBe(path.join(folder, 'ratchet.config.ts'));
    expect(error.message).toContain('could not load');
  });

  it('applies command-line overrides and names them when they are wrong', async () => {
    const folder = folderWith({
      ...seed,
      'ratchet.config.ts': `export default { seed: 'main.py', evaluator: { command: ['true'] } };`,
    });
    const { problem } = await loadProblem(folder, {
      models: ['openai:gpt-4.1-mini'],
      strategy: 'sample',
      budget: { evaluations: 3 },
    });
    expect(problem.models.map((model) => model.model)).toEqual(['openai:gpt-4.1-mini']);
    expect(problem.strategy.name).toBe('sample');
    expect(problem.budget.evaluations).toBe(3);
    expect(problem.warnings.some((warning) => warning.startsWith('no budget set'))).toBe(false);
    const error = await loadError(folder, { models: ['gpt-4'] });
    expect(error.file).toBe('command line');
    expect(error.field).toBe('--model');
  });
});

describe('loadProblem: instances and gates', () => {
  const base = `seed: 'main.py', evaluator: { command: ['true'] }`;

  it('refuses overlapping splits, naming the instances', async () => {
    const folder = folderWith({
      ...seed,
      'ratchet.config.ts': `export default { ${base}, instances: { optimize: ['a', 'b', 'c'], validate: ['c', 'd'], confirm: ['d', 'e'] } };`,
    });
    const error = await loadError(folder);
    expect(error.field).toBe('instances');
    expect(error.message).toContain('"c" in both optimize and validate');
    expect(error.message).toContain('"d" in both validate and confirm');
    expect(error.hint).toContain('disjoint');
  });

  it('reads splits from a JSON file and turns on the gates with defaults', async () => {
    const folder = folderWith({
      ...seed,
      'splits.json': JSON.stringify({ optimize: ['a', 'b'], validate: ['c'], confirm: ['d'] }),
      'ratchet.config.ts': `export default { ${base}, instances: { file: 'splits.json' } };`,
    });
    const { problem } = await loadProblem(folder);
    expect(problem.instances).toEqual({ optimize: ['a', 'b'], validate: ['c'], confirm: ['d'] });
    expect(problem.gates).toEqual({
      staticChecks: [],
      minImprovement: 0,
      test: 'sign',
      margin: 0,
      confidence: 0.9,
    });
  });

  it('names a bad regular expression in a static check', async () => {
    const folder = folderWith({
      ...seed,
      'ratchet.config.ts': `export default { ${base}, gates: { staticChecks: [{ name: 'x', forbid: '(' }] } };`,
    });
    expect((await loadError(folder)).describe()).toContain(
      'gates.staticChecks.0.forbid: not a valid regular expression',
    );
  });
});

describe('loadProblem with an OpenEvolve-style folder', () => {
  it('finds initial_program + evaluator.py and maps config.yaml, warning about ignored keys', async () => {
    const folder = folderWith({
      'initial_program.py': '# EVOLVE-BLOCK-START\nx = 1\n# EVOLVE-BLOCK-END\n',
      'evaluator.py': 'def evaluate(program_path):\n    return {"combined_score": 1.0}\n',
      'config.yaml': [
        'max_iterations: 40',
        'random_seed: 42',
        'checkpoint_interval: 10',
        'llm:',
        '  primary_model: "gpt-4.1-mini"',
        '  temperature: 0.7',
        '  retries: 3',
        'prompt:',
        '  system_message: "Improve the packing."',
        'evaluator:',
        '  timeout: 30',
        '  cascade_evaluation: true',
        '',
      ].join('\n'),
    });
    const { problem, suggestedSeed } = await loadProblem(folder);
    expect(problem.mainFile).toBe('initial_program.py');
    expect(problem.evaluator).toEqual({ kind: 'openevolve', file: 'evaluator.py', cascade: true });
    expect(problem.objective).toEqual({ metric: 'combined_score', direction: 'maximize' });
    expect(problem.budget.evaluations).toBe(40);
    expect(problem.timeoutSeconds).toBe(30);
    expect(problem.description).toBe('Improve the packing.');
    expect(problem.models).toEqual([{ model: 'openai:gpt-4.1-mini', weight: 1, temperature: 0.7 }]);
    expect(suggestedSeed).toBe(42);
    const warning = problem.warnings.find((text) => text.includes('ignored keys'));
    expect(warning).toContain('checkpoint_interval');
    expect(warning).toContain('llm.retries');
  });

  it('says what a folder lacks', async () => {
    const folder = folderWith({ 'notes.txt': 'nothing here' });
    const error = await loadError(folder);
    expect(error.message).toBe('not a problem folder');
    expect(error.hint).toContain('ratchet.config.ts');
  });
});
