"""Find the lowest point of a bumpy function on the square [-5, 5] x [-5, 5] with a search algorithm.

    f(x, y) = sin(x) * cos(y) + sin(x * y) + (x^2 + y^2) / 20

has many local minima. The program is run with random seeds as arguments; for each seed it runs the
search with a generator seeded by it and prints one JSON line {"points": [[x, y], ...]}, one point per
seed. The evaluator computes f at the printed points itself.
"""

import json
import math
import random
import sys


def objective(x, y):
    return math.sin(x) * math.cos(y) + math.sin(x * y) + (x * x + y * y) / 20.0


# EVOLVE-BLOCK-START
def search_algorithm(rng):
    """Random search over the square, then a short local refinement around the best point."""
    samples = 30
    best_x, best_y = rng.uniform(-5.0, 5.0), rng.uniform(-5.0, 5.0)
    best_value = objective(best_x, best_y)
    for _ in range(samples):
        x, y = rng.uniform(-5.0, 5.0), rng.uniform(-5.0, 5.0)
        value = objective(x, y)
        if value < best_value:
            best_x, best_y, best_value = x, y, value
    step = 0.05
    for _ in range(10):
        x = min(max(best_x + rng.gauss(0.0, step), -5.0), 5.0)
        y = min(max(best_y + rng.gauss(0.0, step), -5.0), 5.0)
        value = objective(x, y)
        if value < best_value:
            best_x, best_y, best_value = x, y, value
    return best_x, best_y
# EVOLVE-BLOCK-END


if __name__ == "__main__":
    seeds = [int(argument) for argument in sys.argv[1:]] or [0]
    points = [list(search_algorithm(random.Random(seed))) for seed in seeds]
    print(json.dumps({"points": points}))
