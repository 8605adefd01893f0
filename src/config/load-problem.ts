/**
 * Finds and loads a problem: a `ratchet.config.ts` (or .mts/.js/.mjs) loaded with jiti, or an
 * OpenEvolve-style folder. Command-line overrides are applied last and named as such in errors.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';
import { badInput, RatchetError } from '../core/errors.ts';
import type { Budget, ModelSpec, ResolvedProblem, SandboxKind } from '../spec/problem.ts';
import { isOpenEvolveFolder, readOpenEvolveFolder } from './openevolve-folder.ts';
import { parseProblemConfig } from './problem-schema.ts';
import { resolveModels, resolveProblem, resolveStrategy } from './resolve-problem.ts';

export const configFileNames = [
  'ratchet.config.ts',
  'ratchet.config.mts',
  'ratchet.config.js',
  'ratchet.config.mjs',
];

/** Settings from the command line (or the library caller) that win over the problem's own. */
export interface ProblemOverrides {
  readonly models?: readonly string[];
  readonly strategy?: string;
  readonly budget?: Budget;
  readonly sandbox?: SandboxKind;
  readonly concurrency?: { readonly llm?: number; readonly evaluations?: number };
  readonly timeoutSeconds?: number;
  /** A critic model (see `ResolvedProblem.critic`). */
  readonly critic?: string;
}

export interface LoadedProblem {
  readonly problem: ResolvedProblem;
  /** A seed suggested by a foreign config (`random_seed`), if any. */
  readonly suggestedSeed?: number;
}

const packageEntry = fileURLToPath(new URL('../define-problem.ts', import.meta.url));

/** Loads the problem at `target` (a folder or a config file). */
export async function loadProblem(target: string, overrides: ProblemOverrides = {}): Promise<LoadedProblem> {
  const absolute = path.resolve(target);
  if (!existsSync(absolute)) {
    throw new RatchetError('not-found', `no such problem folder or file: ${target}`, {
      hint: 'give a folder with ratchet.config.ts, or initial_program.* + evaluator.py',
    });
  }
  const isFile = statSync(absolute).isFile();
  const dir = isFile ? path.dirname(absolute) : absolute;
  const configFile = isFile
    ? absolute
    : configFileNames.map((name) => path.join(dir, name)).find((file) => existsSync(file));

  let problem: ResolvedProblem;
  let suggestedSeed: number | undefined;
  if (configFile !== undefined) {
    const raw = await importConfig(configFile);
    const parsed = parseProblemConfig(raw);
    if (!parsed.ok) {
      throw badInput(`invalid problem config:\n  ${parsed.issues.join('\n  ')}`, {
        file: configFile,
        hint: 'fix the keys named above (unknown keys are errors)',
      });
    }
    problem = resolveProblem(parsed.config, { dir, configFile });
  } else if (isOpenEvolveFolder(dir)) {
    const foreign = readOpenEvolveFolder(dir);
    const parsed = parseProblemConfig(foreign.config);
    if (!parsed.ok)
      throw badInput(`could not map the folder's config:\n  ${parsed.issues.join('\n  ')}`, {
        file: foreign.configFile ?? dir,
      });
    problem = resolveProblem(parsed.config, {
      dir,
      configFile: foreign.configFile,
      warnings: foreign.warnings,
    });
    suggestedSeed = foreign.seed;
  } else {
    throw badInput('not a problem folder', {
      file: dir,
      hint: `add a ratchet.config.ts (see the README), or initial_program.<ext> + evaluator.py (OpenEvolve style)`,
    });
  }
  return {
    problem: applyOverrides(problem, overrides),
    ...(suggestedSeed === undefined ? {} : { suggestedSeed }),
  };
}

async function importConfig(file: string): Promise<unknown> {
  const jiti = createJiti(import.meta.url, {
    alias: { ratchet: packageEntry },
    moduleCache: false,
    fsCache: false,
  });
  let loaded: unknown;
  try {
    loaded = await jiti.import(file, { default: true });
  } catch (error) {
    throw badInput(`could not load: ${error instanceof Error ? error.message : String(error)}`, {
      file,
      hint: 'fix the syntax or import error above',
      cause: error,
    });
  }
  if (typeof loaded === 'function') loaded = await (loaded as () => unknown)();
  return loaded;
}

function applyOverrides(problem: ResolvedProblem, overrides: ProblemOverrides): ResolvedProblem {
  const fail = (field: string, message: string, hint?: string): never => {
    throw badInput(message, { file: 'command line', field, ...(hint === undefined ? {} : { hint }) });
  };
  const budget =
    overrides.budget === undefined
      ? problem.budget
      : // a command-line budget replaces the default evaluation cap but keeps the problem's other limits
        { ...problem.budget, ...overrides.budget };
  return {
    ...problem,
    ...(overrides.models === undefined
      ? {}
      : {
          models: resolveModels(overrides.models, (_field, message, hint) => fail('--model', message, hint)),
        }),
    ...(overrides.strategy === undefined || overrides.strategy === problem.strategy.name
      ? {}
      : {
          strategy: resolveStrategy(overrides.strategy, (_field, message, hint) =>
            fail('--strategy', message, hint),
          ),
        }),
    ...(overrides.sandbox === undefined ? {} : { sandbox: { ...problem.sandbox, kind: overrides.sandbox } }),
    ...(overrides.timeoutSeconds === undefined ? {} : { timeoutSeconds: overrides.timeoutSeconds }),
    ...(overrides.critic === undefined
      ? {}
      : {
          critic: {
            model: (
              resolveModels([overrides.critic], (_field, message, hint) =>
                fail('--critic', message, hint),
              )[0] as ModelSpec
            ).model,
            maxChars: problem.critic?.maxChars ?? 1500,
          },
        }),
    concurrency: { ...problem.concurrency, ...overrides.concurrency },
    budget,
    warnings:
      overrides.budget === undefined
        ? problem.warnings
        : problem.warnings.filter((text) => !text.startsWith('no budget set')),
  };
}
