"""Evaluator of the test-generation recipe (CodeContests-O): a native-protocol command.

Usage: python3 evaluate.py GENERATOR_FILE   (inside the sandbox; the result goes to file descriptor 3)

1. Runs the candidate generator (a child process with a timeout); it prints a JSON list of test inputs.
2. The reference solution (solutions/correct/kadane.py) gives each test's expected output; a test it
   cannot answer is dropped and reported.
3. Runs every shipped solution on every test (in this process: the solutions are ours, only the tests are
   the candidate's), with a CPU time limit per run.
4. Scores: tpr = correct solutions passing every test / correct solutions; tnr = incorrect solutions
   failing at least one test / incorrect solutions; score = (tpr + tnr) / 2.
"""

import contextlib
import io
import json
import os
import signal
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REFERENCE = "kadane.py"
MAX_TESTS = 50
MAX_TEST_CHARS = 8000
CPU_SECONDS_PER_RUN = 2.0
GENERATOR_TIMEOUT = 20
MAX_N, MAX_ABS = 100, 1000


def take_result_channel():
    """fd 3 moved to a descriptor children do not inherit, and this process made non-dumpable, so that
    the candidate (our child) cannot write a result of its own there (see src/runtime/openevolve-harness.py)."""
    channel = os.dup(3)
    os.close(3)
    try:
        import ctypes

        ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)
    except Exception:  # noqa: BLE001 - less protected, still works
        pass
    return channel


class TimeLimit(Exception):
    pass


def on_time_limit(signum, frame):
    raise TimeLimit()


def load_solutions(kind):
    folder = os.path.join(HERE, "solutions", kind)
    return {
        name: compile(open(os.path.join(folder, name)).read(), name, "exec")
        for name in sorted(os.listdir(folder))
        if name.endswith(".py")
    }


def run_solution(code, test):
    """(True, output) or (False, what went wrong), for one solution on one test."""
    stdout = io.StringIO()
    sys.stdin = io.StringIO(test)
    signal.setitimer(signal.ITIMER_VIRTUAL, CPU_SECONDS_PER_RUN)
    try:
        with contextlib.redirect_stdout(stdout):
            exec(code, {"__name__": "__main__"})  # noqa: S102 - our own solutions
        return True, stdout.getvalue().strip()
    except TimeLimit:
        return False, "it exceeded the time limit of %g s" % CPU_SECONDS_PER_RUN
    except RecursionError:
        return False, "it raised RecursionError"
    except Exception as error:  # noqa: BLE001 - a failing solution is a result
        return False, "it raised %s: %s" % (type(error).__name__, error)
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        sys.stdin = sys.__stdin__


def constraint_problem(test):
    """Why a test breaks the constraints, or None."""
    tokens = test.split()
    try:
        numbers = [int(token) for token in tokens]
    except ValueError:
        return "it is not a list of integers"
    if not numbers:
        return "it is empty"
    n = numbers[0]
    if not 1 <= n <= MAX_N:
        return "n = %d (1 <= n <= %d)" % (n, MAX_N)
    if len(numbers) - 1 != n:
        return "n = %d but it holds %d values" % (n, len(numbers) - 1)
    outside = [value for value in numbers[1:] if abs(value) > MAX_ABS]
    if outside:
        return "it holds the value %d (|a_i| <= %d)" % (outside[0], MAX_ABS)
    return None


def show(text, limit=60):
    text = text.strip().replace("\n", " / ")
    return repr(text if len(text) <= limit else text[:limit] + "…")


def run_generator(path):
    """The generator's tests, or the reason it gave none."""
    try:
        completed = subprocess.run(
            [sys.executable, "-B", path],
            cwd=os.path.dirname(path),
            capture_output=True,
            text=True,
            timeout=GENERATOR_TIMEOUT,
            env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": os.path.dirname(path)},
        )
    except subprocess.TimeoutExpired:
        return None, "the generator did not finish within %d s" % GENERATOR_TIMEOUT
    if completed.returncode != 0:
        return None, "the generator failed (exit status %d):\n%s" % (completed.returncode, completed.stderr[-2000:])
    lines = [line for line in completed.stdout.strip().split("\n") if line.strip()]
    try:
        tests = json.loads(lines[-1]) if lines else None
    except ValueError:
        tests = None
    if not isinstance(tests, list) or not all(isinstance(test, str) for test in tests):
        return None, "the generator must print one line of JSON: a list of strings, one test input each"
    return tests, None


