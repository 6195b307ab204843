"""What the screens that show a dossier share: the app, typed, and a redraw after each reload."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from textual import events, on
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from parley.dossier.load import Dossier
from parley.files.scaffold import READ_ONLY
from parley.ui.messages import DossierChanged, parley_app

if TYPE_CHECKING:
    from parley.ui.app import ParleyApp

ResultType = TypeVar("ResultType")

# Below this the panes cannot show a statement, and Tab would reach panes drawn off-screen.
MIN_WIDTH, MIN_HEIGHT = 60, 16


class ParleyScreen(Screen[ResultType]):
    """A screen over the dossier: it shows every reload, or the app puts the last one back."""

    @property
    def parley(self) -> ParleyApp:
        """The app, typed as parley's own."""
        return parley_app(self)

    _focus_before_small: Widget | None = None

    def writable(self) -> bool:
        """Whether the folder may be written; says why not when it is the shipped example."""
        return writable(self)

    @on(events.Resize)
    def _check_size(self, event: events.Resize) -> None:
        """Below a usable size, cover the screen with a message and take focus away."""
        width, height = event.size
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        if small:
            message = (
                f"parley needs a terminal of at least {MIN_WIDTH}×{MIN_HEIGHT};"
                f" this one is {width}×{height}.\nMake it larger to go on."
            )
            notice = self.query("#too-small")
            if notice:
                notice.first(Static).update(message)
            else:
                self.mount(Static(message, id="too-small", markup=False))
            if self.focused is not None:
                self._focus_before_small = self.focused
                self.set_focus(None)
        elif self.has_class("-too-small"):
            restore, self._focus_before_small = self._focus_before_small, None
            if restore is not None and restore.is_attached:
                self.call_after_refresh(restore.focus)
        self.set_class(small, "-too-small")

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


def writable(screen: Screen[Any]) -> bool:
    """Whether ``screen``'s app may write its folder; says why not for the shipped example."""
    if not parley_app(screen).shipped:
        return True
    screen.notify(f"Not here: {READ_ONLY}.", severity="warning", timeout=8, markup=False)
    return False
