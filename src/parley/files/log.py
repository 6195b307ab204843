"""The log of what went wrong: in the user's state folder, written only when something does.

A failure inside the app or the CLI is told to the user in one line that names this
log; the traceback goes here, never onto the terminal.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from logging.handlers import RotatingFileHandler
from pathlib import Path

from platformdirs import user_state_path

from parley.dossier.text import clean, one_line

MAX_BYTES = 1_000_000  # then parley.log.1 … parley.log.3: a few MB at most
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(message)s"

_logger = logging.getLogger("parley")
_logger.propagate = False  # the root logger's handlers write to the terminal


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


class _Handler(RotatingFileHandler):
    """A rotating log that keeps why a write failed instead of printing it to stderr."""

    failure = ""

    def handleError(self, record: logging.LogRecord) -> None:
        error = sys.exc_info()[1]
        self.failure = describe(error) if error is not None else "unknown error"


class _SafeFormatter(logging.Formatter):
    """Log lines with control characters and escape codes made visible, like the screen."""

    def format(self, record: logging.LogRecord) -> str:
        return clean(super().format(record))


_handler: _Handler | None = None


def _handler_for(path: Path) -> _Handler:
    """The handler writing to ``path``, made on first use so a normal run writes nothing."""
    global _handler
    wanted = os.path.abspath(path)
    if _handler is not None and _handler.baseFilename == wanted:
        return _handler
    if _handler is not None:
        _logger.removeHandler(_handler)
        _handler.close()
        _handler = None
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = _Handler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True)
    handler.setFormatter(_SafeFormatter(FORMAT))
    _logger.addHandler(handler)
    _handler = handler
    return handler


def record(what: str, error: BaseException | None = None) -> Entry:
    """Write ``what`` and the traceback of ``error`` to the log; say where it went."""
    path = log_path()
    try:
        handler = _handler_for(path)
    except OSError as failure:
        return Entry(path, failed=describe(failure))
    exc_info = (type(error), error, error.__traceback__) if error is not None else None
    entry = _logger.makeRecord(_logger.name, logging.ERROR, __name__, 0, what, (), exc_info)
    lines = handler.format(entry).count("\n") + 1
    handler.failure = ""
    _logger.handle(entry)
    if handler.failure:
        return Entry(path, failed=handler.failure)
    return Entry(path, max(_line_count(path) - lines + 1, 1))


def _line_count(path: Path) -> int:
    """How many lines the log holds (it is at most ``MAX_BYTES``)."""
    try:
        return path.read_bytes().count(b"\n")
    except OSError:
        return 1
