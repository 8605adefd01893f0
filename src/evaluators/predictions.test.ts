import { describe, expect, it } from 'vitest';
import { parseEvaluatorResult } from './parse-result.ts';

describe('predictions (active data) in an evaluator result', () => {
  it('keeps lists of finite numbers by probe id', () => {
    const parsed = parseEvaluatorResult({ metrics: { nmse: 0.1 }, predictions: { a: [1, 2.5], b: [] } });
    expect(parsed).toMatchObject({ ok: true, value: { predictions: { a: [1, 2.5], b: [] } } });
  });

  it('has none when the evaluator returns none', () => {
    const parsed = parseEvaluatorResult({ metrics: { nmse: 0.1 } });
    expect(parsed.ok && 'predictions' in parsed.value).toBe(false);
  });

  it.each([
    [{ a: [1, 'two'] }, 'predictions.a'],
    [{ a: 3 }, 'predictions.a'],
    [[1, 2], '"predictions" must be an object'],
  ])('refuses %j as malformed, naming it', (predictions, named) => {
    const parsed = parseEvaluatorResult({ metrics: { nmse: 0.1 }, predictions });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain(named);
  });

  it('refuses a non-finite prediction (written by Python as a bare NaN token)', () => {
    const parsed = parseEvaluatorResult({
      metrics: { nmse: 0.1 },
      predictions: { a: ['\u0000ratchet-non-finite:NaN'] },
    });
    expect(parsed.ok).toBe(false);
  });
});
