"""Erdős minimum overlap: find a step function h on [0, 2] with 0 <= h <= 1 and integral 1 that makes
max_k  integral h(x) (1 - h(x + k)) dx   as small as possible (an upper bound on the constant C5).

h has n equal steps (dx = 2/n); the program prints one JSON line {"heights": [h_0, ..., h_(n-1)]}.
The evaluator checks 0 <= h_i <= 1 and sum(h) = n/2 EXACTLY (no renormalisation, tolerance 0) and
computes the bound itself over all 2n - 1 shifts; nothing else the program prints is trusted.
"""

import json

# EVOLVE-BLOCK-START
# A naive start: a profile of 20 values, each repeated 10 times (n = 200 steps).
PROFILE = [
    0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5,
    0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5,
]
REPEAT = 10


def construct():
    """Returns heights in [0, 1] (before the exact normalisation below)."""
    return [float(value) for value in PROFILE for _ in range(REPEAT)]
# EVOLVE-BLOCK-END


UNIT = 2.0 ** -30  # heights are multiples of UNIT, so their float64 sum is exact


def make_feasible(heights):
    """Clip to [0, 1], scale towards sum n/2, then round to multiples of 2^-30 and fix the remainder
    unit by unit, so that sum(h) = n/2 holds exactly in binary floating point."""
    n = len(heights)
    values = [min(max(value, 0.0), 1.0) for value in heights]
    for _ in range(50):  # water-filling: scale the entries below 1 until the sum is n/2
        total = sum(values)
        free = sum(value for value in values if value < 1.0)
        if total <= 0 or free <= 0 or abs(total - n / 2) < 1e-12:
            break
        factor = (n / 2 - (total - free)) / free
        values = [value if value >= 1.0 else min(1.0, value * factor) for value in values]
    units = [int(round(value / UNIT)) for value in values]
    target = int(round((n / 2) / UNIT))
    step = 1 if sum(units) < target else -1
    index = 0
    while sum(units) != target and index < 64 * n:
        position = index % n
        if 0 <= units[position] + step <= int(1 / UNIT):
            units[position] += step
        index += 1
    return [unit * UNIT for unit in units]


if __name__ == "__main__":
    print(json.dumps({"heights": make_feasible(construct())}))
