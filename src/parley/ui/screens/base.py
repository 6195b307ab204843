"""What the screens that show a dossier share: the app, typed, and a redraw after each reload."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from textual import on
from textual.screen import Screen

from parley.dossier.load import Dossier
from parley.ui.messages import DossierChanged, parley_app

if TYPE_CHECKING:
    from parley.ui.app import ParleyApp

ResultType = TypeVar("ResultType")


class ParleyScreen(Screen[ResultType]):
    """A screen over the dossier: it shows every reload, or the app puts the last one back."""

    @property
    def parley(self) -> ParleyApp:
        """The app, typed as parley's own."""
        return parley_app(self)

    @on(DossierChanged)
    def _reloaded(self, message: DossierChanged) -> None:
        if self.shows(message.dossier):
            return
        try:
            self.dossier_changed(message.dossier)
        except Exception as error:  # the app says so and puts the last good state back
            self.parley.redraw_failed(message, error)

    def shows(self, dossier: Dossier) -> bool:
        """Whether the screen shows ``dossier`` already: then a reload has nothing to redraw."""
        return False

    def dossier_changed(self, dossier: Dossier) -> None:
        """Show a re-read dossier."""
        raise NotImplementedError
