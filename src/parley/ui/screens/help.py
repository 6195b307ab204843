"""`?`: what the marks in the lists mean, and every key, made from the action table."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from parley.present.panes import GLYPHS
from parley.ui.commands import Where, bindings, help_sections, keys_text

KEYS_WIDTH = 20  # the key column, a space included


def help_content(keymap: Mapping[str, str] | None = None) -> Content:
    """Every mark and every key of every screen, from the action table and the keymap."""
    parts: list[Content] = [Content.styled("Marks in the lists\n", "bold $accent")]
    for mark, meaning in GLYPHS:
        pad = " " * (KEYS_WIDTH - 1 - cell_len(mark))  # ⚡ takes two cells
        parts.append(Content.assemble((f"  {mark}{pad} ", "bold"), meaning, "\n"))
    parts.append(Content("\n"))
    for title, actions in help_sections():
        parts.append(Content.styled(f"{title}\n", "bold $accent"))
        for action in actions:
            keys = f"  {keys_text(action, keymap or {}):<{KEYS_WIDTH - 1}} "
            parts.append(Content.assemble((keys, "bold"), action.description, "\n"))
        parts.append(Content("\n"))
    return Content.assemble(*parts)


class HelpScreen(ModalScreen[None]):
    """All keys; any of escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(Where.HELP)
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 88; max-width: 95%; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 1 2;
    }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll() as box:
            box.border_title = "Keys"
            box.border_subtitle = "esc closes"
            yield Static(help_content(getattr(self.app, "keymap", None)), markup=False)

    def action_scroll(self, direction: str) -> None:
        box = self.query_one(VerticalScroll)
        box.scroll_down() if direction == "down" else box.scroll_up()
