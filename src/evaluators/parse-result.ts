/**
 * Strict reading of what an evaluator returned: `{"metrics": {...}, "feedback": "...", "valid": true,
 * "artifacts": {...}}`. Metrics are finite numbers and nothing else: booleans, strings and nested values
 * become artifacts; NaN and ±Infinity (which Python's `json` writes as bare tokens, and which a number
 * like 1e999 becomes) make the evaluation invalid. The score is the objective metric, computed here.
 */
import type { Metrics } from '../spec/evaluation.ts';
import type { Objective } from '../spec/problem.ts';

/** An evaluator's result after strict parsing. */
export interface EvaluatorReport {
  readonly metrics: Metrics;
  /** Names of metrics whose value was NaN or ±Infinity (not in `metrics`). */
  readonly nonFinite: readonly string[];
  readonly artifacts: Readonly<Record<string, string>>;
  readonly feedback: string;
  /** `valid: false` from the evaluator (default true). */
  readonly valid: boolean;
  /** For cascades: the 0-based index of the last stage that ran, and whether it failed its threshold. */
  readonly stage?: number;
  readonly stageFailed?: boolean;
  /** Per-instance metrics (`"instanceMetrics": {"id": {"name": number}}`), finite numbers only. */
  readonly instanceMetrics?: Readonly<Record<string, Metrics>>;
  /** Predictions at probes (`"predictions": {"probe id": [number, ...]}`, `activeData`), finite numbers only. */
  readonly predictions?: Readonly<Record<string, readonly number[]>>;
}

export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: string };

const nonFiniteMarker = '\u0000ratchet-non-finite:';

/**
 * `JSON.parse`, except that the bare tokens `NaN`, `Infinity` and `-Infinity` outside strings are
 * accepted (as marker strings that `splitValues` recognises).
 */
