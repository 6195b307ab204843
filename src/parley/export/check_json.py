"""``parley check --format json``: the problems for scripts, through a JSON encoder.

The fields are documented in the README ("parley check for scripts and CI"). Paths are
as the user gave them, as in text; every string is exact (``safe_json`` only writes the
characters a terminal could act on as ``\\uXXXX``, which a JSON reader decodes back).
"""

from __future__ import annotations

import json
from typing import Any

from parley.dossier.text import safe_json
from parley.export.check_report import Checked


def report(checked: list[Checked]) -> str:
    """One JSON object: totals, each dossier with its counts, every problem (and question)."""
    document: dict[str, Any] = {
        "errors": sum(one.errors for one in checked),
        "warnings": sum(one.warnings for one in checked),
        "dossiers": [
            {
                "folder": str(one.folder),
                "counts": {kind.value: n for kind, n in one.counts.items()},
                "errors": one.errors,
                "warnings": one.warnings,
            }
            for one in checked
        ],
        "problems": [p.to_json() for one in checked for p in one.problems],
    }
    if any(one.sources is not None for one in checked):
        document["sources"] = [q.to_json() for one in checked for q in one.sources or ()]
    return safe_json(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
