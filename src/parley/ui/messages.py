"""Messages the app posts about the dossier: what happened, in the past tense.

Screens handle them with ``@on(...)``; tests await them (``run_test(message_hook=...)``)
instead of sleeping, so they wait for exactly the event they mean.
"""

from __future__ import annotations

from pathlib import Path

from textual.message import Message

from ..load import Dossier


class DossierOpened(Message):
    """The browser opened on a loaded dossier."""

    def __init__(self, dossier: Dossier) -> None:
        super().__init__()
        self.dossier = dossier


class WatcherReady(Message):
    """The folder watcher runs: every change on disk from now on is seen."""


class DossierChanged(Message):
    """A reload was applied: the new dossier, and the files that were added, changed or removed.

    Posted to every screen on the stack; each screen that shows dossier data redraws from it.
    """

    def __init__(self, dossier: Dossier, changed: frozenset[Path]) -> None:
        super().__init__()
        self.dossier = dossier
        self.changed = changed
