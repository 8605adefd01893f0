/**
 * Dyadic rationals: every finite IEEE-754 double is `mantissa × 2^exponent` with integer mantissa, so a
 * list of doubles can be turned into integers over one common power of two and then added, multiplied
 * and compared exactly with BigInt.
 */

const view = new DataView(new ArrayBuffer(8));

/** A finite double as `mantissa × 2^exponent` (mantissa odd, or zero with exponent 0). */
export interface Dyadic {
  readonly mantissa: bigint;
  readonly exponent: number;
}

/** The exact dyadic value of a finite double. Throws a RangeError for NaN and ±Infinity. */
export function toDyadic(value: number): Dyadic {
  if (!Number.isFinite(value)) throw new RangeError(`toDyadic(${value}): not a finite number`);
  if (value === 0) return { mantissa: 0n, exponent: 0 };
  view.setFloat64(0, value);
  const high = view.getUint32(0);
  const low = view.getUint32(4);
  const biased = (high >>> 20) & 0x7ff;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  let exponent: number;
  if (biased === 0) {
    exponent = -1074;
  } else {
    mantissa |= 1n << 52n;
    exponent = biased - 1075;
  }
  while ((mantissa & 1n) === 0n) {
    mantissa >>= 1n;
    exponent += 1;
  }
  return { mantissa: value < 0 ? -mantissa : mantissa, exponent };
}

/** Doubles written as integers over the common denominator `2^scale`: `values[i] = integers[i] / 2^scale`. */
export interface ScaledIntegers {
  readonly integers: bigint[];
  /** The power of two of the common denominator (never negative: integers stay integers). */
  readonly scale: number;
}

/** Writes finite doubles exactly as integers over the smallest common power of two. */
export function toScaledIntegers(values: readonly number[]): ScaledIntegers {
  const dyadics = values.map(toDyadic);
  let scale = 0;
  for (const dyadic of dyadics)
    if (dyadic.mantissa !== 0n && -dyadic.exponent > scale) scale = -dyadic.exponent;
  const integers = dyadics.map((dyadic) =>
    dyadic.mantissa === 0n ? 0n : dyadic.mantissa << BigInt(dyadic.exponent + scale),
  );
  return { integers, scale };
}

/** Number of bits of |value| (0 for 0). */
export function bitLength(value: bigint): number {
  const magnitude = value < 0n ? -value : value;
  if (magnitude === 0n) return 0;
  const hex = magnitude.toString(16);
  const leading = Number.parseInt(hex[0] as string, 16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(leading));
}

/** Floor of the square root of a non-negative integer (Newton's method). */
export function integerSquareRoot(value: bigint): bigint {
  if (value < 0n) throw new RangeError('integerSquareRoot of a negative number');
  if (value < 2n) return value;
  let estimate = 1n << BigInt(Math.ceil(bitLength(value) / 2));
  for (;;) {
    const next = (estimate + value / estimate) >> 1n;
    if (next >= estimate) return estimate;
    estimate = next;
  }
}

/** |value| for BigInt. */
export function absolute(value: bigint): bigint {
  return value < 0n ? -value : value;
}
