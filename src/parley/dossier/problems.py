"""Problems found in a dossier, each pointing at a file, a line and a column."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from parley.dossier.text import one_line, safe

Severity = Literal["error", "warning"]


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
