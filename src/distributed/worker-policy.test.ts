import { describe, expect, it } from 'vitest';
import { makeProblem } from '../evaluators/problem-fixture.ts';
import type { ResolvedProblem } from '../spec/problem.ts';
import { defaultWorkerPolicy, passedEnvironment, policyRefusal } from './worker-policy.ts';

const base = makeProblem('/problems/p', {
  evaluator: { kind: 'openevolve', file: '/problems/p/evaluator.py' },
});
const withSandbox = (sandbox: Partial<ResolvedProblem['sandbox']>): ResolvedProblem => ({
  ...base,
  sandbox: { ...base.sandbox, ...sandbox },
});

describe('worker policy', () => {
  it('runs an ordinary sandboxed problem', () => {
    expect(policyRefusal(withSandbox({ kind: 'bwrap' }), defaultWorkerPolicy)).toBeNull();
  });

  it('refuses what would widen the sandbox unless the operator allowed it, naming the flag', () => {
    expect(policyRefusal(withSandbox({ kind: 'none' }), defaultWorkerPolicy)).toMatch(/--allow-no-sandbox/);
    expect(policyRefusal(withSandbox({ kind: 'bwrap', network: true }), defaultWorkerPolicy)).toMatch(
      /--allow-network/,
    );
    expect(
      policyRefusal(withSandbox({ kind: 'bwrap', readOnlyPaths: ['/home/me/.ssh'] }), defaultWorkerPolicy),
    ).toMatch(/--allow-paths \/home\/me\/\.ssh/);
    expect(
      policyRefusal(withSandbox({ kind: 'bwrap', env: ['AWS_SECRET_ACCESS_KEY'] }), defaultWorkerPolicy),
    ).toMatch(/--pass-env AWS_SECRET_ACCESS_KEY/);
    const python = {
      ...base,
      evaluator: { kind: 'openevolve' as const, file: 'e.py', python: '/opt/venv/bin/python' },
    };
    expect(policyRefusal(python, defaultWorkerPolicy)).toMatch(/--allow-paths \/opt\/venv/);
  });

  it('accepts them once allowed, and passes only the listed variables', () => {
    const policy = { allowNoSandbox: true, allowNetwork: true, allowPaths: ['/data'], passEnv: ['TOKEN'] };
    expect(
      policyRefusal(
        withSandbox({ kind: 'none', network: true, readOnlyPaths: ['/data/set1'], env: ['TOKEN'] }),
        policy,
      ),
    ).toBeNull();
    expect(policyRefusal(withSandbox({ kind: 'bwrap', readOnlyPaths: ['/database'] }), policy)).toMatch(
      /allow-paths/,
    );
    expect(passedEnvironment(policy, { TOKEN: 't', HOME: '/root', OPENAI_API_KEY: 'k' })).toEqual({
      TOKEN: 't',
    });
  });
});
