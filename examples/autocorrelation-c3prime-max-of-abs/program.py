"""C3' (Matolcsi-Vinuesa; SimpleTES's 'third autocorrelation'): find f (any sign) on [-1/4, 1/4] minimising max_t |(f*f)(t)| / (integral f)^2.

f is a step function on [-1/4, 1/4] with n equal steps; the program prints its heights as one JSON line
{"heights": [a_0, ..., a_(n-1)]}. Any n works. The evaluator computes the value exactly from the
heights; nothing else the program prints is trusted.
"""

import json

# EVOLVE-BLOCK-START
# A naive start: a constant function (20 steps).
HEIGHTS = [
    1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
    1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
]


def construct():
    """Returns the step heights of f (any sign is allowed)."""
    return [float(height) for height in HEIGHTS]
# EVOLVE-BLOCK-END


if __name__ == "__main__":
    print(json.dumps({"heights": construct()}))
