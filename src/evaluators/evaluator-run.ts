/**
 * Turns (problem, bundle, working directory) into the sandbox run of its evaluator: the command of
 * each protocol, the mounts, and the environment — a fixed allowlist, never the engine's own variables
 * except those the problem names in `sandbox.env`.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { badInput } from '../core/errors.ts';
import type { ResolvedProblem } from '../spec/problem.ts';
import type { SandboxMount, SandboxRunSpec } from '../spec/sandbox.ts';
import { compiledEvaluatorPath } from './compile-module.ts';
import { openEvolveHarnessFile, runtimeDir, tsxRuntime } from './runtime-files.ts';

/** OpenEvolve's default cascade thresholds. */
export const defaultCascadeThresholds: readonly number[] = [0.5, 0.75, 0.9];

export const defaultPython = '/usr/bin/python3';

export interface EvaluatorRunInput {
  readonly problem: ResolvedProblem;
  /** The bundle directory (`{problemDir}`). */
  readonly bundleDir: string;
  /** The fresh working directory holding the candidate's files. */
  readonly workDir: string;
  readonly instances?: readonly string[];
  /** For `activeData` problems: the probes acquired so far (`RATCHET_DATA`, `context.data`). */
  readonly data?: readonly string[];
  /** For module evaluators: the compiled module harness (see `compile-module.ts`). */
  readonly moduleHarness?: string;
  /** The engine's environment, read only for the names in `problem.sandbox.env`. */
  readonly hostEnv: Readonly<Record<string, string | undefined>>;
}

export interface EvaluatorRunPlan {
  readonly spec: SandboxRunSpec;
  /** Our harnesses sign their result with this; null for `command` evaluators. */
  readonly nonce: string | null;
  /** `command` evaluators may print their result as the last JSON line of stdout instead of fd 3. */
  readonly stdoutFallback: boolean;
}

const systemPrefixes = ['/usr/', '/bin/', '/sbin/', '/lib/', '/lib64/'];

/** An interpreter outside the system directories is mounted with its installation prefix. */
function interpreter(chosen: string): { command: string; mounts: SandboxMount[] } {
  if (!path.isAbsolute(chosen)) return { command: chosen, mounts: [] };
  let real = chosen;
  try {
    real = realpathSync(chosen);
  } catch {
    // let the run report that it does not exist
  }
  if (systemPrefixes.some((prefix) => real.startsWith(prefix))) return { command: real, mounts: [] };
  return { command: real, mounts: [{ path: path.dirname(path.dirname(real)), writable: false }] };
}

/** The evaluation's complete environment. */
export function evaluationEnvironment(
  input: EvaluatorRunInput,
  candidatePath: string,
): Record<string, string> {
  const { problem, workDir, bundleDir } = input;
  const env: Record<string, string> = {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: workDir,
    TMPDIR: '/tmp',
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONUNBUFFERED: '1',
    OMP_NUM_THREADS: '1',
    OPENBLAS_NUM_THREADS: '1',
    MKL_NUM_THREADS: '1',
    MPLBACKEND: 'Agg',
  };
  for (const name of problem.sandbox.env) {
    const value = input.hostEnv[name];
    if (value !== undefined) env[name] = value;
  }
  Object.assign(env, problem.sandbox.setEnv);
  Object.assign(env, {
    RATCHET_CANDIDATE: candidatePath,
    RATCHET_CANDIDATE_DIR: workDir,
    RATCHET_PROBLEM_DIR: bundleDir,
    RATCHET_RESULT_FD: '3',
    // run a TypeScript candidate from any evaluator with: node --import "$RATCHET_TS_LOADER" candidate.ts
    RATCHET_TS_LOADER: tsxRuntime().loaderUrl,
    RATCHET_INSTANCES: JSON.stringify(input.instances ?? []),
    ...(input.data === undefined ? {} : { RATCHET_DATA: JSON.stringify(input.data) }),
  });
  return env;
}

/** Maps a problem-folder path to the same file in the bundle; refuses paths outside the folder. */
function inBundle(problem: ResolvedProblem, bundleDir: string, file: string, field: string): string {
  const relative = path.relative(problem.dir, path.resolve(problem.dir, file));
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    throw badInput(`the evaluator file ${file} is outside the problem folder`, {
      file: problem.configFile ?? problem.dir,
      field,
      hint: 'keep the evaluator inside the problem folder: only that folder is visible to evaluations',
    });
  }
  return path.join(bundleDir, relative);
}

