"""The log of what went wrong: in the user's state folder, written only when something does.

A failure inside the app or the CLI is told to the user in one line that names this
log; the traceback goes here, never onto the terminal.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_state_path

from parley.dossier.text import clean, one_line

MAX_BYTES = 1_000_000  # then parley.log.1 … parley.log.3: a few MB at most
BACKUPS = 3


def log_path() -> Path:
    """The log: ``$XDG_STATE_HOME/parley/parley.log`` on Linux (platformdirs decides)."""
    return user_state_path("parley", appauthor=False) / "parley.log"


def describe(error: BaseException) -> str:
    """``ValueError: what it said``, on one line, safe to show."""
    said = str(error)
    name = type(error).__name__
    return one_line(f"{name}: {said}" if said else name, 300)


@dataclass(frozen=True)
class Entry:
    """Where one logged failure went: the log and the line it starts at, or why it is not there."""

    path: Path
    line: int = 1
    failed: str = ""

    @property
    def note(self) -> str:
        """``details in PATH``, for the one line the user sees."""
        if self.failed:
            return f"no details: cannot write {clean(str(self.path))}: {self.failed}"
        return f"details in {clean(str(self.path))}"


def record(what: str, error: BaseException | None = None) -> Entry:
    """Write ``what`` and the traceback of ``error`` to the log; say where it went."""
    # logging loads on the first failure: a run that goes well never needs it.
    from parley.files.logfile import write

    path = log_path()
    try:
        lines, failure = write(path, what, error, MAX_BYTES, BACKUPS)
    except OSError as failed:
        return Entry(path, failed=describe(failed))
    if failure is not None:
        return Entry(path, failed=describe(failure))
    return Entry(path, max(_line_count(path) - lines + 1, 1))


def _line_count(path: Path) -> int:
    """How many lines the log holds (it is at most ``MAX_BYTES``)."""
    try:
        return path.read_bytes().count(b"\n")
    except OSError:
        return 1