export function parseJsonLenient(text: string): Parsed<unknown> {
  let out = '';
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index] as string;
    if (inString) {
      out += char;
      if (char === '\\') {
        out += text[index + 1] ?? '';
        index++;
      } else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') {
      inString = true;
      out += char;
      continue;
    }
    const token = ['-Infinity', 'Infinity', 'NaN'].find((word) => text.startsWith(word, index));
    if (token !== undefined) {
      out += JSON.stringify(nonFiniteMarker + token);
      index += token.length - 1;
      continue;
    }
    out += char;
  }
  try {
    return { ok: true, value: JSON.parse(out) };
  } catch (error) {
    return { ok: false, reason: `not valid JSON (${(error as Error).message})` };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asText(value: unknown): string {
  if (typeof value === 'string')
    return value.startsWith(nonFiniteMarker) ? value.slice(nonFiniteMarker.length) : value;
  return JSON.stringify(value, (_key, inner) =>
    typeof inner === 'string' && inner.startsWith(nonFiniteMarker)
      ? inner.slice(nonFiniteMarker.length)
      : inner,
  );
}

/** Splits a name → value record: finite numbers are metrics, non-finite ones are named, the rest are artifacts. */
export function splitValues(record: Readonly<Record<string, unknown>>): {
  metrics: Record<string, number>;
  nonFinite: string[];
  artifacts: Record<string, string>;
} {
  const metrics: Record<string, number> = {};
  const nonFinite: string[] = [];
  const artifacts: Record<string, string> = {};
  for (const [name, value] of Object.entries(record)) {
    if (typeof value === 'number') {
      if (Number.isFinite(value)) metrics[name] = value;
      else nonFinite.push(name);
    } else if (typeof value === 'string' && value.startsWith(nonFiniteMarker)) {
      nonFinite.push(name);
    } else {
      artifacts[name] = asText(value);
    }
  }
  return { metrics, nonFinite, artifacts };
}

/** Validates the native result shape. */
export function parseEvaluatorResult(value: unknown): Parsed<EvaluatorReport> {
  if (!isRecord(value)) return { ok: false, reason: 'the result is not a JSON object' };
  if (!isRecord(value['metrics'])) {
    return { ok: false, reason: 'the result has no "metrics" object ({"metrics": {"name": number, ...}})' };
  }
  if (value['valid'] !== undefined && typeof value['valid'] !== 'boolean') {
    return { ok: false, reason: `"valid" must be true or false, not ${asText(value['valid'])}` };
  }
  const { metrics, nonFinite, artifacts } = splitValues(value['metrics']);
  if (value['artifacts'] !== undefined) {
    if (!isRecord(value['artifacts'])) return { ok: false, reason: '"artifacts" must be an object' };
    for (const [name, artifact] of Object.entries(value['artifacts'])) artifacts[name] = asText(artifact);
  }
  const feedback =
    value['feedback'] === undefined || value['feedback'] === null ? '' : asText(value['feedback']);
  const instances = parseInstanceMetrics(value['instanceMetrics']);
  if (!instances.ok) return instances;
  const predictions = parsePredictions(value['predictions']);
  if (!predictions.ok) return predictions;
  if (instances.value !== undefined) {
    nonFinite.push(...instances.value.nonFinite);
    // the engine aggregates: a metric every instance reports, and the evaluator did not, is their mean
    for (const [name, mean] of Object.entries(meanOverInstances(instances.value.metrics))) {
      if (metrics[name] === undefined && !nonFinite.includes(name)) metrics[name] = mean;
    }
  }
  const stage = value['stage'];
  return {
    ok: true,
    value: {
      metrics,
      nonFinite,
      artifacts,
      feedback,
      valid: value['valid'] !== false,
      ...(typeof stage === 'number' && Number.isInteger(stage) && stage >= 0 ? { stage } : {}),
      ...(value['stageFailed'] === true ? { stageFailed: true } : {}),
      ...(instances.value === undefined ? {} : { instanceMetrics: instances.value.metrics }),
      ...(predictions.value === undefined ? {} : { predictions: predictions.value }),
    },
  };
}

/** `{"probe id": [finite numbers]}`: anything else (NaN included) is a malformed result. */
function parsePredictions(value: unknown): Parsed<Record<string, readonly number[]> | undefined> {
  if (value === undefined || value === null) return { ok: true, value: undefined };
  const shape = '"predictions" must be an object of finite-number lists: {"probe id": [number, ...]}';
  if (!isRecord(value)) return { ok: false, reason: shape };
  const predictions: Record<string, readonly number[]> = {};
  for (const [id, entry] of Object.entries(value)) {
    if (!Array.isArray(entry) || !entry.every((item) => typeof item === 'number' && Number.isFinite(item)))
      return { ok: false, reason: `${shape}; "predictions.${id}" is not` };
    predictions[id] = entry as number[];
  }
  return { ok: true, value: predictions };
}

function parseInstanceMetrics(
  value: unknown,
): Parsed<{ metrics: Record<string, Metrics>; nonFinite: string[] } | undefined> {
  if (value === undefined || value === null) return { ok: true, value: undefined };
  if (!isRecord(value)) {
    return { ok: false, reason: '"instanceMetrics" must be an object: {"instance id": {"metric": number}}' };
  }
  const metrics: Record<string, Metrics> = {};
  const nonFinite: string[] = [];
  for (const [id, entry] of Object.entries(value)) {
    if (!isRecord(entry))
      return { ok: false, reason: `"instanceMetrics.${id}" must be an object of numbers` };
    const split = splitValues(entry);
    metrics[id] = split.metrics;
    nonFinite.push(...split.nonFinite.map((name) => `${id}/${name}`));
  }
  return { ok: true, value: { metrics, nonFinite } };
}

/** The mean of each metric over the instances that all report it. */
export function meanOverInstances(instances: Readonly<Record<string, Metrics>>): Record<string, number> {
  const entries = Object.values(instances);
  if (entries.length === 0) return {};
  const names = Object.keys(entries[0] as Metrics).filter((name) =>
    entries.every((entry) => typeof entry[name] === 'number'),
  );
  return Object.fromEntries(
    names.map((name) => [
      name,
      entries.reduce((sum, entry) => sum + (entry[name] as number), 0) / entries.length,
    ]),
  );
}

/**
 * Reads the result channel: exactly one JSON document, nothing else. When `nonce` is given (our own
 * harnesses), the document is the harness's envelope — `{"nonce", "result"}` or `{"nonce", "error"}` —
 * and must carry that nonce.
 */
export function readResultChannel(text: string, nonce?: string): Parsed<unknown> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, reason: 'the result channel is empty' };
  const parsed = parseJsonLenient(trimmed);
  if (!parsed.ok) {
    return {
      ok: false,
      reason: `the result channel does not hold exactly one JSON document (${parsed.reason}); something other than the evaluator may have written to it`,
    };
  }
  if (nonce === undefined) return parsed;
  if (!isRecord(parsed.value) || parsed.value['nonce'] !== nonce) {
    return { ok: false, reason: 'the result channel holds a result that the harness did not write' };
  }
  return parsed;
}

/** The last line of `stdout` that parses as a JSON object (the fallback result channel). */
export function lastJsonLine(stdout: string): unknown | undefined {
  const lines = stdout.split('\n');
  for (let index = lines.length - 1; index >= 0; index--) {
    const line = (lines[index] as string).trim();
    if (!line.startsWith('{')) continue;
    const parsed = parseJsonLenient(line);
    if (parsed.ok && isRecord(parsed.value)) return parsed.value;
  }
  return undefined;
}

/** The score is the objective metric, and only that. */
export function scoreFromMetrics(metrics: Metrics, objective: Objective): Parsed<number> {
  const value = metrics[objective.metric];
  if (value === undefined) {
    const names = Object.keys(metrics);
    return {
      ok: false,
      reason: `the evaluator returned no metric "${objective.metric}" (the objective); it returned ${
        names.length === 0 ? 'no numeric metrics' : names.map((name) => `"${name}"`).join(', ')
      }`,
    };
  }
  return { ok: true, value };
}
