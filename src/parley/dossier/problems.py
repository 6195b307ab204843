"""Problems found in a dossier, each pointing at a file, a line and a column."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from parley.dossier.text import one_line, safe

Severity = Literal["error", "warning"]

RULES: dict[str, str] = {
    "unreadable": "a file or folder that cannot be read, or a file that is not UTF-8 text",
    "misplaced-file": "a file outside the record folders",
    "file-name": "a record file whose name is not a valid id",
    "toml-syntax": "a record file that is not valid TOML",
    "invalid-record": "a key or value that a record of its kind cannot have",
    "duplicate-id": "two record files with one id",
    "reference": "a reference to no record, or to a record of the wrong kind",
    "archive": "an article's archived text that cannot be read",
    "excerpt-not-found": "an excerpt that is not in its article's archived text",
    "quote-not-in-excerpts": "a quote whose words appear in none of its excerpts",
    "merge-conflict": "unresolved merge-conflict markers in a record file",
    "unreported-claim": "a statement that no article reports",
    "contradiction-without-point": "two statements that contradict each other on no common point",
    "lone-contested-point": "a contested point that only one statement contests",
    "uncited-article": "an article that nothing cites",
    "idle-person": "a person with no statement and no round",
    "source-question": "what an editor would ask of a statement's or an article's sources",
    "other": "any other problem",
}
"""Every kind of problem, by the id that machine formats (json, SARIF) give it: one line each."""


@dataclass(frozen=True, order=True, slots=True)
class Problem:
    """One thing wrong (error) or suspicious (warning) in one file."""

    path: Path
    line: int
    col: int
    severity: Severity = field(compare=False)
    message: str = field(compare=False)
    record_id: str | None = field(default=None, compare=False)
    # Problems that go away with this one: references to a record whose file this error breaks.
    related: tuple[Problem, ...] = field(default=(), compare=False)
    rule: str = field(default="other", compare=False)
    """Its kind: a key of ``RULES``."""

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        """``path:line:col: severity: message`` on one line, safe to print to a terminal."""
        return self.line_text(self.severity)

    def line_text(self, label: str) -> str:
        """``path:line:col: label: message`` on one line; ``note`` for a related problem."""
        where = f"{safe(str(self.path))}:{self.line}:{self.col}"
        return f"{where}: {label}: {one_line(self.message)}"

    def to_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "rule": self.rule,
            "message": self.message,
            "id": self.record_id,
            "related": [problem.to_json() for problem in self.related],
        }
