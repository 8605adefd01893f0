"""Extracts knowledge-graph triples from short company filings.

Reads {"documents": [{"id", "text"}, ...]} as JSON on stdin and prints one JSON line
{"triples": [{"doc", "subject", "subject_type", "relation", "object", "object_type"}, ...]}.
"""

import json
import re
import sys

# EVOLVE-BLOCK-START
EXTRA_NAME_WORDS = 1  # capitalised words after the first in a company or person name
EXTRA_PLACE_WORDS = 0  # capitalised words after the first in the region of "City, Region"
EXTRA_PRODUCT_WORDS = 1  # lower-case words after the first in a product name


def name(extra):
    return r"[A-Z][a-z]+(?: [A-Z][a-z]+){0,%d}" % extra


# each pattern names its subject and object; a triple is (pattern, subject type, relation, object type)
PATTERNS = [
    (r"(?P<s>{company}) is headquartered in (?P<o>{place})", "Company", "HEADQUARTERED_IN", "Location"),
    (r"(?P<s>{company}) is a wholly owned subsidiary of (?P<o>{company})", "Company", "SUBSIDIARY_OF", "Company"),
    (r"(?P<s>{company}) acquired (?P<o>{company})", "Company", "ACQUIRED", "Company"),
    (r"(?P<s>\w+) acquisition of (?P<o>{company})", "Company", "ACQUIRED", "Company"),
    (r"(?P<s>{company}) manufactures the (?P<o>{product})", "Company", "PRODUCES", "Product"),
    (r"(?P<s>{company}) reported revenue of (?P<o>\$[\d.]+ (?:million|billion))", "Company", "REPORTED_REVENUE", "Money"),
]
CEO = r"(?P<s>{company}), our Chief Executive Officer"


def extract(document):
    text, doc = document["text"], document["id"]
    parts = {
        "company": name(EXTRA_NAME_WORDS),
        "place": r"[A-Z][a-z]+, " + name(EXTRA_PLACE_WORDS),
        "product": r"[A-Z][a-z]+(?: [a-z]+){0,%d}" % EXTRA_PRODUCT_WORDS,
    }
    triples = []
    for pattern, subject_type, relation, object_type in PATTERNS:
        for match in re.finditer(pattern.format(**parts), text):
            triples.append({"doc": doc, "subject": match["s"], "subject_type": subject_type,
                            "relation": relation, "object": match["o"], "object_type": object_type})
    # the company a filing is about: the first one said to be headquartered somewhere
    main = next((t["subject"] for t in triples if t["relation"] == "HEADQUARTERED_IN"), None)
    for match in re.finditer(CEO.format(**parts), text):
        if main is not None:
            triples.append({"doc": doc, "subject": match["s"], "subject_type": "Person",
                            "relation": "CEO_OF", "object": main, "object_type": "Company"})
    return triples
# EVOLVE-BLOCK-END


documents = json.loads(sys.stdin.read())["documents"]
print(json.dumps({"triples": [triple for document in documents for triple in extract(document)]}))
