"""OpenEvolve-style evaluator for 26 circles in the unit square (maximise the sum of radii).

evaluate(program_path) runs the program as a subprocess with a timeout, reads the packing it prints (the
last JSON line of stdout: {"centers": [[x, y], ...], "radii": [r, ...]}) and checks it EXACTLY, in rational
arithmetic on the printed doubles, with tolerance 0: every number finite, exactly 26 circles, every circle
inside [0, 1]^2, no two circles overlapping. The score is the sum of the radii it received, computed here;
a sum the program reports is never read. An invalid packing scores 0 and says why.
"""

import json
import math
import subprocess
import sys
import time
from decimal import Decimal, getcontext
from fractions import Fraction

N_CIRCLES = 26
TIMEOUT_SECONDS = 20
getcontext().prec = 60


def run_program(program_path):
    """Runs the candidate; returns (packing or None, error text)."""
    try:
        completed = subprocess.run(
            [sys.executable, program_path], capture_output=True, text=True, timeout=TIMEOUT_SECONDS
        )
    except subprocess.TimeoutExpired:
        return None, "the program did not finish within %d s" % TIMEOUT_SECONDS
    if completed.returncode != 0:
        return None, "the program failed (exit status %d):\n%s" % (completed.returncode, completed.stderr[-2000:])
    for line in reversed(completed.stdout.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line), ""
            except ValueError:
                continue
    return None, 'the program printed no JSON line {"centers": [[x, y], ...], "radii": [r, ...]}'


def check_packing(packing):
    """Exact check. Returns (sum of radii as a float, worst violation, problems worst first)."""
    centers = packing.get("centers") if isinstance(packing, dict) else None
    radii = packing.get("radii") if isinstance(packing, dict) else None
    if not isinstance(centers, list) or not isinstance(radii, list):
        return None, math.inf, ["the JSON needs the lists 'centers' and 'radii'"]
    if len(centers) != N_CIRCLES or len(radii) != N_CIRCLES:
        return None, math.inf, ["expected %d centers and radii, got %d and %d" % (N_CIRCLES, len(centers), len(radii))]
    numbers = []
    for index, (center, radius) in enumerate(zip(centers, radii)):
        row = list(center) + [radius] if isinstance(center, list) else []
        if len(row) != 3 or not all(isinstance(value, (int, float)) and math.isfinite(value) for value in row):
            return None, math.inf, ["circle %d is not three finite numbers: %r, %r" % (index, center, radius)]
        numbers.append([Fraction(value) for value in row])  # exact: a float is a dyadic rational

    problems = []  # (amount, text)
    for index, (x, y, r) in enumerate(numbers):
        for label, excess in (("r >= 0", -r), ("r <= x", r - x), ("x + r <= 1", x + r - 1),
                              ("r <= y", r - y), ("y + r <= 1", y + r - 1)):
            if excess > 0:
                problems.append((float(excess), "circle %d: %s violated by %.3g" % (index, label, float(excess))))
    for i in range(N_CIRCLES):
        xi, yi, ri = numbers[i]
        for j in range(i + 1, N_CIRCLES):
            xj, yj, rj = numbers[j]
            reach = ri + rj
            squared_distance = (xi - xj) ** 2 + (yi - yj) ** 2
            if reach > 0 and reach * reach > squared_distance:
                # overlap amount r_i + r_j - dist with a 60-digit square root
                amount = float(Decimal(reach.numerator) / Decimal(reach.denominator)
                               - (Decimal(squared_distance.numerator) / Decimal(squared_distance.denominator)).sqrt())
                problems.append((amount, "circles %d and %d overlap by %.3g" % (i, j, amount)))
    problems.sort(key=lambda problem: -problem[0])
    total = sum(r for _, _, r in numbers)
    worst = problems[0][0] if problems else 0.0
    return float(total), worst, [text for _, text in problems]


def evaluate(program_path):
    started = time.time()
    packing, error = run_program(program_path)
    seconds = time.time() - started
    if packing is None:
        return {"combined_score": 0.0, "validity": 0.0, "eval_time": seconds, "error": error}
    total, worst, problems = check_packing(packing)
    if problems:
        shown = "; ".join(problems[:5]) + (" (and %d more)" % (len(problems) - 5) if len(problems) > 5 else "")
        metrics = {"combined_score": 0.0, "validity": 0.0, "eval_time": seconds,
                   "error": "invalid packing at tolerance 0: " + shown}
        if math.isfinite(worst):
            metrics["max_violation"] = worst
        if total is not None:
            metrics["sum_radii_if_valid"] = total
        return metrics
    return {"combined_score": total, "sum_radii": total, "validity": 1.0, "max_violation": 0.0, "eval_time": seconds}


if __name__ == "__main__":
    print(json.dumps(evaluate(sys.argv[1] if len(sys.argv) > 1 else "initial_program.py")))
