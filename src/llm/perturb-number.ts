/**
 * Perturbing one numeric literal: relative Gaussian steps of varied scale for floats, ±1 (or a
 * relative step for large values) for integers. Signs never change, so `a - 0.5` cannot become the
 * invalid `a - -0.5` in a language where `--` is an operator.
 */
import type { Random } from '../spec/random.ts';
import type { NumericLiteral } from './code-tokens.ts';

/** Relative step sizes, drawn uniformly for each perturbation. */
const scales = [0.01, 0.03, 0.1, 0.3] as const;

function significantDigits(text: string): number {
  const mantissa = text
    .replace(/_/g, '')
    .replace(/[eE].*$/, '')
    .replace('.', '');
  const digits = mantissa.replace(/^0+/, '');
  return Math.max(1, digits.length);
}

/** A float as code: at least one `.` or exponent, trailing zeros trimmed. */
export function formatFloat(value: number, precision: number): string {
  let text = value.toPrecision(Math.min(17, Math.max(1, precision)));
  if (text.includes('e')) {
    const [mantissa = '', exponent = ''] = text.split('e');
    const trimmed = mantissa.includes('.')
      ? mantissa.replace(/0+$/, '').replace(/\.$/, '.0')
      : `${mantissa}.0`;
    text = `${trimmed}e${exponent.replace('+', '')}`;
  } else if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '.0');
  else text = `${text}.0`;
  return text;
}

/** The new text of a literal, different from the old one; null when it cannot change (e.g. `0.0`). */
export function perturbLiteral(literal: NumericLiteral, random: Random): string | null {
  if (literal.isInteger) {
    const value = literal.value;
    if (!Number.isSafeInteger(value)) return null;
    let next: number;
    if (value >= 20 && random.next() < 0.5) {
      const scale = random.pick(scales);
      next = Math.round(value * Math.exp(scale * random.normal()));
      if (next === value) next = value + (random.next() < 0.5 ? -1 : 1);
    } else next = value === 0 || random.next() < 0.5 ? value + 1 : value - 1;
    return String(Math.max(0, next));
  }
  if (literal.value === 0) return null;
  const precision = Math.max(significantDigits(literal.text) + 2, 4);
  for (let attempt = 0; attempt < 8; attempt++) {
    const scale = random.pick(scales);
    const next = literal.value * Math.exp(scale * random.normal());
    if (!Number.isFinite(next) || next === 0) continue;
    const text = formatFloat(next, precision);
    if (Number(text) !== literal.value) return text;
  }
  return null;
}
