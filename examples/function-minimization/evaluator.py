"""OpenEvolve-style evaluator for the function-minimisation problem.

evaluate(program_path) runs the program once with five fixed seeds as arguments (subprocess, timeout),
reads the points it prints ({"points": [[x, y], ...]}, the last JSON line of stdout), checks they are
finite and inside [-5, 5]^2, and evaluates the function at them itself. Per point the score is
1 / (1 + (f(x, y) - f_min)); combined_score is the mean over the seeds (1.0 = the global minimum every
time). A value the program reports is never read.
"""

import json
import math
import subprocess
import sys
import time

SEEDS = [11, 23, 37, 41, 53]
BOUND = 5.0
TIMEOUT_SECONDS = 20
# The global minimum on the square, found by a dense grid and Nelder-Mead polishing (scipy):
GLOBAL_MIN_POINT = (-1.7040828399856867, 0.6775078133020255)
GLOBAL_MIN_VALUE = -1.5186858408485793


def objective(x, y):
    return math.sin(x) * math.cos(y) + math.sin(x * y) + (x * x + y * y) / 20.0


def invalid(reason, seconds):
    return {"combined_score": 0.0, "validity": 0.0, "eval_time": seconds, "error": reason}


def evaluate(program_path):
    started = time.time()
    try:
        completed = subprocess.run([sys.executable, program_path] + [str(seed) for seed in SEEDS],
                                   capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        return invalid("the program did not finish within %d s" % TIMEOUT_SECONDS, time.time() - started)
    seconds = time.time() - started
    if completed.returncode != 0:
        return invalid("the program failed (exit status %d):\n%s" % (completed.returncode, completed.stderr[-2000:]),
                       seconds)
    points = None
    for line in reversed(completed.stdout.strip().splitlines()):
        try:
            points = json.loads(line)["points"]
            break
        except (ValueError, KeyError, TypeError):
            continue
    if not isinstance(points, list) or len(points) != len(SEEDS):
        return invalid('print one JSON line {"points": [[x, y], ...]} with one point per seed argument', seconds)
    values, distances = [], []
    for index, point in enumerate(points):
        if (not isinstance(point, list) or len(point) != 2
                or not all(isinstance(value, (int, float)) and math.isfinite(value) for value in point)):
            return invalid("point %d is not two finite numbers: %r" % (index, point), seconds)
        x, y = point
        if abs(x) > BOUND or abs(y) > BOUND:
            return invalid("point %d (%r, %r) is outside [-5, 5]^2" % (index, x, y), seconds)
        values.append(objective(x, y))
        distances.append(math.hypot(x - GLOBAL_MIN_POINT[0], y - GLOBAL_MIN_POINT[1]))
    scores = [1.0 / (1.0 + max(0.0, value - GLOBAL_MIN_VALUE)) for value in values]
    return {
        "combined_score": sum(scores) / len(scores),
        "best_value": min(values),
        "mean_value": sum(values) / len(values),
        "mean_distance": sum(distances) / len(distances),
        "found_global": sum(1.0 for value in values if value - GLOBAL_MIN_VALUE < 1e-4) / len(values),
        "validity": 1.0,
        "eval_time": seconds,
    }


if __name__ == "__main__":
    print(json.dumps(evaluate(sys.argv[1] if len(sys.argv) > 1 else "initial_program.py")))
