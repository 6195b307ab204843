"""Messages the app posts about the dossier: what happened, in the past tense.

Screens handle them with ``@on(...)``; tests await them (``run_test(message_hook=...)``)
instead of sleeping, so they wait for exactly the event they mean.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual.message import Message
from textual.message_pump import MessagePump

from parley.dossier.load import Dossier

if TYPE_CHECKING:
    from parley.ui.app import ParleyApp


def parley_app(node: MessagePump) -> ParleyApp:
    """The app a screen or widget runs in, typed as parley's own."""
    return cast("ParleyApp", node.app)


class DossierOpened(Message):
    """The browser opened on a loaded dossier."""

    def __init__(self, dossier: Dossier) -> None:
        super().__init__()
        self.dossier = dossier


class LoadProgress(Message):
    """Opening the folder: ``done`` files read of ``total``; the links are checked once
    ``done == total``."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class WatcherReady(Message):
    """The folder watcher runs: every change on disk from now on is seen."""


class DossierChanged(Message):
    """A reload was applied: the new dossier, and the files that were added, changed or removed.

    Posted to every screen on the stack; each screen that shows dossier data redraws from it.
    """

    def __init__(
        self, dossier: Dossier, changed: frozenset[Path], previous: Dossier | None = None
    ) -> None:
        super().__init__()
        self.dossier = dossier
        self.changed = changed
        self.previous = previous  # what was shown before: the last good state


class AppProblemsChanged(Message):
    """A failure of the app itself was reported or cleared: problem counts change."""


# -- git: a record's history, the changes since a revision ----------------------------


class GitRowsRead(Message):
    """A history or changes view's worker read more rows from git (a batch, in order)."""

    def __init__(self, rows: list[object], notes: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.rows = rows
        self.notes = notes  # what the user should know of the whole (a shallow clone)


class GitReadEnded(Message):
    """The worker is done: ``error`` says why it stopped short (None: it read everything)."""

    def __init__(
        self, error: str | None = None, stopped: bool = False, cause: Exception | None = None
    ) -> None:
        super().__init__()
        self.error = error
        self.stopped = stopped
        self.cause = cause
