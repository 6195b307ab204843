"""`/`: find any record by name, alias or text, whatever the spelling."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from parley.dossier.load import Dossier
from parley.dossier.model import Kind
from parley.dossier.search import Hit, SearchIndex
from parley.dossier.text import one_line, plural
from parley.present.panes import Row
from parley.ui.commands import Where, bindings
from parley.ui.render import literal
from parley.ui.screens.base import ParleyScreen
from parley.ui.widgets.rowlist import RowList


# ModalScreen first: Textual takes a widget's CSS from its first base only.
class SearchScreen(ModalScreen[str | None], ParleyScreen[str | None]):
    """A query box over ranked results; enter jumps to the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(Where.SEARCH)
    DEFAULT_CSS = """
    SearchScreen { align: center top; }
    SearchScreen > Vertical {
        width: 90%; max-width: 110; height: 80%; margin-top: 2;
        border: round $accent; background: $surface;
    }
    SearchScreen Input { margin: 0 0 1 0; width: 100%; }
    SearchScreen RowList { border: none; }
    SearchScreen #search-summary { color: $text-muted; padding: 0 1; }
    """

    def __init__(
        self, index: SearchIndex, kinds: frozenset[Kind] | None = None, query: str = ""
    ) -> None:
        super().__init__()
        self.search_index = index
        self.kinds = kinds
        self.initial_query = query
        self.hits: dict[str, Hit] = {}

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = (
                "Pick " + " or ".join(f"{k.value}s" for k in self.kinds)
                if self.kinds
                else "Search people, claims, articles, rounds"
            )
            yield Input(
                self.initial_query, placeholder="a name in any spelling, a title, words of a claim…"
            )
            yield Static("", id="search-summary", markup=False)
            yield RowList(self._render_hit, row_height=2, empty="Type to search.", id="results")

    def _render_hit(self, row: Row, width: int) -> Content:
        hit = self.hits.get(row.record_id or "")
        if hit is None:
            return Content("")
        return Content.assemble(
            (f"{hit.kind.label:<8}", "bold $accent"),
            (one_line(hit.label), "bold"),
            "\n",
            ("        ", ""),
            (one_line(hit.describe), "dim"),
        )

    def on_mount(self) -> None:
        # A picker lists its choices at once, before anything is typed.
        if self.kinds is not None:
            self._search(self.initial_query)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    def _search(self, query: str, keep: str | None = None) -> None:
        """List the hits for ``query``, the cursor on ``keep`` if it is still found."""
        hits = self.search_index.search(query, limit=100, kinds=self.kinds)
        self.hits = {h.record_id: h for h in hits}
        results = self.query_one(RowList)
        results.set_rows([Row(h.record_id) for h in hits], cursor_id=keep, empty="No match.")
        query = query.strip()
        self.query_one("#search-summary", Static).update(
            literal(f"{plural(len(hits), 'result')} for {query!r}" if query else "")
        )

    def dossier_changed(self, dossier: Dossier) -> None:
        """Search the re-read dossier: the same query, on the same hit where it remains."""
        self.search_index = self.parley.search_index()
        current = self.query_one(RowList).current
        self._search(self.query_one(Input).value, current.record_id if current else None)

    def action_move(self, delta: int) -> None:
        results = self.query_one(RowList)
        results.action_cursor_down() if delta > 0 else results.action_cursor_up()

    @on(Input.Submitted)
    def action_choose(self) -> None:
        row = self.query_one(RowList).current
        if row is not None:
            self.dismiss(row.record_id)

    @on(RowList.Selected)
    def _picked(self, event: RowList.Selected) -> None:
        self.dismiss(event.row.record_id)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
