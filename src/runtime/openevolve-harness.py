"""Ratchet's harness for OpenEvolve-style evaluators. Runs INSIDE the sandbox.

Usage: python3 openevolve-harness.py   (the request comes as one JSON line on stdin)

The request: {"nonce", "evaluatorFile", "programPath", "cascade": "auto"|"on"|"off",
"thresholds": [...], "objective": {"metric", "direction"}}.

It imports the evaluator file, calls evaluate(program_path) -- or the cascade evaluate_stage1/2/3 with
thresholds, as OpenEvolve does -- and writes ONE JSON document to the result channel (fd 3):
{"nonce": ..., "result": {"metrics": {...}, "artifacts": {...}, "stage": i, "stageFailed": bool}}
or {"nonce": ..., "error": "traceback", "stage": i}.

Before anything of the evaluator runs, the harness moves the channel to a private descriptor that child
processes do not inherit, closes fd 3, and makes itself non-dumpable, so that other processes of the
sandbox user (the candidate, run by the evaluator) cannot open /proc/<pid>/fd or /proc/<pid>/mem of the
harness. The nonce, read from stdin, is only in this process's memory.
"""

import importlib.util
import json
import os
import sys
import traceback

STAGES = ("evaluate_stage1", "evaluate_stage2", "evaluate_stage3")


def take_result_channel():
    channel = os.dup(3)  # os.dup creates a non-inheritable descriptor
    os.close(3)
    try:
        import ctypes

        ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 4, off
    except Exception:  # noqa: BLE001 - not Linux/glibc: still works, less protected
        pass
    return channel


def coerce(value):
    """json.dumps fallback: numpy scalars and arrays, bytes, anything else as text."""
    if hasattr(value, "item") and callable(value.item):
        try:
            return value.item()
        except Exception:  # noqa: BLE001
            pass
    if hasattr(value, "tolist") and callable(value.tolist):
        return value.tolist()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


VALIDITY_KEYS = ("validity", "valid", "is_valid")


def normalise(returned):
    """A dict of metrics, or an object with .metrics (and .artifacts) such as OpenEvolve's EvaluationResult.

    OpenEvolve evaluators reject a candidate by returning a zero score with "validity": 0 (or "valid" /
    "is_valid" false); that is mapped to "valid": false, so the candidate is invalid rather than scored 0.
    """
    if isinstance(returned, dict):
        result = {"metrics": dict(returned), "artifacts": {}}
    elif isinstance(getattr(returned, "metrics", None), dict):
        artifacts = getattr(returned, "artifacts", None)
        result = {"metrics": dict(returned.metrics), "artifacts": dict(artifacts) if isinstance(artifacts, dict) else {}}
    else:
        result = None
    if result is not None:
        for key in VALIDITY_KEYS:
            value = result["metrics"].get(key)
            if (isinstance(value, (int, float)) and value == 0) or value is False:
                result["valid"] = False
                break
        return result
    raise TypeError(
        "evaluate() returned %s; expected a dict of metrics or an object with .metrics and .artifacts"
        % type(returned).__name__
    )


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def stage_value(metrics, objective):
    """What a threshold is compared with: the objective metric, else combined_score, else the mean."""
    for name in (objective["metric"], "combined_score"):
        if is_number(metrics.get(name)):
            return float(metrics[name])
    values = [float(v) for k, v in metrics.items() if k != "error" and is_number(v)]
    return sum(values) / len(values) if values else None


def passes(metrics, threshold, objective):
    value = stage_value(metrics, objective)
    if value is None or value != value:  # NaN passes nothing
        return False
    return value <= threshold if objective["direction"] == "minimize" else value >= threshold


def load_module(path):
    directory = os.path.dirname(os.path.abspath(path))
    if directory not in sys.path:
        sys.path.insert(0, directory)
    spec = importlib.util.spec_from_file_location("evaluation_module", path)
    if spec is None or spec.loader is None:
        raise ImportError("cannot load %s" % path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["evaluation_module"] = module
    spec.loader.exec_module(module)
    return module


def run(request):
    module = load_module(request["evaluatorFile"])
    program = request["programPath"]
    has_stages = callable(getattr(module, STAGES[0], None))
    use_cascade = has_stages and request.get("cascade", "auto") != "off"
    if not use_cascade:
        evaluate = getattr(module, "evaluate", None)
        if not callable(evaluate):
            raise AttributeError("the evaluator file defines no evaluate(program_path) function")
        result = normalise(evaluate(program))
        if request.get("cascade") == "on":
            result["artifacts"]["cascade"] = "cascade requested, but the evaluator defines no evaluate_stage1"
        return result

    thresholds = request.get("thresholds") or []
    objective = request["objective"]
    merged = {"metrics": {}, "artifacts": {}}
    for index, name in enumerate(STAGES):
        function = getattr(module, name, None)
        if not callable(function):
            break
        try:
            stage = normalise(function(program))
        except Exception:  # noqa: BLE001 - the stage's failure is the candidate's feedback
            return {"error": "stage %d (%s) raised:\n%s" % (index + 1, name, traceback.format_exc()), "stage": index}
        merged["metrics"].update(stage["metrics"])
        merged["artifacts"].update(stage["artifacts"])
        merged["stage"] = index
        if stage.get("valid") is False:
            merged["valid"] = False
            return merged
        has_next = index + 1 < len(STAGES) and callable(getattr(module, STAGES[index + 1], None))
        if not has_next or index >= len(thresholds):
            break
        if not passes(merged["metrics"], thresholds[index], objective):
            merged["stageFailed"] = True
            merged["artifacts"]["cascade"] = "stopped after stage %d of the cascade: its score %s did not reach the threshold %s" % (
                index + 1,
                stage_value(merged["metrics"], objective),
                thresholds[index],
            )
            return merged
    return merged


def main():
    channel = take_result_channel()
    request = json.loads(sys.stdin.readline())
    nonce = request.pop("nonce")
    try:
        outcome = run(request)
    except BaseException:  # noqa: BLE001 - SystemExit and MemoryError too: report, do not die silently
        outcome = {"error": traceback.format_exc()}
    if "error" in outcome:
        document = {"nonce": nonce, "error": outcome["error"]}
        if "stage" in outcome:
            document["stage"] = outcome["stage"]
    else:
        document = {"nonce": nonce, "result": outcome}
    data = (json.dumps(document, default=coerce) + "\n").encode("utf-8")
    sys.stdout.flush()
    while data:
        written = os.write(channel, data)
        data = data[written:]
    os.close(channel)


if __name__ == "__main__":
    main()
