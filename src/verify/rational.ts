/**
 * Exact rationals `numerator / denominator` (BigInt, denominator > 0) and their correctly rounded
 * conversions: to the nearest double (ties to even) and to a decimal string.
 */
import { bitLength } from './dyadic.ts';

/** An exact rational number; the denominator is positive. Not necessarily in lowest terms. */
export interface Rational {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/** Builds a rational, moving the sign to the numerator. Throws a RangeError for a zero denominator. */
export function rational(numerator: bigint, denominator = 1n): Rational {
  if (denominator === 0n) throw new RangeError('rational with a zero denominator');
  return denominator < 0n ? { numerator: -numerator, denominator: -denominator } : { numerator, denominator };
}

/** The rational `integer / 2^scale`. */
export function fromScaled(integer: bigint, scale: number): Rational {
  return { numerator: integer, denominator: 1n << BigInt(scale) };
}

/** Sign of a − b: -1, 0 or 1. */
export function compareRationals(a: Rational, b: Rational): number {
  const left = a.numerator * b.denominator;
  const right = b.numerator * a.denominator;
  return left < right ? -1 : left > right ? 1 : 0;
}

export function subtractRationals(a: Rational, b: Rational): Rational {
  return {
    numerator: a.numerator * b.denominator - b.numerator * a.denominator,
    denominator: a.denominator * b.denominator,
  };
}

/**
 * The double nearest to `numerator / denominator` (round half to even), including subnormals; ±Infinity
 * when the value is beyond the largest double.
 */
export function nearestDouble(value: Rational): number {
  const { numerator, denominator } = rational(value.numerator, value.denominator);
  if (numerator === 0n) return 0;
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  // value lies in [2^(t-1), 2^(t+1)); pick the shift that leaves a 53-bit quotient
  const t = bitLength(magnitude) - bitLength(denominator);
  let shift = 53 - t;
  // value · 2^shift = top / bottom, shifting whichever side keeps every bit
  const quotientAt = (power: number): { quotient: bigint; top: bigint; bottom: bigint } => {
    const top = power >= 0 ? magnitude << BigInt(power) : magnitude;
    const bottom = power >= 0 ? denominator : denominator << BigInt(-power);
    return { quotient: top / bottom, top, bottom };
  };
  if (quotientAt(shift).quotient >= 1n << 53n) shift -= 1;
  // never below the subnormal unit 2^-1074
  if (shift > 1074) shift = 1074;
  let { quotient, top, bottom } = quotientAt(shift);
  const twiceRemainder = 2n * (top - quotient * bottom);
  if (twiceRemainder > bottom || (twiceRemainder === bottom && (quotient & 1n) === 1n)) quotient += 1n;
  const result = scaleByPowerOfTwo(Number(quotient), -shift);
  return negative ? -result : result;
}

/** `value × 2^power` for an integer-valued double of at most 54 bits, exact whenever the result is finite. */
function scaleByPowerOfTwo(value: number, power: number): number {
  let result = value;
  let remaining = power;
  // 2^±1000 steps keep every intermediate power of two representable
  while (remaining > 1000) {
    result *= 2 ** 1000;
    remaining -= 1000;
  }
  while (remaining < -1000) {
    // stay normal while far from the target so no intermediate rounding happens
    result *= 2 ** -1000;
    remaining += 1000;
  }
  return result * 2 ** remaining;
}

/**
 * The value as a decimal string rounded (half to even) to `digits` significant digits, trailing zeros
 * dropped, e.g. `1.50529396844016080772468370913`; scientific notation below 1e-7 and from 1e30 up.
 */
export function toDecimalString(value: Rational, digits = 30): string {
  const { numerator, denominator } = rational(value.numerator, value.denominator);
  if (numerator === 0n) return '0';
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  // the decimal exponent e with 10^e <= value < 10^(e+1)
  let exponent = Math.floor((bitLength(magnitude) - bitLength(denominator)) * Math.log10(2));
  const atLeast = (power: number): boolean =>
    power >= 0
      ? magnitude >= denominator * 10n ** BigInt(power)
      : magnitude * 10n ** BigInt(-power) >= denominator;
  while (!atLeast(exponent)) exponent -= 1;
  while (atLeast(exponent + 1)) exponent += 1;
  const power = digits - 1 - exponent;
  const top = power >= 0 ? magnitude * 10n ** BigInt(power) : magnitude;
  const bottom = power >= 0 ? denominator : denominator * 10n ** BigInt(-power);
  let scaled = top / bottom;
  const twiceRemainder = 2n * (top - scaled * bottom);
  if (twiceRemainder > bottom || (twiceRemainder === bottom && (scaled & 1n) === 1n)) scaled += 1n;
  if (scaled === 10n ** BigInt(digits)) {
    // rounded up to the next power of ten
    scaled /= 10n;
    exponent += 1;
  }
  const text = scaled.toString();
  let body: string;
  if (exponent >= 0 && exponent < digits) {
    body = trimFraction(`${text.slice(0, exponent + 1)}.${text.slice(exponent + 1)}`);
  } else if (exponent < 0 && exponent >= -7) {
    body = trimFraction(`0.${'0'.repeat(-exponent - 1)}${text}`);
  } else {
    body = `${trimFraction(`${text[0]}.${text.slice(1)}`)}e${exponent}`;
  }
  return negative ? `-${body}` : body;
}

function trimFraction(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}
