/**
 * Exact discrete convolution of integer sequences by Kronecker substitution: each sequence is packed into
 * one big integer (one coefficient per fixed-width slot of bits), the two are multiplied once with V8's
 * sub-quadratic BigInt multiplication, and the slots of the product are the convolution's coefficients.
 * For n = 4096 coefficients of ~100 bits this takes milliseconds where a double loop of BigInt
 * multiply-adds takes seconds.
 */
import { bitLength } from './dyadic.ts';

/** `result[k] = Σ_i a[i] · b[k − i]`, exactly; length `a.length + b.length − 1` (empty if either is empty). */
export function convolveExact(a: readonly bigint[], b: readonly bigint[]): bigint[] {
  if (a.length === 0 || b.length === 0) return [];
  const [aPositive, aNegative] = splitSigns(a);
  const [bPositive, bNegative] = splitSigns(b);
  const length = a.length + b.length - 1;
  const result: bigint[] = new Array<bigint>(length).fill(0n);
  const accumulate = (left: bigint[] | null, right: bigint[] | null, sign: bigint): void => {
    if (left === null || right === null) return;
    const product = convolveNonNegative(left, right);
    for (let index = 0; index < length; index++)
      result[index] = (result[index] as bigint) + sign * (product[index] as bigint);
  };
  if (a === b) {
    // a*a = p*p − 2·p*q + q*q
    accumulate(aPositive, aPositive, 1n);
    accumulate(aPositive, aNegative, -2n);
    accumulate(aNegative, aNegative, 1n);
  } else {
    accumulate(aPositive, bPositive, 1n);
    accumulate(aPositive, bNegative, -1n);
    accumulate(aNegative, bPositive, -1n);
    accumulate(aNegative, bNegative, 1n);
  }
  return result;
}

/** Positive and negated-negative parts (null when a part is all zeros). */
function splitSigns(values: readonly bigint[]): [bigint[] | null, bigint[] | null] {
  let hasPositive = false;
  let hasNegative = false;
  for (const value of values) {
    if (value > 0n) hasPositive = true;
    else if (value < 0n) hasNegative = true;
  }
  return [
    hasPositive ? values.map((value) => (value > 0n ? value : 0n)) : null,
    hasNegative ? values.map((value) => (value < 0n ? -value : 0n)) : null,
  ];
}

/** Convolution of two sequences of non-negative integers. */
function convolveNonNegative(a: readonly bigint[], b: readonly bigint[]): bigint[] {
  let maxA = 0n;
  for (const value of a) if (value > maxA) maxA = value;
  let maxB = 0n;
  for (const value of b) if (value > maxB) maxB = value;
  const length = a.length + b.length - 1;
  // every coefficient is < min(len) · maxA · maxB; give each slot room for that, in whole hex digits
  const bits = bitLength(maxA) + bitLength(maxB) + bitLength(BigInt(Math.min(a.length, b.length))) + 1;
  const digits = Math.ceil(bits / 4);
  const product = pack(a, digits) * pack(b, digits);
  const hex = product.toString(16).padStart(length * digits, '0');
  const result = new Array<bigint>(length);
  const end = hex.length;
  for (let index = 0; index < length; index++) {
    const slot = hex.slice(end - (index + 1) * digits, end - index * digits);
    result[index] = BigInt(`0x${slot}`);
  }
  return result;
}

/** Σ values[i] · 16^(digits·i), built from a hex string (most significant slot first). */
function pack(values: readonly bigint[], digits: number): bigint {
  const parts = new Array<string>(values.length);
  for (let index = 0; index < values.length; index++) {
    parts[values.length - 1 - index] = (values[index] as bigint).toString(16).padStart(digits, '0');
  }
  return BigInt(`0x${parts.join('')}`);
}
