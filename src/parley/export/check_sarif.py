"""``parley check --format sarif``: SARIF 2.1.0, the format code-scanning services read.

One run of the tool ``parley``, with one rule per kind of problem (``RULES``) and a
result per problem and per question about sources. Each location is a URI relative to
the repository root (``SRCROOT``; the current folder when there is no repository),
percent-encoded as a URI reference must be; a reference that waits on a broken file's
fix is a related location of that file's error. Written through a JSON encoder, every
message exact. ``tests/test_check_formats.py`` validates it against the OASIS schema.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import parley
from parley.dossier.problems import RULES, Problem
from parley.dossier.text import safe_json
from parley.export.check_report import Checked, RepositoryPaths

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
RULE_INDEX = {rule: n for n, rule in enumerate(RULES)}


def sarif(checked: list[Checked]) -> str:
    """The SARIF log of a check, as JSON text."""
    paths = RepositoryPaths()
    bases: dict[Path, str] = {}  # each repository root and its uriBaseId
    results: list[dict[str, Any]] = []
    for one in checked:
        base = paths.base(one)
        name = bases.setdefault(base, "SRCROOT" if not bases else f"SRCROOT{len(bases) + 1}")
        for problem in [*one.problems, *(one.sources or ())]:
            where = _location(problem, paths.of(problem.path, base), name)
            result: dict[str, Any] = {
                "ruleId": problem.rule,
                "level": problem.severity,
                "message": {"text": problem.message},
                "locations": [where],
            }
            if problem.rule in RULE_INDEX:
                result["ruleIndex"] = RULE_INDEX[problem.rule]
            if problem.record_id is not None:
                result["properties"] = {"recordId": problem.record_id}
            if problem.related:
                result["relatedLocations"] = [
                    {
                        "id": n,
                        **_location(related, paths.of(related.path, base), name),
                        "message": {"text": related.message},
                    }
                    for n, related in enumerate(problem.related, 1)
                ]
            results.append(result)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": _driver()},
                "originalUriBaseIds": {
                    name: {"uri": _folder_uri(base)} for base, name in bases.items()
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return safe_json(json.dumps(log, indent=2, ensure_ascii=False)) + "\n"


def _driver() -> dict[str, Any]:
    """parley, and a rule for every kind of problem it reports."""
    return {
        "name": "parley",
        "version": parley.__version__,
        "rules": [
            {"id": rule, "shortDescription": {"text": description}}
            for rule, description in RULES.items()
        ],
    }


def _location(problem: Problem, path: str, base: str) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": quote(path), "uriBaseId": base},
            "region": {"startLine": max(problem.line, 1), "startColumn": max(problem.col, 1)},
        }
    }


def _folder_uri(folder: Path) -> str:
    """A folder as an absolute ``file:`` URI, ending in ``/`` as a base URI must."""
    uri = folder.as_uri()
    return uri if uri.endswith("/") else uri + "/"
