"""Problems found in a dossier, each pointing at a file, a line and a column."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model import Severity


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (error) or suspicious (warning) in one file."""

    path: Path
    line: int
    col: int
    severity: Severity = field(compare=False)
    message: str = field(compare=False)
    record_id: str | None = field(default=None, compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "message": self.message,
            "id": self.record_id,
        }
