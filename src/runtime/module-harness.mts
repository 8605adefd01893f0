/**
 * Ratchet's harness for TypeScript/JavaScript module evaluators. Runs INSIDE the sandbox, compiled to
 * plain JavaScript by the engine (`evaluators/compile-module.ts`), as `node module-harness.mjs`, with the
 * evaluator itself compiled next to it in the bundle, and the request as JSON on stdin:
 * `{"nonce", "evaluatorFile", "exportName"?, "context": EvaluatorContext, "thresholds", "objective"}`.
 *
 * It imports the module and calls its export (`exportName`, else `evaluate`, else the default export) —
 * or, when the module exports `evaluateStage1` (…2, …3) and no export name was asked for, the stages as a
 * cascade — and writes ONE JSON document to the result channel (fd 3):
 * `{"nonce", "result": {...}}` or `{"nonce", "error": "stack"}`. Non-finite numbers are written as
 * markers, since JSON cannot hold them and they must make the evaluation invalid, not vanish.
 *
 * Unlike the Python harness, Node cannot make itself non-dumpable or close fd 3 for its children;
 * the nonce (read from stdin, held only in memory) is what a forged result lacks.
 */
import { readFileSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { EvaluatorContext } from '../spec/evaluation.ts';

/** Must match `parse-result.ts` (the harness runs alone in the sandbox and imports nothing of ours). */
const nonFiniteMarker = '\u0000ratchet-non-finite:';
const resultFd = 3;
const stageNames = ['evaluateStage1', 'evaluateStage2', 'evaluateStage3'] as const;

interface HarnessRequest {
  readonly nonce: string;
  readonly evaluatorFile: string;
  readonly exportName?: string;
  readonly context: EvaluatorContext;
  readonly thresholds: readonly number[];
  readonly objective: { readonly metric: string; readonly direction: 'maximize' | 'minimize' };
}

type Evaluate = (context: EvaluatorContext) => unknown;
type Record_ = Record<string, unknown>;

function isRecord(value: unknown): value is Record_ {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stageValue(metrics: Record_, objective: HarnessRequest['objective']): number | null {
  for (const name of [objective.metric, 'combined_score']) {
    const value = metrics[name];
    if (typeof value === 'number') return value;
  }
  const values = Object.entries(metrics)
    .filter(([name, value]) => name !== 'error' && typeof value === 'number')
    .map(([, value]) => value as number);
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

function passes(metrics: Record_, threshold: number, objective: HarnessRequest['objective']): boolean {
  const value = stageValue(metrics, objective);
  if (value === null || Number.isNaN(value)) return false;
  return objective.direction === 'minimize' ? value <= threshold : value >= threshold;
}

function checked(returned: unknown, name: string): Record_ {
  if (!isRecord(returned) || !isRecord(returned['metrics'])) {
    throw new TypeError(
      `${name}() must return { metrics: { name: number, … }, feedback?, valid?, artifacts? }`,
    );
  }
  return returned;
}

async function run(request: HarnessRequest): Promise<Record_> {
  const module = (await import(pathToFileURL(request.evaluatorFile).href)) as Record_;
  const stages = stageNames.filter((name) => typeof module[name] === 'function');
  if (request.exportName === undefined && stages.length > 0) {
    const merged: Record_ & { metrics: Record_; artifacts: Record_ } = { metrics: {}, artifacts: {} };
    const feedback: string[] = [];
    for (const [index, name] of stages.entries()) {
      const result = checked(await (module[name] as Evaluate)(request.context), name);
      Object.assign(merged.metrics, result['metrics']);
      if (isRecord(result['artifacts'])) Object.assign(merged.artifacts, result['artifacts']);
      if (typeof result['feedback'] === 'string') feedback.push(result['feedback']);
      merged['feedback'] = feedback.join('\n');
      merged['stage'] = index;
      if (result['valid'] === false) {
        merged['valid'] = false;
        return merged;
      }
      const threshold = request.thresholds[index];
      if (index + 1 >= stages.length || threshold === undefined) break;
      if (!passes(merged.metrics, threshold, request.objective)) {
        merged['stageFailed'] = true;
        merged.artifacts['cascade'] =
          `stopped after stage ${index + 1} of the cascade: its score ${stageValue(merged.metrics, request.objective)} did not reach the threshold ${threshold}`;
        return merged;
      }
    }
    return merged;
  }
  const name = request.exportName ?? (typeof module['evaluate'] === 'function' ? 'evaluate' : 'default');
  const evaluate = module[name];
  if (typeof evaluate !== 'function') {
    throw new TypeError(`${request.evaluatorFile} exports no function "${name}"`);
  }
  return checked(await (evaluate as Evaluate)(request.context), name);
}

function serialise(document: Record_): string {
  return JSON.stringify(document, (_key, value: unknown) =>
    typeof value === 'number' && !Number.isFinite(value)
      ? `${nonFiniteMarker}${Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity'}`
      : typeof value === 'bigint'
        ? Number(value)
        : value,
  );
}

const request = JSON.parse(readFileSync(0, 'utf8')) as HarnessRequest;
let document: Record_;
try {
  document = { nonce: request.nonce, result: await run(request) };
} catch (error) {
  document = {
    nonce: request.nonce,
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  };
}
const data = Buffer.from(`${serialise(document)}\n`);
let offset = 0;
while (offset < data.length) offset += writeSync(resultFd, data, offset);
process.exit(0);
