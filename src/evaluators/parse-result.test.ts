import { describe, expect, it } from 'vitest';
import {
  lastJsonLine,
  parseEvaluatorResult,
  parseJsonLenient,
  readResultChannel,
  scoreFromMetrics,
} from './parse-result.ts';

function report(text: string) {
  const json = parseJsonLenient(text);
  if (!json.ok) throw new Error(json.reason);
  const parsed = parseEvaluatorResult(json.value);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
}

describe('strict metric parsing', () => {
  it('keeps finite numbers as metrics and turns everything else into artifacts', () => {
    const value = report(
      '{"metrics": {"score": 2.5, "count": 3, "ok": true, "name": "x", "nested": {"a": 1}}, "feedback": "fine"}',
    );
    expect(value.metrics).toEqual({ score: 2.5, count: 3 });
    expect(value.artifacts).toEqual({ ok: 'true', name: 'x', nested: '{"a":1}' });
    expect(value.feedback).toBe('fine');
    expect(value.valid).toBe(true);
  });

  it("names non-finite metrics, including Python's bare NaN/Infinity tokens and overflowing numbers", () => {
    const value = report('{"metrics": {"a": NaN, "b": -Infinity, "c": 1e999, "d": 1, "e": "NaN"}}');
    expect(value.nonFinite).toEqual(['a', 'b', 'c']);
    expect(value.metrics).toEqual({ d: 1 });
    expect(value.artifacts).toEqual({ e: 'NaN' });
  });

  it('does not touch NaN inside strings', () => {
    const value = report('{"metrics": {}, "feedback": "got NaN and Infinity here"}');
    expect(value.feedback).toBe('got NaN and Infinity here');
    expect(value.nonFinite).toEqual([]);
  });

  it('rejects results without a metrics object or with a non-boolean valid', () => {
    expect(parseEvaluatorResult({ score: 1 })).toMatchObject({ ok: false });
    expect(parseEvaluatorResult({ metrics: {}, valid: 'yes' })).toMatchObject({ ok: false });
    expect(parseEvaluatorResult([1])).toMatchObject({ ok: false });
  });

  it('reads valid: false', () => {
    expect(report('{"metrics": {"score": 1}, "valid": false}').valid).toBe(false);
  });
});

describe('scoreFromMetrics', () => {
  it('takes the objective metric and nothing else', () => {
    expect(scoreFromMetrics({ score: 9, sum: 2 }, { metric: 'sum', direction: 'maximize' })).toEqual({
      ok: true,
      value: 2,
    });
  });

  it('says which metric is missing and what was returned', () => {
    const result = scoreFromMetrics({ error: 0 }, { metric: 'combined_score', direction: 'maximize' });
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toContain('"combined_score"');
    expect(result.ok ? '' : result.reason).toContain('"error"');
  });
});

describe('result channels', () => {
  it('accepts exactly one JSON document', () => {
    expect(readResultChannel('{"metrics": {}}\n')).toMatchObject({ ok: true });
    expect(readResultChannel('{"metrics": {"score": 1e9}}\n{"metrics": {}}')).toMatchObject({ ok: false });
    expect(readResultChannel('   ')).toMatchObject({ ok: false });
  });

  it('checks the nonce of our harnesses', () => {
    expect(readResultChannel('{"nonce": "abc", "result": {"metrics": {}}}', 'abc')).toEqual({
      ok: true,
      value: { nonce: 'abc', result: { metrics: {} } },
    });
    const forged = readResultChannel('{"nonce": "guess", "result": {"metrics": {"score": 1e9}}}', 'abc');
    expect(forged.ok).toBe(false);
  });

  it('falls back to the last JSON line of stdout', () => {
    expect(lastJsonLine('log\n{"metrics": {"a": 1}}\nmore log\n')).toEqual({ metrics: { a: 1 } });
    expect(lastJsonLine('no json here')).toBeUndefined();
  });
});

describe('parseEvaluatorResult: per-instance metrics', () => {
  it('keeps finite per-instance metrics and aggregates the ones the evaluator did not', () => {
    const parsed = parseEvaluatorResult({
      metrics: { tokens: 12 },
      instanceMetrics: { q1: { accuracy: 1, label: 'billing' }, q2: { accuracy: 0 }, q3: { accuracy: 0.5 } },
    });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.instanceMetrics).toEqual({
      q1: { accuracy: 1 },
      q2: { accuracy: 0 },
      q3: { accuracy: 0.5 },
    });
    expect(parsed.value.metrics).toEqual({ tokens: 12, accuracy: 0.5 });
  });

  it('does not override a metric the evaluator aggregated itself, and names a non-finite instance metric', () => {
    const own = parseEvaluatorResult({ metrics: { accuracy: 0.9 }, instanceMetrics: { a: { accuracy: 0 } } });
    expect(own.ok && own.value.metrics['accuracy']).toBe(0.9);
    const lenient = parseJsonLenient(
      '{"metrics": {}, "instanceMetrics": {"a": {"accuracy": NaN}, "b": {"accuracy": 1}}}',
    );
    expect(lenient.ok).toBe(true);
    if (!lenient.ok) return;
    const parsed = parseEvaluatorResult(lenient.value);
    expect(parsed.ok && parsed.value.nonFinite).toEqual(['a/accuracy']);
    expect(parseEvaluatorResult({ metrics: {}, instanceMetrics: [1, 2] })).toMatchObject({ ok: false });
  });
});
