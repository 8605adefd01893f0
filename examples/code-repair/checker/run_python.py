"""Runs a Python candidate's function on test arguments. Part of the code-repair checker; runs INSIDE the
sandbox, as a child of the checker, never trusted with the expected values.

Usage: python3 run_python.py CANDIDATE_FILE FUNCTION_NAME   (stdin: a JSON list of argument lists)

For each argument list it calls the function and writes one JSON line to file descriptor 3:
{"index": i, "ok": true, "value": ...} or {"index": i, "ok": false, "error": "Type: message",
"trace": "the candidate's frames"}. A candidate that cannot be loaded gives one line
{"load_error": "...", "trace": "..."}. What the candidate prints goes to stderr.
"""

import copy
import importlib.util
import json
import math
import os
import sys
import traceback


def candidate_frames(error, candidate):
    """The traceback of `error`, keeping only the frames in the candidate's file, as plain text."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename == candidate]
    lines = ["Traceback (most recent call last):"]
    for frame in traceback.StackSummary.from_list(frames).format():
        lines.extend(line for line in frame.rstrip("\n").split("\n"))
    lines.extend(line.rstrip("\n") for line in traceback.format_exception_only(type(error), error))
    return "\n".join(lines).replace(os.path.dirname(candidate) + os.sep, "")


def plain(value):
    """The value as JSON data: tuples become lists, non-finite floats and other objects their repr."""
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"repr": repr(value)}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        return {key: plain(item) for key, item in value.items()}
    return {"repr": repr(value)}


def main():
    candidate, function_name = os.path.abspath(sys.argv[1]), sys.argv[2]
    channel = os.fdopen(3, "w")
    cases = json.loads(sys.stdin.read())
    sys.stdout = sys.stderr  # the candidate's prints must not mix with the results
    try:
        spec = importlib.util.spec_from_file_location("candidate", candidate)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        function = getattr(module, function_name)
    except BaseException as error:  # noqa: BLE001 - a candidate that does not load is feedback
        message = "".join(traceback.format_exception_only(type(error), error)).strip()
        channel.write(json.dumps({"load_error": message, "trace": candidate_frames(error, candidate)}) + "\n")
        return
    for index, arguments in enumerate(cases):
        try:
            value = function(*copy.deepcopy(arguments))
            line = {"index": index, "ok": True, "value": plain(value)}
        except Exception as error:  # noqa: BLE001 - a raising candidate is feedback
            message = "".join(traceback.format_exception_only(type(error), error)).strip()
            line = {"index": index, "ok": False, "error": message, "trace": candidate_frames(error, candidate)}
        channel.write(json.dumps(line) + "\n")
        channel.flush()


if __name__ == "__main__":
    main()
