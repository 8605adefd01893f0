/**
 * The zod schema of `ProblemConfig` (src/spec/problem-config.ts). Strict objects everywhere: an unknown
 * key is an error that names its path.
 */
import { z } from 'zod';
import type { ProblemConfig } from '../spec/problem-config.ts';

const positiveInteger = z.number().int().positive();
const positive = z.number().positive();

const direction = z.enum(['maximize', 'minimize']);

const instanceId = z.string().min(1);

const regexSource = z.string().refine(
  (source) => {
    try {
      new RegExp(source, 'm');
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a valid regular expression' },
);

const evaluatorInput = z.union([
  z.string().min(1),
  z.strictObject({ command: z.array(z.string()).min(1) }),
  z.strictObject({
    openevolve: z.string().min(1),
    python: z.string().optional(),
    cascade: z.boolean().optional(),
  }),
  z.strictObject({ module: z.string().min(1), export: z.string().optional() }),
]);

const modelInput = z.union([
  z.string().min(1),
  z.strictObject({
    model: z.string().min(1),
    weight: positive.optional(),
    temperature: z.number().min(0).max(2).optional(),
    maxOutputTokens: positiveInteger.optional(),
  }),
]);

const limitsInput = z.strictObject({
  cpuSeconds: positive.optional(),
  memoryMb: positiveInteger.optional(),
  maxProcesses: positiveInteger.optional(),
  maxFileSizeMb: positive.optional(),
  maxOpenFiles: positiveInteger.optional(),
  maxOutputBytes: positiveInteger.optional(),
  diskMb: positiveInteger.optional(),
});

const checkInput = z
  .strictObject({
    name: z.string().min(1),
    description: z.string().optional(),
    file: z.string().min(1).optional(),
    generator: z
      .enum(['syntax-error', 'raises-error', 'empty-file', 'claims-huge-score', 'hangs'])
      .optional(),
    edits: z
      .array(z.strictObject({ search: z.string(), replace: z.string() }))
      .min(1)
      .optional(),
    expect: z.enum(['reject', 'no-better-than-seed']).optional(),
  })
  .refine(
    (check) => [check.file, check.generator, check.edits].filter((part) => part !== undefined).length === 1,
    {
      message: 'give exactly one of file, generator or edits',
    },
  );

const sandboxInput = z.union([
  z.enum(['bwrap', 'none']),
  z.strictObject({
    kind: z.enum(['bwrap', 'none']).optional(),
    network: z.boolean().optional(),
    readOnlyPaths: z.array(z.string()).optional(),
    env: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')).optional(),
    setEnv: z.record(z.string(), z.string()).optional(),
    limits: limitsInput.optional(),
  }),
]);

export const budgetSchema = z.strictObject({
  evaluations: positiveInteger.optional(),
  llmCalls: positiveInteger.optional(),
  tokens: positiveInteger.optional(),
  costUsd: positive.optional(),
  wallTimeSeconds: positive.optional(),
  targetScore: z.number().optional(),
  plateauEvaluations: positiveInteger.optional(),
  consecutiveFailures: positiveInteger.optional(),
});

const promptInput = z.strictObject({
  system: z.string().optional(),
  template: z.string().optional(),
  inspirations: z.number().int().min(0).optional(),
  recentAttempts: z.number().int().min(0).optional(),
  maxFeedbackChars: positiveInteger.optional(),
});

export const problemSchema = z.strictObject({
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  descriptionFile: z.string().optional(),
  seed: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  mainFile: z.string().optional(),
  language: z.string().optional(),
  evaluator: evaluatorInput,
  objective: z
    .union([
      z.string().min(1),
      z.strictObject({ metric: z.string().min(1), direction: direction.optional() }),
    ])
    .optional(),
  timeoutSeconds: positive.optional(),
  sandbox: sandboxInput.optional(),
  strategy: z.union([z.string().min(1), z.looseObject({ name: z.string().min(1) })]).optional(),
  model: z.union([modelInput, z.array(modelInput).min(1)]).optional(),
  prices: z
    .record(
      z.string(),
      z.strictObject({ inputPerMillion: z.number().min(0), outputPerMillion: z.number().min(0) }),
    )
    .optional(),
  budget: budgetSchema.optional(),
  concurrency: z
    .strictObject({ llm: positiveInteger.optional(), evaluations: positiveInteger.optional() })
    .optional(),
  prompt: promptInput.optional(),
  edits: z.enum(['diff', 'rewrite']).optional(),
  repeats: positiveInteger.optional(),
  deterministic: z.boolean().optional(),
  selectOn: z.enum(['mean', 'lower-bound']).optional(),
  cascadeThresholds: z.array(z.number()).min(1).optional(),
  checks: z.array(checkInput).optional(),
  labels: z
    .array(z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/i, 'letters, digits, . _ - (at most 63)'))
    .optional(),
  instances: z
    .union([
      z.strictObject({
        optimize: z.array(instanceId).min(1),
        validate: z.array(instanceId).optional(),
        confirm: z.array(instanceId).optional(),
      }),
      z.strictObject({ file: z.string().min(1) }),
    ])
    .optional(),
  critic: z
    .union([
      z.string().min(1),
      z.strictObject({ model: z.string().min(1), maxChars: positiveInteger.optional() }),
    ])
    .optional(),
  gates: z
    .strictObject({
      staticChecks: z
        .array(
          z
            .strictObject({
              name: z.string().min(1),
              forbid: regexSource.optional(),
              require: regexSource.optional(),
            })
            .refine((check) => (check.forbid === undefined) !== (check.require === undefined), {
              message: 'give exactly one of forbid or require',
            }),
        )
        .optional(),
      minImprovement: z.number().min(0).optional(),
      test: z.enum(['sign', 'bootstrap']).optional(),
      margin: z.number().min(0).optional(),
      confidence: z.number().gt(0).lt(1).optional(),
      maxConsecutiveDiscards: positiveInteger.optional(),
    })
    .optional(),
  activeData: z
    .strictObject({
      every: positiveInteger,
      committee: z.number().int().min(2).optional(),
      maxAcquisitions: positiveInteger.optional(),
    })
    .optional(),
});

/**
 * Parses a raw config. zod's output types say `key?: T | undefined` where the spec says `key?: T`
 * (exactOptionalPropertyTypes); strict parsing never produces explicit `undefined` for absent keys, so
 * the cast is sound.
 */
export function parseProblemConfig(
  raw: unknown,
): { ok: true; config: ProblemConfig } | { ok: false; issues: string[] } {
  const parsed = problemSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, issues: formatIssues(parsed.error.issues) };
  return { ok: true, config: parsed.data as ProblemConfig };
}

/** Formats zod issues as `key.path: message` lines. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((key) => (path === '' ? key : `${path}.${key}`));
      return `${keys.join(', ')}: unknown key${keys.length > 1 ? 's' : ''} (check the spelling; see ProblemConfig in the README)`;
    }
    if (issue.code === 'invalid_union') {
      return `${path === '' ? '(root)' : path}: ${describeUnion(path)}`;
    }
    return `${path === '' ? '(root)' : path}: ${issue.message}`;
  });
}

function describeUnion(path: string): string {
  switch (path.split('.')[0]) {
    case 'evaluator':
      return "expected a file ('evaluator.py', 'evaluate.ts'), { command: [...] }, { openevolve: 'file.py' } or { module: 'file.ts' }";
    case 'model':
      return "expected a model string ('mutate', 'openai:gpt-4.1-mini', …), { model, weight?, temperature? }, or a list of them";
    case 'sandbox':
      return "expected 'bwrap', 'none' or { kind?, network?, readOnlyPaths?, env?, setEnv?, limits? }";
    case 'objective':
      return "expected a metric name or { metric, direction: 'maximize' | 'minimize' }";
    case 'strategy':
      return 'expected a strategy name or { name, ...options }';
    default:
      return 'does not match any allowed form';
  }
}
