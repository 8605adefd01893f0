import { describe, expect, it } from 'vitest';
import { createRandom } from '../core/random.ts';
import { integerSquareRoot, toDyadic, toScaledIntegers } from './dyadic.ts';
import { convolveExact } from './exact-convolution.ts';
import { fromScaled, nearestDouble, rational, toDecimalString } from './rational.ts';

const random = createRandom('verify', 'rational-test');

/** A random double spanning many magnitudes, both signs, some subnormals. */
function randomDouble(): number {
  const kind = random.int(10);
  if (kind === 0) return (random.next() - 0.5) * 2 ** -1060; // subnormal
  const value = (random.next() + 1e-3) * 2 ** (random.int(200) - 100);
  return random.next() < 0.5 ? -value : value;
}

describe('dyadic conversion', () => {
  it('is exact: mantissa × 2^exponent reproduces the double, for normals, subnormals and signs', () => {
    for (const value of [1, -1, 0.1, 2 ** -1074, -(2 ** -1022), Number.MAX_VALUE, 3.5, 1e-300]) {
      const { mantissa, exponent } = toDyadic(value);
      expect(
        nearestDouble(
          exponent >= 0 ? rational(mantissa << BigInt(exponent)) : fromScaled(mantissa, -exponent),
        ),
      ).toBe(value);
    }
    expect(toDyadic(0.1)).toEqual({ mantissa: 3602879701896397n, exponent: -55 });
    expect(() => toDyadic(Number.NaN)).toThrow(RangeError);
  });

  it('round-trips random doubles through scaled integers', () => {
    const values = Array.from({ length: 200 }, randomDouble);
    const { integers, scale } = toScaledIntegers(values);
    integers.forEach((integer, index) => {
      expect(nearestDouble(fromScaled(integer, scale))).toBe(values[index]);
    });
  });
});

describe('nearestDouble', () => {
  it('rounds to nearest, ties to even', () => {
    // 1 + 2^-53 is halfway between 1 and 1 + 2^-52: ties to the even mantissa (1)
    expect(nearestDouble(rational((1n << 53n) + 1n, 1n << 53n))).toBe(1);
    // 1 + 3·2^-53 is halfway between 1 + 2^-52 and 1 + 2^-51: ties to even (1 + 2^-51)
    expect(nearestDouble(rational((1n << 53n) + 3n, 1n << 53n))).toBe(1 + 2 ** -51);
    // just above the halfway point rounds up
    expect(nearestDouble(rational((1n << 60n) + (1n << 7n) + 1n, 1n << 60n))).toBe(1 + 2 ** -52);
    expect(nearestDouble(rational(1n, 3n))).toBe(1 / 3);
    expect(nearestDouble(rational(-2n, 3n))).toBe(-2 / 3);
    expect(nearestDouble(rational(0n, 5n))).toBe(0);
    expect(nearestDouble(rational(1n, 10n))).toBe(0.1);
  });

  it('handles subnormals and overflow', () => {
    expect(nearestDouble(rational(1n, 1n << 1074n))).toBe(2 ** -1074);
    expect(nearestDouble(rational(1n, 1n << 1075n))).toBe(0); // exactly half the smallest subnormal: ties to even 0
    expect(nearestDouble(rational(3n, 1n << 1076n))).toBe(2 ** -1074); // 0.75 of it
    expect(nearestDouble(rational(1n << 1024n))).toBe(Number.POSITIVE_INFINITY);
    expect(nearestDouble(rational((1n << 1024n) - (1n << 971n)))).toBe(Number.MAX_VALUE);
  });

  it('agrees with the hardware on sums and quotients of random doubles (correctly rounded operations)', () => {
    for (let trial = 0; trial < 500; trial++) {
      const a = randomDouble();
      const b = randomDouble();
      const { integers, scale } = toScaledIntegers([a, b]);
      const [A, B] = integers as [bigint, bigint];
      expect(nearestDouble(fromScaled(A + B, scale))).toBe(a + b);
      if (B !== 0n) expect(nearestDouble(rational(A, B))).toBe(a / b);
    }
  });
});

describe('toDecimalString', () => {
  it('rounds to 30 significant digits and drops trailing zeros', () => {
    expect(toDecimalString(rational(1n, 3n))).toBe('0.333333333333333333333333333333');
    expect(toDecimalString(rational(2n, 3n))).toBe('0.666666666666666666666666666667');
    expect(toDecimalString(rational(5n, 2n))).toBe('2.5');
    expect(toDecimalString(rational(-1n, 8n))).toBe('-0.125');
    expect(toDecimalString(rational(1n, 10n ** 12n))).toBe('1e-12');
    expect(toDecimalString(rational(10n ** 31n - 1n))).toBe('1e31');
  });
});

describe('integerSquareRoot', () => {
  it('is the floor of the square root', () => {
    for (const value of [0n, 1n, 2n, 3n, 4n, 15n, 16n, 17n, (1n << 200n) + 12345n, 10n ** 50n]) {
      const root = integerSquareRoot(value);
      expect(root * root <= value && (root + 1n) * (root + 1n) > value).toBe(true);
    }
  });
});

describe('convolveExact', () => {
  it('equals the naive double loop for signed sequences of any length', () => {
    for (const [lengthA, lengthB] of [
      [1, 1],
      [5, 3],
      [40, 40],
      [7, 64],
    ] as const) {
      const draw = (): bigint => {
        const magnitude = BigInt(Math.floor(random.next() * 2 ** 40)) << BigInt(random.int(80));
        return random.next() < 0.3 ? -magnitude : random.next() < 0.1 ? 0n : magnitude;
      };
      const a = Array.from({ length: lengthA }, draw);
      const b = Array.from({ length: lengthB }, draw);
      const naive = new Array<bigint>(lengthA + lengthB - 1).fill(0n);
      a.forEach((x, i) => {
        b.forEach((y, j) => {
          naive[i + j] = (naive[i + j] as bigint) + x * y;
        });
      });
      expect(convolveExact(a, b)).toEqual(naive);
      const square = new Array<bigint>(2 * lengthA - 1).fill(0n);
      a.forEach((x, i) => {
        a.forEach((y, j) => {
          square[i + j] = (square[i + j] as bigint) + x * y;
        });
      });
      expect(convolveExact(a, a)).toEqual(square);
    }
    expect(convolveExact([], [1n])).toEqual([]);
    expect(convolveExact([0n, 0n], [0n])).toEqual([0n, 0n]);
  });
});
