"""Evaluator of the extraction recipe (FinReflectKG): a native-protocol command.

Usage: python3 check.py EXTRACTOR_FILE   (inside the sandbox; the result goes to file descriptor 3)

Runs the candidate extractor on the shipped documents (a child process with a timeout), applies the
schema and consistency rules (CheckRules) to every triple it prints, and scores the triples against the
shipped gold triples: precision, recall and F1 (the objective; a triple that breaks a rule never counts
as right), and compliance = the fraction of triples
that break no rule. Feedback: the counts, every rule violation (rule, document, triple, why) and, per
document, how many triples were right, extracted and expected; never the gold triples themselves.
"""

import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TIMEOUT = 30
MAX_VIOLATIONS_SHOWN = 12
PRONOUNS = {"it", "its", "they", "their", "them", "he", "she", "his", "her", "we", "our", "us",
            "the company", "our company", "the group", "the firm"}
AMOUNT = re.compile(r"^\$\d+(\.\d+)? (million|billion)$")
FIELDS = ("doc", "subject", "subject_type", "relation", "object", "object_type")


def take_result_channel():
    """fd 3 moved where the candidate (our child) cannot inherit it, and this process made non-dumpable."""
    channel = os.dup(3)
    os.close(3)
    try:
        import ctypes

        ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)
    except Exception:  # noqa: BLE001 - less protected, still works
        pass
    return channel


def load(name):
    with open(os.path.join(HERE, name)) as file:
        return json.load(file)


def key(doc, subject, relation, obj):
    normal = lambda text: " ".join(str(text).split()).lower()  # noqa: E731
    return (doc, normal(subject), relation, normal(obj))


def show(triple):
    return "%s (%s, %s, %s)" % (triple["doc"], triple["subject"], triple["relation"], triple["object"])


def violations_of(triples, schema, texts):
    """(rule, triple, why) for every broken rule; rules R1-R7 look at one triple, R8-R9 at several."""
    found = []
    seen = set()
    for triple in triples:
        relation = schema["relations"].get(triple["relation"])
        if relation is None:
            found.append(("R1 known-relation", triple, "%s is not a relation of the schema" % triple["relation"]))
        else:
            for side in ("subject", "object"):
                if triple[side + "_type"] != relation[side]:
                    article = "an" if relation[side][0] in "AEIOU" else "a"
                    found.append(("R2 types", triple, "%s takes %s %s %s, not %s" % (
                        triple["relation"], article, relation[side], side, triple[side + "_type"])))
        for side in ("subject", "object"):
            name = triple[side]
            if name.strip().lower() in PRONOUNS:
                found.append(("R4 no-pronoun", triple, 'the %s "%s" is a pronoun, not a name' % (side, name)))
            elif name not in texts.get(triple["doc"], ""):
                found.append(("R3 grounded", triple, 'the %s "%s" is not in the document' % (side, name)))
        if key(triple["doc"], triple["subject"], "", "") == key(triple["doc"], triple["object"], "", ""):
            found.append(("R5 no-self-loop", triple, "the subject and the object are the same entity"))
        identity = key(triple["doc"], triple["subject"], triple["relation"], triple["object"])
        if identity in seen:
            found.append(("R6 no-duplicate", triple, "the same triple appears twice in the document"))
        seen.add(identity)
        if triple["object_type"] == "Amount" and not AMOUNT.match(triple["object"]):
            found.append(("R7 amount-format", triple, 'amounts are written "$<number> million|billion"'))
    ceos, parents, acquisitions = {}, {}, set()
    for triple in triples:
        if triple["relation"] == "CEO_OF":
            ceos.setdefault((triple["doc"], triple["object"].lower()), []).append(triple)
        if triple["relation"] == "SUBSIDIARY_OF":
            parents.setdefault(triple["subject"].lower(), []).append(triple)
        if triple["relation"] == "ACQUIRED":
            acquisitions.add((triple["subject"].lower(), triple["object"].lower()))
    for group in ceos.values():
        names = sorted({triple["subject"] for triple in group})
        if len(names) > 1:
            found.append(("R8 one-ceo", group[-1], "%d different CEOs of %s in one document: %s" % (
                len(names), group[-1]["object"], ", ".join(names))))
    for group in parents.values():
        for triple in group:
            if (triple["subject"].lower(), triple["object"].lower()) in acquisitions:
                found.append(("R9 ownership", triple, "%s cannot both be a subsidiary of %s and have acquired it" % (
                    triple["subject"], triple["object"])))
        names = sorted({triple["object"] for triple in group})
        if len(names) > 1:
            found.append(("R9 ownership", group[-1], "%s is a subsidiary of %d parents: %s" % (
                group[-1]["subject"], len(names), ", ".join(names))))
    return found


