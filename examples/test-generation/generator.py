"""Test generator for the maximum subarray sum problem: prints a JSON list of test inputs."""

import json
import random

# EVOLVE-BLOCK-START
SEED = 7
TEST_COUNT = 4
MIN_LENGTH = 2
MAX_LENGTH = 6
SPAN = 9  # values are drawn from [-OFFSET, SPAN - OFFSET]
OFFSET = 0


def make_test(rng):
    n = rng.randint(MIN_LENGTH, MAX_LENGTH)
    values = [rng.randint(0, SPAN) - OFFSET for _ in range(n)]
    return f"{n}\n{' '.join(str(value) for value in values)}\n"
# EVOLVE-BLOCK-END


rng = random.Random(SEED)
print(json.dumps([make_test(rng) for _ in range(TEST_COUNT)]))
