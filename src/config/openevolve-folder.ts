/**
 * OpenEvolve / SimpleTES / ShinkaEvolve style folders, which have no config of ours:
 * `initial_program.<ext>` + `evaluator.py` exposing `evaluate(program_path)`, and optionally
 * `config.yaml`. The keys of config.yaml that mean something here are mapped; the others are listed in
 * one warning.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { badInput } from '../core/errors.ts';
import type { ProblemConfig } from '../spec/problem-config.ts';

export interface ForeignProblem {
  readonly config: ProblemConfig;
  readonly configFile: string | null;
  readonly warnings: string[];
  /** `random_seed` from config.yaml, used as the run seed when none is given. */
  readonly seed?: number;
}

export function isOpenEvolveFolder(dir: string): boolean {
  return existsSync(path.join(dir, 'evaluator.py')) && findInitialPrograms(dir).length > 0;
}

function findInitialPrograms(dir: string): string[] {
  return readdirSync(dir).filter((name) => /^initial_program\.[A-Za-z0-9]+$/.test(name));
}

export function readOpenEvolveFolder(dir: string): ForeignProblem {
  const programs = findInitialPrograms(dir);
  if (programs.length > 1) {
    throw badInput(`several initial programs: ${programs.join(', ')}`, {
      file: dir,
      hint: 'keep one initial_program.<ext>, or write a ratchet.config.ts that names the seed',
    });
  }
  const config: Record<string, unknown> = { seed: programs[0], evaluator: 'evaluator.py' };
  const warnings: string[] = [];
  const yamlFile = ['config.yaml', 'config.yml']
    .map((name) => path.join(dir, name))
    .find((file) => existsSync(file));
  let seed: number | undefined;
  if (yamlFile !== undefined) {
    const mapped = mapConfigYaml(yamlFile, config);
    warnings.push(...mapped.warnings);
    seed = mapped.seed;
  }
  if (config['description'] === undefined) {
    const readme = path.join(dir, 'README.md');
    if (existsSync(readme)) config['description'] = readFileSync(readme, 'utf8');
  }
  return {
    config: config as unknown as ProblemConfig,
    configFile: yamlFile ?? null,
    warnings,
    ...(seed === undefined ? {} : { seed }),
  };
}

function mapConfigYaml(file: string, config: Record<string, unknown>): { warnings: string[]; seed?: number } {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw badInput(`not valid YAML: ${error instanceof Error ? error.message : String(error)}`, { file });
  }
  if (raw === null || raw === undefined) return { warnings: [] };
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw badInput('expected a mapping at the top level', { file });
  const yaml = raw as Record<string, unknown>;
  const ignored: string[] = [];
  let seed: number | undefined;
  const budget: Record<string, number> = {};
  const section = (name: string): Record<string, unknown> => {
    const value = yaml[name];
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  };

  for (const [key, value] of Object.entries(yaml)) {
    switch (key) {
      case 'max_iterations':
        if (typeof value === 'number') budget['evaluations'] = value;
        break;
      case 'random_seed':
        if (typeof value === 'number') seed = value;
        break;
      case 'diff_based_evolution':
        config['edits'] = value === false ? 'rewrite' : 'diff';
        break;
      case 'llm':
      case 'prompt':
      case 'evaluator':
        break; // mapped below
      default:
        ignored.push(key);
    }
  }

  const llm = section('llm');
  const model = mapModel(llm);
  if (model !== undefined) config['model'] = model;
  for (const key of Object.keys(llm)) {
    if (!['models', 'primary_model', 'api_base', 'temperature', 'max_tokens'].includes(key))
      ignored.push(`llm.${key}`);
  }

  const prompt = section('prompt');
  if (typeof prompt['system_message'] === 'string') config['description'] = prompt['system_message'];
  for (const key of Object.keys(prompt)) if (key !== 'system_message') ignored.push(`prompt.${key}`);

  const evaluator = section('evaluator');
  if (typeof evaluator['timeout'] === 'number') config['timeoutSeconds'] = evaluator['timeout'];
  if (typeof evaluator['parallel_evaluations'] === 'number') {
    config['concurrency'] = { evaluations: evaluator['parallel_evaluations'] };
  }
  if (evaluator['cascade_evaluation'] === true)
    config['evaluator'] = { openevolve: 'evaluator.py', cascade: true };
  for (const key of Object.keys(evaluator)) {
    if (!['timeout', 'parallel_evaluations', 'cascade_evaluation'].includes(key))
      ignored.push(`evaluator.${key}`);
  }

  if (Object.keys(budget).length > 0) config['budget'] = budget;
  const warnings =
    ignored.length === 0
      ? []
      : [`${path.basename(file)}: ignored keys with no meaning in Ratchet: ${ignored.join(', ')}`];
  return seed === undefined ? { warnings } : { warnings, seed };
}

/** OpenEvolve names models by provider-less ids plus an `api_base`; map them to our model strings. */
function mapModel(llm: Record<string, unknown>): unknown {
  const base = typeof llm['api_base'] === 'string' ? llm['api_base'] : undefined;
  const temperature = typeof llm['temperature'] === 'number' ? llm['temperature'] : undefined;
  const toModel = (name: string, weight?: number): Record<string, unknown> => {
    const model =
      base === undefined || base.includes('api.openai.com')
        ? `openai:${name}`
        : base.includes('anthropic.com')
          ? `anthropic:${name}`
          : `compatible:${name}@${base}`;
    return {
      model,
      ...(weight === undefined ? {} : { weight }),
      ...(temperature === undefined ? {} : { temperature }),
    };
  };
  if (Array.isArray(llm['models'])) {
    const models = (llm['models'] as unknown[])
      .filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null)
      .filter((entry) => typeof entry['name'] === 'string')
      .map((entry) =>
        toModel(entry['name'] as string, typeof entry['weight'] === 'number' ? entry['weight'] : undefined),
      );
    if (models.length > 0) return models;
  }
  if (typeof llm['primary_model'] === 'string') return toModel(llm['primary_model']);
  return undefined;
}
