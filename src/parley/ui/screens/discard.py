"""The question a form asks before what was typed in it is thrown away."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import ModalScreen
from textual.widgets import Static

from parley.ui.commands import Where, bindings
from parley.ui.widgets.keybar import KeyBar


class DiscardForm(ModalScreen[bool]):
    """Asks before a form with typed text is thrown away: true to discard."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(Where.DISCARD)
    DEFAULT_CSS = """
    DiscardForm { align: center middle; }
    DiscardForm #question {
        width: auto; height: auto; padding: 1 2; border: round $error; background: $surface;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static("Throw away what you typed?  y / enter: discard · n / esc: keep editing",
                     id="question", markup=False)  # fmt: skip
        yield KeyBar()

    def action_discard(self) -> None:
        self.dismiss(True)

    def action_keep(self) -> None:
        self.dismiss(False)
