"""`t`: every dated round and statement in date order, with side colours."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.widgets import Header

from parley.dossier.filters import TIMELINE_FACETS, Filter, Lens
from parley.dossier.index import Index
from parley.dossier.load import Dossier
from parley.dossier.model import Round, cut_at_word
from parley.dossier.text import one_line, side_label
from parley.present.timeline import timeline_view, undated_note
from parley.ui.commands import Where, bindings
from parley.ui.render import MUTED, RowRenderer, literal, side_colour
from parley.ui.screens.base import ParleyScreen
from parley.ui.widgets.keybar import KeyBar
from parley.ui.widgets.rowlist import RowList

TimelineResult = tuple[str | None, Lens]
"""The record to open (or None), and the lens as the timeline leaves it."""

ROUND_MARK = "◆ "


class TimelineRenderer(RowRenderer):
    """Statements as every list draws them; rounds as a marked line with who sat at the table."""

    def round(self, round_: Round, width: int) -> Content:
        date = one_line(round_.date_text)
        room = width - 2 - cell_len(ROUND_MARK + date) - 2
        title = cut_at_word(one_line(round_.title), room) if room >= 8 else ""
        sides: list[str | tuple[str, str]] = []
        for delegation in round_.delegations:
            sides += [("● ", side_colour(delegation.side)), side_label(delegation.side), "  "]
        place = cut_at_word(one_line(round_.place), max(width - 6, 8))
        return Content.assemble(
            (ROUND_MARK, "bold $accent"),
            (date, "bold $accent"),
            "  ",
            (title, "bold"),
            "\n  ",
            (place + "  ", MUTED),
            *sides,
        )


class TimelineScreen(ParleyScreen[TimelineResult]):
    """One list over time; enter opens the highlighted record on the main screen."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(Where.TIMELINE)
    PLACE = Where.TIMELINE
    DEFAULT_CSS = """
    TimelineScreen #timeline { height: 1fr; }
    """

    def __init__(self, dossier: Dossier, lens: Lens) -> None:
        super().__init__()
        self.dossier = dossier
        self.lens = lens

    @property
    def index(self) -> Index:
        return self.dossier.index

    def compose(self) -> ComposeResult:
        yield Header(icon="⚖")
        yield RowList(TimelineRenderer(self.index), row_height=2, id="timeline")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Timeline"
        self._list()
        self.query_one(RowList).focus()

    def _list(self, keep: str | None = None, cursor: int | None = None) -> None:
        """List the timeline under the lens, the cursor on ``keep`` where it is still listed."""
        view = timeline_view(self.index, self.lens)
        listing = self.query_one(RowList)
        listing.border_title = literal(view.title)
        listing.border_subtitle = literal(undated_note(self.index))
        listing.set_rows(
            view.rows,
            cursor_id=keep,
            cursor=cursor,
            empty=view.empty,
            renderer=TimelineRenderer(self.index, lines=2, stale=self.dossier.stale),
        )

    def _relist(self) -> None:
        listing = self.query_one(RowList)
        current = listing.current
        self._list(current.record_id if current else None, listing.cursor)

    def dossier_changed(self, dossier: Dossier) -> None:
        """List the re-read dossier, on the same record where it remains."""
        self.dossier = dossier
        self._relist()

    @on(RowList.Selected)
    def _open(self, event: RowList.Selected) -> None:
        self.dismiss((event.row.record_id, self.lens))

    def action_close(self) -> None:
        self.dismiss((None, self.lens))

    def action_filter(self) -> None:
        from parley.ui.screens.filter_form import FilterScreen

        def chosen(wanted: Filter | None) -> None:
            if wanted is not None:
                self._set_filter(wanted)

        self.app.push_screen(FilterScreen(self.index, self.lens.filter, TIMELINE_FACETS), chosen)

    def action_clear_filters(self) -> None:
        if not self.lens.filter.active:
            self.notify("No filter to clear.", timeout=2, markup=False)
            return
        self._set_filter(Filter())
        self.notify("Filters cleared.", timeout=2, markup=False)

    def _set_filter(self, wanted: Filter) -> None:
        self.lens = Lens(wanted, self.lens.sort)
        self._relist()
