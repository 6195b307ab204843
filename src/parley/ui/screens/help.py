"""`?`: every key, made from the same table as the bindings and the palette."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from parley.ui.commands import APP_ACTIONS, PANE_KEYS, SCREEN_ACTIONS


def help_content() -> Content:
    parts: list[Content] = []

    def section(title: str, rows: list[tuple[str, str]]) -> None:
        parts.append(Content.styled(f"{title}\n", "bold $accent"))
        for keys, what in rows:
            parts.append(Content.assemble((f"  {keys:<20}", "bold"), what, "\n"))
        parts.append(Content("\n"))

    section("Moving", PANE_KEYS)
    section("Browsing", [(a.keys_text, a.description) for a in SCREEN_ACTIONS])
    section("Anywhere", [(a.keys_text, a.description) for a in APP_ACTIONS])
    section(
        "Disputes view",
        [("← h / → l", "Previous / next version"), ("enter", "Open the claim"),
         ("esc", "Back to the browser")],
    )  # fmt: skip
    section(
        "Problems view",
        [("enter", "Open the file at the problem's line in $EDITOR"), ("esc / !", "Back")],
    )
    section(
        "New record and add-report forms",
        [("tab / shift+tab", "Next / previous field"),
         ("enter", "On a reference field: pick from a searchable list"),
         ("ctrl+r", "Add a reporting article and its excerpt (claims)"),
         ("ctrl+s", "Save: writes the file once every field is valid"),
         ("esc", "Cancel")],
    )  # fmt: skip
    return Content.assemble(*parts)


class HelpScreen(ModalScreen[None]):
    """All keys; any of escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", show=True),
        Binding("j,down", "scroll('down')", "Down", show=False),
        Binding("k,up", "scroll('up')", "Up", show=False),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 76; max-width: 95%; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 1 2;
    }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll() as box:
            box.border_title = "Keys"
            box.border_subtitle = "esc closes"
            yield Static(help_content(), markup=False)

    def action_scroll(self, direction: str) -> None:
        box = self.query_one(VerticalScroll)
        box.scroll_down() if direction == "down" else box.scroll_up()