/** The sandbox run that evaluates the candidate in `workDir`. */
export function planEvaluatorRun(input: EvaluatorRunInput): EvaluatorRunPlan {
  const { problem, bundleDir, workDir } = input;
  const candidatePath = path.join(workDir, problem.mainFile);
  const env = evaluationEnvironment(input, candidatePath);
  for (const [index, readOnly] of problem.sandbox.readOnlyPaths.entries()) {
    if (!path.isAbsolute(readOnly) || !existsSync(readOnly)) {
      throw badInput(`${readOnly} does not exist (or is not an absolute path)`, {
        file: problem.configFile ?? problem.dir,
        field: `sandbox.readOnlyPaths.${index}`,
        hint: 'list folders or files that exist; they are mounted read-only at the same path',
      });
    }
  }
  const mounts: SandboxMount[] = [
    { path: bundleDir, writable: false },
    // tsx, so that evaluators can run TypeScript candidates (see RATCHET_TS_LOADER)
    { path: tsxRuntime().nodeModulesDir, writable: false },
    ...problem.sandbox.readOnlyPaths.map((readOnly) => ({ path: readOnly, writable: false })),
  ];
  const base = {
    cwd: workDir,
    env,
    timeoutMs: Math.round(problem.timeoutSeconds * 1000),
    limits: problem.sandbox.limits,
    network: problem.sandbox.network,
    resultChannel: true,
  };
  const evaluator = problem.evaluator;
  const objective = problem.objective;
  const thresholds = problem.cascadeThresholds ?? defaultCascadeThresholds;

  if (evaluator.kind === 'command') {
    const problemPrefix = `${problem.dir}${path.sep}`;
    const command = evaluator.command.map((argument) =>
      (argument.startsWith(problemPrefix)
        ? path.join(bundleDir, argument.slice(problemPrefix.length))
        : argument
      )
        .replaceAll('{candidate}', candidatePath)
        .replaceAll('{candidateDir}', workDir)
        .replaceAll('{problemDir}', bundleDir),
    );
    return { spec: { ...base, command, mounts }, nonce: null, stdoutFallback: true };
  }

  const nonce = randomBytes(16).toString('hex');
  if (evaluator.kind === 'openevolve') {
    const python = interpreter(evaluator.python ?? defaultPython);
    const request = {
      nonce,
      evaluatorFile: inBundle(problem, bundleDir, evaluator.file, 'evaluator'),
      programPath: candidatePath,
      cascade: evaluator.cascade === undefined ? 'auto' : evaluator.cascade ? 'on' : 'off',
      thresholds,
      objective,
    };
    return {
      spec: {
        ...base,
        command: [python.command, '-B', openEvolveHarnessFile],
        mounts: [...mounts, { path: runtimeDir, writable: false }, ...python.mounts],
        stdin: `${JSON.stringify(request)}\n`,
      },
      nonce,
      stdoutFallback: false,
    };
  }

  if (input.moduleHarness === undefined)
    throw new Error('planEvaluatorRun: a module evaluator needs the compiled harness');
  const node = interpreter(process.execPath);
  const request = {
    nonce,
    // the evaluator compiled next to itself when the bundle was made (see compile-module.ts)
    evaluatorFile: inBundle(problem, bundleDir, compiledEvaluatorPath(evaluator.file), 'evaluator'),
    ...(evaluator.exportName === undefined ? {} : { exportName: evaluator.exportName }),
    context: {
      candidatePath,
      candidateDir: workDir,
      problemDir: bundleDir,
      instances: input.instances ?? [],
      ...(input.data === undefined ? {} : { data: input.data }),
    },
    thresholds,
    objective,
  };
  return {
    spec: {
      ...base,
      command: [node.command, '--enable-source-maps', input.moduleHarness],
      mounts: [...mounts, { path: path.dirname(input.moduleHarness), writable: false }, ...node.mounts],
      stdin: `${JSON.stringify(request)}\n`,
      // V8 reserves 10+ GB of address space it never uses: limit private memory instead
      memoryLimit: 'data',
    },
    nonce,
    stdoutFallback: false,
  };
}
