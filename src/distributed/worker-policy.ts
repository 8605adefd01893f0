/**
 * What a worker agrees to run. Anyone who can push to the queue chooses the problem settings of a job, so
 * a worker refuses the settings that would widen the sandbox beyond what its operator allowed.
 */
import path from 'node:path';
import type { ResolvedProblem } from '../spec/problem.ts';

export interface WorkerPolicy {
  /** Run jobs whose problem says `sandbox: 'none'` (no isolation). Default false. */
  readonly allowNoSandbox: boolean;
  /** Run jobs whose problem gives evaluations network access. Default false. */
  readonly allowNetwork: boolean;
  /** Host folders a job may mount read-only (`sandbox.readOnlyPaths`, a Python outside /usr). */
  readonly allowPaths: readonly string[];
  /** Environment variables of the worker that a job may ask for (`sandbox.env`). */
  readonly passEnv: readonly string[];
}

export const defaultWorkerPolicy: WorkerPolicy = {
  allowNoSandbox: false,
  allowNetwork: false,
  allowPaths: [],
  passEnv: [],
};

const systemPrefixes = ['/usr/', '/bin/', '/sbin/', '/lib/', '/lib64/'];

function inside(file: string, folders: readonly string[]): boolean {
  const resolved = path.resolve(file);
  return folders.some((folder) => {
    const base = path.resolve(folder);
    return resolved === base || resolved.startsWith(`${base}${path.sep}`);
  });
}

/** Why the worker refuses a job of this problem, or null when it may run it. */
export function policyRefusal(problem: ResolvedProblem, policy: WorkerPolicy): string | null {
  const { sandbox, evaluator } = problem;
  if (sandbox.kind === 'none' && !policy.allowNoSandbox)
    return 'the problem asks for sandbox "none" (no isolation); start the worker with --allow-no-sandbox to run such jobs';
  if (sandbox.network && !policy.allowNetwork)
    return 'the problem gives evaluations network access; start the worker with --allow-network to run such jobs';
  for (const readOnly of sandbox.readOnlyPaths) {
    if (!inside(readOnly, policy.allowPaths))
      return `the problem mounts ${readOnly} (sandbox.readOnlyPaths); start the worker with --allow-paths ${readOnly}`;
  }
  if (
    evaluator.kind === 'openevolve' &&
    evaluator.python !== undefined &&
    path.isAbsolute(evaluator.python)
  ) {
    const python = evaluator.python;
    const prefix = path.dirname(path.dirname(python));
    if (!systemPrefixes.some((system) => python.startsWith(system)) && !inside(prefix, policy.allowPaths))
      return `the problem runs the Python at ${python}, which mounts ${prefix}; start the worker with --allow-paths ${prefix}`;
  }
  const missing = sandbox.env.filter((name) => !policy.passEnv.includes(name));
  if (missing.length > 0)
    return `the problem asks for the environment variable(s) ${missing.join(', ')}; start the worker with --pass-env ${missing.join(',')}`;
  return null;
}

/** The worker's own values of the variables it passes (the rest of its environment stays out). */
export function passedEnvironment(
  policy: WorkerPolicy,
  environment: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined> {
  return Object.fromEntries(policy.passEnv.map((name) => [name, environment[name]]));
}