def run_extractor(path, documents):
    """The extractor's triples, or the reason it gave none."""
    try:
        completed = subprocess.run(
            [sys.executable, "-B", path],
            input=json.dumps({"documents": documents}),
            cwd=os.path.dirname(path),
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": os.path.dirname(path)},
        )
    except subprocess.TimeoutExpired:
        return None, "the extractor did not finish within %d s" % TIMEOUT
    if completed.returncode != 0:
        return None, "the extractor failed (exit status %d):\n%s" % (completed.returncode, completed.stderr[-2000:])
    lines = [line for line in completed.stdout.strip().split("\n") if line.strip()]
    try:
        printed = json.loads(lines[-1]) if lines else None
    except ValueError:
        printed = None
    triples = printed.get("triples") if isinstance(printed, dict) else None
    if not isinstance(triples, list):
        return None, 'the extractor must print one JSON line {"triples": [...]}'
    for index, triple in enumerate(triples):
        if not isinstance(triple, dict) or not all(isinstance(triple.get(field), str) for field in FIELDS):
            return None, "triple %d must be an object with the string fields %s" % (index, ", ".join(FIELDS))
    return triples, None


def evaluate(path):
    documents, gold, schema = load("documents.json"), load("gold.json"), load("schema.json")
    triples, problem = run_extractor(path, documents)
    if triples is None:
        return {"metrics": {}, "valid": False, "feedback": problem}
    texts = {document["id"]: document["text"] for document in documents}
    violations = violations_of(triples, schema, texts)
    broken = {id(triple) for _, triple, _ in violations}
    gold_keys = {key(item["doc"], item["subject"], item["relation"], item["object"]) for item in gold}
    extracted = {key(t["doc"], t["subject"], t["relation"], t["object"]) for t in triples}
    # a triple that breaks a rule is never counted as right, even when its names match a gold triple
    compliant = {key(t["doc"], t["subject"], t["relation"], t["object"]) for t in triples if id(t) not in broken}
    right = compliant & gold_keys
    precision = len(right) / len(extracted) if extracted else 0.0
    recall = len(right) / len(gold_keys)
    f1 = 2 * precision * recall / (precision + recall) if right else 0.0
    compliance = (len(triples) - len(broken)) / len(triples) if triples else 0.0
    lines = [
        "%d triples from %d documents; %d break no rule (compliance %.3f)."
        % (len(triples), len(documents), len(triples) - len(broken), compliance),
        "Against the gold triples: precision %.3f, recall %.3f, F1 %.3f." % (precision, recall, f1),
    ]
    if violations:
        lines.append("Rule violations (%d):" % len(violations))
        for rule, triple, why in violations[:MAX_VIOLATIONS_SHOWN]:
            lines.append("- %s: %s: %s" % (rule, show(triple), why))
        if len(violations) > MAX_VIOLATIONS_SHOWN:
            lines.append("- … and %d more" % (len(violations) - MAX_VIOLATIONS_SHOWN))
    per_document = []
    for document in documents:
        doc = document["id"]
        count = lambda keys: sum(1 for item in keys if item[0] == doc)  # noqa: E731
        per_document.append("%s %d/%d/%d" % (doc, count(right), count(extracted), count(gold_keys)))
    lines.append("Per document (right / extracted / expected): %s." % ", ".join(per_document))
    return {
        "metrics": {"f1": f1, "precision": precision, "recall": recall, "compliance": compliance,
                    "triples": len(triples), "violations": len(violations)},
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