def evaluate(path):
    tests, problem = run_generator(path)
    if tests is None:
        return {"metrics": {}, "valid": False, "feedback": problem}
    notes = []
    if len(tests) > MAX_TESTS:
        notes.append("only the first %d of %d tests are used" % (MAX_TESTS, len(tests)))
        tests = tests[:MAX_TESTS]
    signal.signal(signal.SIGVTALRM, on_time_limit)
    correct, incorrect = load_solutions("correct"), load_solutions("incorrect")
    kept, expected, outside = [], [], []
    for number, test in enumerate(tests, 1):
        if len(test) > MAX_TEST_CHARS:
            notes.append("test %d is longer than %d characters and was dropped" % (number, MAX_TEST_CHARS))
            continue
        ok, output = run_solution(correct[REFERENCE], test)
        if not ok:
            notes.append("test %d was dropped: the reference solution cannot answer it (%s)" % (number, output))
            continue
        reason = constraint_problem(test)
        if reason is not None:
            outside.append("test %d: %s" % (number, reason))
        kept.append((number, test))
        expected.append(output)
    if not kept:
        return {"metrics": {}, "valid": False, "feedback": "No usable test. " + "; ".join(notes)}

    def first_failure(code):
        for (number, test), want in zip(kept, expected):
            ok, output = run_solution(code, test)
            if not ok:
                return "test %d %s: %s" % (number, show(test), output)
            if output != want:
                return "test %d %s: expected %s, it printed %s" % (number, show(test), want, show(output, 30))
        return None

    rejected_correct = {name: first_failure(code) for name, code in correct.items()}
    rejected_correct = {name: why for name, why in rejected_correct.items() if why is not None}
    passing_incorrect = [name for name, code in incorrect.items() if first_failure(code) is None]
    tpr = (len(correct) - len(rejected_correct)) / len(correct)
    tnr = (len(incorrect) - len(passing_incorrect)) / len(incorrect)
    lines = ["%d tests used, %d of them outside the constraints." % (len(kept), len(outside))]
    lines += ["Note: %s." % note for note in notes]
    lines += ["Outside the constraints: %s." % "; ".join(outside)] if outside else []
    lines.append(
        "Correct solutions accepted: %d of %d (true positive rate %.3f). Incorrect solutions rejected: %d of %d (true negative rate %.3f)."
        % (len(correct) - len(rejected_correct), len(correct), tpr, len(incorrect) - len(passing_incorrect), len(incorrect), tnr)
    )
    if rejected_correct:
        lines.append("Correct solutions your tests wrongly reject:")
        lines += ["- %s on %s" % (name, why) for name, why in rejected_correct.items()]
    if passing_incorrect:
        lines.append("Incorrect solutions that pass all your tests (find inputs where they go wrong):")
        for name in passing_incorrect:
            source = open(os.path.join(HERE, "solutions", "incorrect", name)).read().strip()
            lines.append("- %s:\n%s" % (name, "\n".join(("    " + line).rstrip() for line in source.split("\n"))))
    return {
        "metrics": {"score": (tpr + tnr) / 2, "tpr": tpr, "tnr": tnr, "tests": len(kept), "outside_constraints": len(outside)},
        "feedback": "\n".join(lines),
    }


def main():
    channel = take_result_channel()
    result = evaluate(os.path.abspath(sys.argv[1]))
    data = (json.dumps(result) + "\n").encode("utf-8")
    while data:
        data = data[os.write(channel, data):]
    os.close(channel)


if __name__ == "__main__":
    main()
