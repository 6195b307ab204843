"""Writing the log file (``log.record``), apart so that ``logging`` loads only on a failure."""

from __future__ import annotations

import logging
import os
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from parley.dossier.text import clean

FORMAT = "%(asctime)s %(levelname)s %(message)s"

_logger = logging.getLogger("parley")
_logger.propagate = False  # the root logger's handlers write to the terminal


class _Handler(RotatingFileHandler):
    """A rotating log that keeps why a write failed instead of printing it to stderr."""

    failure: BaseException | None = None

    def handleError(self, record: logging.LogRecord) -> None:
        self.failure = sys.exc_info()[1] or OSError("unknown error")


class _SafeFormatter(logging.Formatter):
    """Log lines with control characters and escape codes made visible, like the screen."""

    def format(self, record: logging.LogRecord) -> str:
        return clean(super().format(record))


_handler: _Handler | None = None


def _handler_for(path: Path, max_bytes: int, backups: int) -> _Handler:
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
    handler = _Handler(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8", delay=True)
    handler.setFormatter(_SafeFormatter(FORMAT))
    _logger.addHandler(handler)
    _handler = handler
    return handler


def write(
    path: Path, what: str, error: BaseException | None, max_bytes: int, backups: int
) -> tuple[int, BaseException | None]:
    """Log ``what`` and the traceback of ``error`` to ``path``, rotated at ``max_bytes`` into
    ``backups`` old files: the lines written, and why the write failed (None when it did
    not). Raises OSError when the log cannot be opened."""
    handler = _handler_for(path, max_bytes, backups)
    exc_info = (type(error), error, error.__traceback__) if error is not None else None
    entry = _logger.makeRecord(_logger.name, logging.ERROR, __name__, 0, what, (), exc_info)
    lines = handler.format(entry).count("\n") + 1
    handler.failure = None
    _logger.handle(entry)
    return lines, handler.failure
