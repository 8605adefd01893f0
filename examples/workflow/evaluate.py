"""Evaluator of the workflow recipe (Trace / OPTO): a native-protocol command.

Usage: python3 evaluate.py PARAMS_FILE   (inside the sandbox; the result goes to file descriptor 3)

Generates the order lines (sales.py), runs the workflow (workflow.py) with the candidate's parameters and
code as a child process, and compares its forecast with what actually happened in the following weeks,
which the workflow never sees. Metric `mape` (the objective, minimised): the mean absolute percentage
error of the forecast. The feedback is the workflow's execution trace, step by step, followed by the
final feedback on its output — what OPTO calls the trace and the feedback of the oracle.
"""

import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import sales  # noqa: E402 - the data generator next to this file

TIMEOUT = 60


def take_result_channel():
    """fd 3 moved where the workflow (our child) cannot inherit it, and this process made non-dumpable."""
    channel = os.dup(3)
    os.close(3)
    try:
        import ctypes

        ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)
    except Exception:  # noqa: BLE001 - less protected, still works
        pass
    return channel


def money(value):
    return "{:,.2f}".format(value)


def run_workflow(path, history):
    try:
        completed = subprocess.run(
            [sys.executable, "-B", os.path.join(HERE, "workflow.py"), path],
            input="\n".join(history),
            cwd=os.path.dirname(path),
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": os.path.dirname(path)},
        )
    except subprocess.TimeoutExpired:
        return None, "The workflow did not finish within %d s." % TIMEOUT
    if completed.returncode != 0:
        return None, "The workflow failed (exit status %d):\n%s" % (completed.returncode, completed.stderr[-2000:])
    lines = [line for line in completed.stdout.strip().split("\n") if line.strip()]
    try:
        return json.loads(lines[-1]), None
    except (ValueError, IndexError):
        return None, "The workflow printed no result:\n%s" % completed.stdout[-1000:]


def evaluate(path):
    history, actual = sales.generate()
    outcome, problem = run_workflow(path, history)
    if outcome is None:
        return {"metrics": {}, "valid": False, "feedback": problem}
    trace = ["Workflow trace:"] + outcome.get("trace", [])
    predicted = outcome.get("forecast")
    if not isinstance(predicted, list) or len(predicted) != len(actual) or not all(
        isinstance(value, (int, float)) and value == value for value in predicted
    ):
        trace.append("Feedback: the workflow produced no forecast (%s)." % outcome.get("error", "no numbers"))
        return {"metrics": {}, "valid": False, "feedback": "\n".join(trace)}
    errors = [(p - a) / a for p, a in zip(predicted, actual)]
    mape = sum(abs(error) for error in errors) / len(errors)
    first = sales.HISTORY_WEEKS + 1
    direction = (
        "too high every week" if all(error > 0 for error in errors)
        else "too low every week" if all(error < 0 for error in errors)
        else "too high in %d of %d weeks" % (sum(error > 0 for error in errors), len(errors))
    )
    trace.append("Output: forecast for weeks %d-%d: %s." % (
        first, first + len(actual) - 1, ", ".join(money(value) for value in predicted)))
    trace.append("Feedback: the actual totals were %s; mean absolute percentage error %.1f%% (%s)." % (
        ", ".join(money(value) for value in actual), 100 * mape, direction))
    return {"metrics": {"mape": mape}, "feedback": "\n".join(trace)}


def main():
    channel = take_result_channel()
    result = evaluate(os.path.abspath(sys.argv[1]))
    data = (json.dumps(result) + "\n").encode("utf-8")
    while data:
        data = data[os.write(channel, data):]
    os.close(channel)


if __name__ == "__main__":
    main()
