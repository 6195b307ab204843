"""`f`: the filter picker, one section per facet with the values the dossier has."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from parley.dossier.filters import FACETS, Choice, Filter, choices
from parley.dossier.index import Index
from parley.dossier.load import Dossier
from parley.dossier.model import Kind
from parley.dossier.text import one_line
from parley.present.panes import Row, heading
from parley.ui.commands import ACTIONS, Where, bindings
from parley.ui.render import MUTED, literal
from parley.ui.screens.base import ParleyScreen
from parley.ui.widgets.keybar import KeyBar
from parley.ui.widgets.rowlist import RowList

PICKED, NOT_PICKED = "[x] ", "[ ] "
COUNT_IN_THREAD = 20_000
"""Above this many statements the values are counted off the key path (once per load)."""
Sections = list[tuple[str, list[Choice]]]


class ChoiceList(RowList):
    """The picker's list: enter, space and a click toggle a value; enter opens nothing here."""

    BINDINGS: ClassVar[list[BindingType]] = [
        a.binding() for a in ACTIONS if a.id == "filter-toggle"
    ]

    def action_pick(self) -> None:
        self.action_select()

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        index = self.row_at(self.scroll_offset.y + offset.y) if offset is not None else None
        if index is None or not self.rows[index].selectable:
            return  # a heading or below the rows: nothing to toggle
        self.cursor = index
        self.post_message(self.Selected(self, self.rows[index]))


# ModalScreen first: Textual takes a widget's CSS from its first base only.
class FilterScreen(ModalScreen[Filter | None], ParleyScreen[Filter | None]):
    """Values to pick per facet; ctrl+s applies what is picked, esc leaves the filter as it was."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(Where.FILTER)
    PLACE = Where.FILTER
    DEFAULT_CSS = """
    FilterScreen { align: center middle; }
    FilterScreen > Vertical {
        width: 70; max-width: 95%; height: 85%;
        border: round $accent; background: $surface;
    }
    FilterScreen #filter-summary { color: $text-muted; padding: 0 1; height: auto; }
    FilterScreen #filter-buttons { height: auto; align: right middle; }
    FilterScreen #filter-buttons Button { margin: 0 1; min-width: 12; }
    FilterScreen KeyBar { dock: none; }
    """

    def __init__(self, index: Index, current: Filter, facets: Iterable[str] = FACETS) -> None:
        super().__init__()
        self.index = index
        self.facets = tuple(facets)
        self.wanted = current
        self.choices: list[Choice] = []

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Filter statements"
            yield ChoiceList(self._render_choice, empty="Nothing to filter by.", id="choices")
            yield Static("", id="filter-summary", markup=False)
            with Horizontal(id="filter-buttons"):
                yield Button("Apply", id="apply", variant="primary")
                yield Button("Cancel", id="cancel")
            yield KeyBar()

    class Listed(Message):
        """The picker lists the values of its dossier (at once, or once counted)."""

    def on_mount(self) -> None:
        listing = self.query_one(RowList)
        listing.styles.border = ("none", "black")  # the box has one: no second inside it
        self._offer()
        listing.focus()

    def _offer(self, cursor: int | None = None) -> None:
        """List the values; in a big dossier, counted in a thread while the screen stays live."""
        if self.index.count(Kind.CLAIM) <= COUNT_IN_THREAD:
            self._list(choices(self.index, self.facets), cursor)
            return
        self.query_one(RowList).set_rows((), empty="Counting the values in this dossier…")
        self.run_worker(self._count(self.index, cursor), exclusive=True, group="count")

    async def _count(self, index: Index, cursor: int | None) -> None:
        from parley.ui.app import in_daemon_thread

        offered = await in_daemon_thread(lambda: choices(index, self.facets))
        if index is self.index:  # after a reload, the reload's own count lists
            self._list(offered, cursor)

    def _list(self, offered: Sections, cursor: int | None = None) -> None:
        """One heading per facet, then its values; the cursor on the first value."""
        rows: list[Row] = []
        self.choices = []
        for title, values in offered:
            rows.append(heading(title))
            for choice in values:
                rows.append(Row(position=len(self.choices)))
                self.choices.append(choice)
        self.query_one(RowList).set_rows(rows, cursor=cursor)
        self._summarise()
        self.post_message(self.Listed())

    def _render_choice(self, row: Row, width: int) -> Content:
        choice = self.choices[row.position or 0]
        mark = PICKED if choice.picked(self.wanted) else NOT_PICKED
        count = f"  {choice.count}"
        label = one_line(choice.label)
        room = max(width - 2 - len(mark) - len(count), 4)
        if len(label) > room:
            label = label[: room - 1] + "…"
        return Content.assemble((mark, "bold"), label, (count, MUTED))

    def _summarise(self) -> None:
        said = self.wanted.describe(self.index)
        self.query_one("#filter-summary", Static).update(
            literal(f"Filter: {said}" if said else "No filter: every statement is listed.")
        )

    def _redraw(self) -> None:
        listing = self.query_one(RowList)
        listing.set_rows(listing.rows, cursor=listing.cursor, announce=False)
        self._summarise()

    # -- actions -------------------------------------------------------------------

    @on(RowList.Selected)
    def _selected(self) -> None:
        self.action_pick()

    def action_pick(self) -> None:
        row = self.query_one(RowList).current
        if row is None or row.position is None:
            return
        choice = self.choices[row.position]
        self.wanted = self.wanted.toggled(choice.facet, choice.value)
        self._redraw()

    def action_clear(self) -> None:
        """Drop every value this picker shows; facets it does not show stay as they were."""
        self.wanted = self.wanted.only(f for f in FACETS if f not in self.facets)
        self._redraw()

    def action_apply(self) -> None:
        self.dismiss(self.wanted)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#apply")
    def _apply_pressed(self) -> None:
        self.action_apply()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def dossier_changed(self, dossier: Dossier) -> None:
        """Offer the values of the re-read dossier, keeping what is picked."""
        self.index = dossier.index
        self._offer(self.query_one(RowList).cursor)
