/**
 * From what the sandbox saw (exit, signal, output, result channel) to an evaluation: status, metrics,
 * the engine-computed score and feedback a model can act on. A bad candidate is data, never a throw.
 */
import { limitFromMessage } from '../sandbox/detect-limit.ts';
import type { EvaluationResult, EvaluationStatus, Metrics } from '../spec/evaluation.ts';
import type { Objective, ResourceLimits } from '../spec/problem.ts';
import type { SandboxRunOutcome } from '../spec/sandbox.ts';
import {
  type EvaluatorReport,
  lastJsonLine,
  parseEvaluatorResult,
  readResultChannel,
  scoreFromMetrics,
} from './parse-result.ts';

export interface InterpretContext {
  readonly objective: Objective;
  readonly timeoutSeconds: number;
  readonly limits: ResourceLimits;
  /** Set when the result must come from our harness, signed with this nonce. */
  readonly nonce: string | null;
  readonly stdoutFallback: boolean;
}

/** Caps on what one evaluation keeps as text. */
const artifactTailChars = 8000;
const feedbackTailChars = 2000;
const maxFeedbackChars = 12_000;

function tail(text: string, chars: number): string {
  return text.length <= chars ? text : `…${text.slice(text.length - chars)}`;
}

function limitReason(limit: NonNullable<SandboxRunOutcome['limitHit']>, limits: ResourceLimits): string {
  switch (limit) {
    case 'cpu':
      return `it used more than ${limits.cpuSeconds} s of CPU time (limits.cpuSeconds) and was killed`;
    case 'memory':
      return `it ran out of memory: the limit is ${limits.memoryMb} MB of address space per process (limits.memoryMb)`;
    case 'processes':
      return `it could not start more processes: the limit is ${limits.maxProcesses} (limits.maxProcesses)`;
    case 'file-size':
      return `it wrote a file larger than ${limits.maxFileSizeMb} MB (limits.maxFileSizeMb)`;
    case 'output':
      return `it printed far more than the ${limits.maxOutputBytes}-byte output cap (limits.maxOutputBytes) and was stopped`;
  }
}

function renderArtifacts(artifacts: Readonly<Record<string, string>>): string {
  return Object.entries(artifacts)
    .filter(([name]) => name !== 'captured-stdout' && name !== 'captured-stderr')
    .map(([name, value]) => `${name}: ${tail(value, 1500)}`)
    .join('\n');
}

/** Builds the evaluation result for one sandbox run. */
export function interpretOutcome(outcome: SandboxRunOutcome, context: InterpretContext): EvaluationResult {
  const artifacts: Record<string, string> = {};
  if (outcome.stdout.trim() !== '') artifacts['captured-stdout'] = tail(outcome.stdout, artifactTailChars);
  if (outcome.stderr.trim() !== '') artifacts['captured-stderr'] = tail(outcome.stderr, artifactTailChars);
  const stderrTail =
    outcome.stderr.trim() === ''
      ? ''
      : `\nstderr (last lines):\n${tail(outcome.stderr.trim(), feedbackTailChars)}`;
  const usage = { durationMs: outcome.durationMs };

  const make = (
    status: EvaluationStatus,
    feedback: string,
    extra: {
      metrics?: Metrics;
      score?: number;
      stage?: number;
      instanceMetrics?: Readonly<Record<string, Metrics>>;
      predictions?: Readonly<Record<string, readonly number[]>>;
    } = {},
  ): EvaluationResult => ({
    status,
    metrics: status === 'failed' ? {} : (extra.metrics ?? {}),
    score: status === 'scored' ? (extra.score ?? null) : null,
    feedback: tail(feedback.trim(), maxFeedbackChars),
    artifacts,
    ...(extra.stage === undefined ? {} : { stage: extra.stage }),
    ...(extra.instanceMetrics === undefined || status === 'failed'
      ? {}
      : { instanceMetrics: extra.instanceMetrics }),
    ...(extra.predictions === undefined || status !== 'scored' ? {} : { predictions: extra.predictions }),
    usage,
  });

  if (outcome.timedOut) {
    return make(
      'timed-out',
      `The evaluation exceeded its time limit of ${context.timeoutSeconds} s and was stopped; all its processes were killed.${stderrTail}`,
    );
  }
  if (outcome.limitHit === 'output')
    return make('crashed', `The evaluation was stopped: ${limitReason('output', context.limits)}.`);

  // 1. find the result document
  let document: unknown;
  let channelProblem: string | null = null;
  if (outcome.result !== null) {
    const read = readResultChannel(outcome.result, context.nonce ?? undefined);
    if (read.ok) document = read.value;
    else channelProblem = read.reason;
  }
  if (document === undefined && channelProblem === null && context.stdoutFallback) {
    document = lastJsonLine(outcome.stdout);
    if (document !== undefined)
      artifacts['result-source'] = 'stdout (the candidate can print there too; prefer fd 3)';
  }

  // 2. no result: say why
  if (document === undefined) {
    if (outcome.limitHit !== undefined) {
      return make(
        'crashed',
        `The evaluation crashed: ${limitReason(outcome.limitHit, context.limits)}.${stderrTail}`,
      );
    }
    if (outcome.signal !== null)
      return make('crashed', `The evaluation was killed by ${outcome.signal}.${stderrTail}`);
    if (channelProblem !== null)
      return make('failed', `The evaluator's result was rejected: ${channelProblem}.${stderrTail}`);
    if (outcome.exitCode !== 0) {
      return make(
        'failed',
        `The evaluator exited with status ${outcome.exitCode} without a result.${stderrTail}`,
      );
    }
    return make(
      'failed',
      'The evaluator printed no result. It must write {"metrics": {...}, "feedback": "...", "valid": true} as JSON ' +
        `to file descriptor 3 (or as the last line of stdout).${stderrTail}`,
    );
  }

  // 3. our harness wraps the result, or reports the evaluator's exception as an error
  if (context.nonce !== null && typeof document === 'object' && document !== null && !('error' in document)) {
    document = (document as { result?: unknown }).result;
  } else if (context.nonce !== null && typeof document === 'object' && document !== null) {
    const error = String((document as { error: unknown }).error);
    const stage = (document as { stage?: unknown }).stage;
    const stageNote = typeof stage === 'number' ? { stage } : {};
    artifacts['traceback'] = tail(error, artifactTailChars);
    const limit = limitFromMessage(error);
    if (limit === 'memory' || limit === 'processes') {
      return make(
        'crashed',
        `The evaluation crashed: ${limitReason(limit, context.limits)}.\n${tail(error, feedbackTailChars)}`,
        stageNote,
      );
    }
    return make(
      'failed',
      `The evaluator raised an error:\n${tail(error, feedbackTailChars)}${stderrTail}`,
      stageNote,
    );
  }

  // 4. strict parsing and the score
  const parsed = parseEvaluatorResult(document);
  if (!parsed.ok)
    return make('failed', `The evaluator's result is malformed: ${parsed.reason}.${stderrTail}`);
  const report: EvaluatorReport = parsed.value;
  Object.assign(artifacts, report.artifacts);
  const details = [report.feedback, renderArtifacts(report.artifacts)]
    .filter((part) => part.trim() !== '')
    .join('\n');
  const stage = report.stage === undefined ? {} : { stage: report.stage };
  const withMetrics = {
    metrics: report.metrics,
    ...stage,
    ...(report.instanceMetrics === undefined ? {} : { instanceMetrics: report.instanceMetrics }),
    ...(report.predictions === undefined ? {} : { predictions: report.predictions }),
  };

  if (!report.valid) {
    return make(
      'invalid',
      `The evaluator judged the candidate invalid${details === '' ? '.' : `: ${details}`}${stderrTail}`,
      withMetrics,
    );
  }
  if (report.stageFailed === true) {
    return make(
      'invalid',
      `The candidate did not pass cascade stage ${(report.stage ?? 0) + 1}.\n${details}`,
      withMetrics,
    );
  }
  if (report.nonFinite.length > 0) {
    return make(
      'invalid',
      `Metric${report.nonFinite.length > 1 ? 's' : ''} ${report.nonFinite.map((name) => `"${name}"`).join(', ')} ` +
        `${report.nonFinite.length > 1 ? 'are' : 'is'} not a finite number (NaN or ±Infinity).\n${details}`,
      withMetrics,
    );
  }
  const score = scoreFromMetrics(report.metrics, context.objective);
  if (!score.ok) return make('failed', `${score.reason}.\n${details}${stderrTail}`, stage);
  return make('scored', details, { ...withMetrics, score: score.value });
}
