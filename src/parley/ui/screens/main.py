"""The browser: a navigator, two linked panes and a detail pane.

The screen owns the state (which kind is listed, which record is picked, which
row the first linked pane highlights). Panes only post messages; the screen
updates its state and redraws the panes that depend on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Header, Static, Tab, Tabs

from parley.dossier.filters import ARTICLE_FACETS, Filter, Lens
from parley.dossier.index import Index
from parley.dossier.load import Dossier
from parley.dossier.model import Claim, Kind
from parley.dossier.text import plural, safe
from parley.export.scope import Scope
from parley.present.history import History
from parley.present.panes import (
    LEGEND,
    NO_LENS,
    PaneView,
    Row,
    linked_view,
    narrowed,
    navigator_row_height,
    navigator_rows,
    no_match,
    related_view,
)
from parley.ui.commands import ACTIONS, Where, bindings, keys_text
from parley.ui.messages import AppProblemsChanged
from parley.ui.render import RowRenderer, detail, literal
from parley.ui.screens import main_cite
from parley.ui.screens import main_editing as editing
from parley.ui.screens.base import ParleyScreen
from parley.ui.widgets.detail import DetailPane
from parley.ui.widgets.keybar import KeyBar
from parley.ui.widgets.rowlist import RowList

if TYPE_CHECKING:
    from parley.ui.screens.import_file import ImportDone

PANES = ("navigator", "top", "bottom", "detail")


@dataclass(frozen=True)
class Place:
    """Where the user is: enough to come back to it exactly."""

    kind: Kind
    selected: str | None
    top: tuple[str | None, str | None]
    bottom: tuple[str | None, str | None]
    focus: str
    detail: tuple[str | None, str | None] = (None, None)  # the record the record pane shows


class MainScreen(ParleyScreen[None]):
    """Linked panes over one dossier."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(Where.MAIN)
    # Narrow screens give the navigator's room to the statements when focus leaves it.
    # (Textual declares it `ClassVar[...] | None`, which mypy reads as an instance variable.)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (150, "-wide")]  # noqa: RUF012
    ALLOW_IN_MAXIMIZED_VIEW = "Header, #statusbar"  # `z` keeps the keys and the counts in view

    def __init__(self, dossier: Dossier) -> None:
        super().__init__()
        self.dossier = dossier
        self.kind = Kind.PERSON  # the kind the navigator lists
        self.selected: str | None = None  # the record picked in the navigator
        self.history: History[Place] = History()
        self.awaiting_import: ImportDone | None = None  # opened in the reader once loaded
        self._nav_rows: dict[Kind, Sequence[Row]] = {}
        self._top_row: Row | None = None
        self._tab_places: dict[Kind, tuple[Place, dict[str, int]]] = {}  # each tab's last place
        self._detail_shown: tuple[str | None, str | None] = (None, None)
        self._linked = "top"  # the linked pane last focused: where `l` goes back to
        self.lens = NO_LENS  # the filter and sort: kept across pages and reloads
        index = dossier.index
        self._start = (
            (Kind.PERSON, index.most_quoted_person())
            if index.count(Kind.PERSON)
            else (Kind.ROUND, None)
        )

    @property
    def index(self) -> Index:
        return self.dossier.index

    # -- layout ----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(icon="⚖")
        yield Tabs(
            *[Tab(self._tab_label(k), id=f"tab-{k.value}") for k in Kind],
            active=f"tab-{self._start[0].value}",
            id="tabs",
        )
        with Horizontal(id="body"):
            yield RowList(RowRenderer(self.index), id="navigator")
            with Vertical(id="linked"):
                yield RowList(RowRenderer(self.index), id="top")
                yield RowList(RowRenderer(self.index), id="bottom")
            yield DetailPane(id="detail")
        with Horizontal(id="statusbar"):
            yield KeyBar()
            yield Static(id="problems", markup=False)

    def _tab_label(self, kind: Kind) -> str:
        number = list(Kind).index(kind) + 1
        names = {Kind.PERSON: "People"}
        return f"{number} {names.get(kind, kind.label + 's')} ({self.index.count(kind)})"

    def on_mount(self) -> None:
        self.query_one(Tabs).can_focus = False
        self.title = "parley"
        self.sub_title = (
            "the example that comes with parley: read-only"
            if self.parley.shipped
            else safe(str(self.dossier.root))
        )
        self.show_problem_count()
        self.show_kind_now(*self._start)
        self.navigator.focus()

    def show_problem_count(self) -> None:
        own = len(self.parley.app_problems)  # the app's own failures
        errors, warnings = own + len(self.dossier.errors), len(self.dossier.warnings)
        text = (
            f" ✖ {plural(errors, 'error')}  ⚠ {plural(warnings, 'warning')} "
            if errors or warnings
            else " ✔ no problems "
        )
        status = self.query_one("#problems", Static)
        status.update(text)
        status.set_class(errors > 0, "-errors")

    @on(AppProblemsChanged)
    def app_problems_changed(self) -> None:
        self.show_problem_count()

    # -- panes -------------------------------------------------------------------

    @property
    def navigator(self) -> RowList:
        return self.query_one("#navigator", RowList)

    @property
    def top(self) -> RowList:
        return self.query_one("#top", RowList)

    @property
    def bottom(self) -> RowList:
        return self.query_one("#bottom", RowList)

    def _fill(self, pane: RowList, view: PaneView, cursor: tuple[str | None, str | None]) -> None:
        pane.border_title = literal(view.title)
        pane.border_subtitle = view.legend if len(view.rows) else ""
        pane.set_rows(
            view.rows,
            announce=False,
            empty=view.empty,
            row_height=view.row_height,
            renderer=RowRenderer(
                self.index, self.selected, lines=view.row_height, stale=self.dossier.stale
            ),
        )
        if cursor[0] is not None:
            found = pane.index_of(cursor[0], cursor[1])
            if found is not None:
                pane.move_quietly(found)

    def _update_linked(
        self,
        top: tuple[str | None, str | None] = (None, None),
        bottom: tuple[str | None, str | None] = (None, None),
    ) -> None:
        self._fill(self.top, linked_view(self.index, self.selected, self.lens), top)
        self._top_row = self.top.current
        self._fill(
            self.bottom, related_view(self.index, self.selected, self._top_row, self.lens), bottom
        )
        self._update_detail()

    def _update_bottom(self) -> None:
        self._fill(
            self.bottom,
            related_view(self.index, self.selected, self._top_row, self.lens),
            (None, None),
        )

    def focused_pane(self) -> RowList | None:
        focused = self.focused
        if isinstance(focused, RowList):
            return focused
        return None

    def _update_detail(self) -> None:
        pane = self.focused_pane()
        if pane is None:
            if isinstance(self.focused, DetailPane):
                return
            pane = self.navigator
        row = pane.current
        self._show_detail(row.record_id if row else self.selected, row.claim_id if row else None)

    def _show_detail(self, target: str | None, claim_id: str | None = None) -> None:
        self._detail_shown = (target, claim_id)
        problems = self.dossier.problems_of(target) if target in self.dossier.stale else []
        self.query_one(DetailPane).show(detail(self.index, target, claim_id, problems))

    # -- state changes ------------------------------------------------------------

    def show_kind_now(
        self, kind: Kind, selected: str | None = None, cursor: int | None = None
    ) -> None:
        """List ``kind`` in the navigator, with the cursor on ``selected`` if given."""
        if kind != self.kind:
            self._remember_tab()
        remembered = self._tab_places.get(kind) if selected is None and cursor is None else None
        if remembered is not None:
            selected = remembered[0].selected
        self.kind = kind
        tabs = self.query_one(Tabs)
        if tabs.active != f"tab-{kind.value}":
            tabs.active = f"tab-{kind.value}"
        rows = self._nav_rows.get(kind)
        if rows is None:
            rows = self._nav_rows[kind] = navigator_rows(self.index, kind, self.lens)
        navigator = self.navigator
        navigator.border_title = literal(self._navigator_title(kind, len(rows)))
        navigator.border_subtitle = LEGEND if kind is Kind.CLAIM else ""
        navigator.set_class(kind is Kind.CLAIM, "-statements")
        height = navigator_row_height(kind)
        navigator.set_rows(
            rows,
            announce=False,
            cursor_id=selected,
            cursor=cursor,
            empty=self._navigator_empty(kind),
            row_height=height,
            renderer=RowRenderer(self.index, lines=height, stale=self.dossier.stale),
        )
        current = navigator.current
        self.selected = current.record_id if current else None
        if remembered is None:
            self._update_linked()
            return
        place, scroll = remembered
        self._update_linked(place.top, place.bottom)
        for pane in (navigator, self.top, self.bottom):
            pane.scroll_to_line(scroll.get(pane.id or "", 0))

    def _narrows(self, kind: Kind) -> bool:
        """Whether the lens changes the navigator's list of ``kind``."""
        if kind is Kind.CLAIM:
            return self.lens.active
        return kind is Kind.ARTICLE and self.lens.filter.narrows_articles

    def _navigator_title(self, kind: Kind, shown: int) -> str:
        """The tab's name and count; narrowed, how many of how many and by what."""
        title = self._tab_label(kind)[2:]
        if not self._narrows(kind):
            return title
        if self.lens.filter.active:
            name = title.rsplit(" (", 1)[0]
            title = f"{name} ({shown} of {self.index.count(kind)})"
        if kind is Kind.ARTICLE:
            return f"{title} · {self._article_filter().describe(self.index)}"
        return narrowed(title, self.lens, self.index)

    def _article_filter(self) -> Filter:
        """The part of the filter that narrows articles."""
        return self.lens.filter.only(ARTICLE_FACETS)

    def _navigator_empty(self, kind: Kind) -> str:
        if self.index.count(kind) and self._narrows(kind) and self.lens.filter.active:
            lens = Lens(self._article_filter()) if kind is Kind.ARTICLE else self.lens
            return no_match(lens, self.index, f"{kind.value}s")
        if not self.index.count(kind) and not self.parley.shipped:
            new = next(a for a in ACTIONS if a.id == "new")
            key = keys_text(new, self.parley.keymap)
            return f"No {kind.folder} yet: press {key} to add one."
        return f"No {kind.label.lower()}s in this dossier."

    def _remember_tab(self) -> None:
        """Keep the tab's selection, cursors and scroll, for when it is shown again."""
        if self.navigator.rows:
            scroll = {
                p.id or "": p.scroll_offset.y for p in (self.navigator, self.top, self.bottom)
            }
            self._tab_places[self.kind] = (self.place(), scroll)

    def place(self) -> Place:
        focused = self.focused
        focus = focused.id if isinstance(focused, Widget) and focused.id in PANES else "navigator"
        top, bottom = self.top.current, self.bottom.current
        return Place(
            self.kind,
            self.selected,
            (top.record_id, top.claim_id) if top else (None, None),
            (bottom.record_id, bottom.claim_id) if bottom else (None, None),
            focus or "navigator",
            self._detail_shown,
        )

    def restore(self, place: Place) -> None:
        self.show_kind_now(place.kind, place.selected)
        self._update_linked(place.top, place.bottom)
        self.query_one(f"#{place.focus}").focus()
        if place.focus == "detail" and place.detail[0] in self.index:
            self._show_detail(*place.detail)  # the record pane shows what it showed
        else:
            self.call_after_refresh(self._update_detail)

    def go_to(self, record_id: str) -> None:
        """Open a record's own page, remembering where we were."""
        record = self.index.get(record_id)
        if record is None:
            self.notify(safe(f"No record {record_id!r}"), severity="warning", markup=False)
            return
        self.history.visit(self.place())
        self.show_kind_now(record.kind, record_id)
        if record.kind is Kind.CLAIM:
            # A statement opens to be read: whole, in the record pane, which takes the focus.
            self._show_detail(record_id)
            self.query_one(DetailPane).focus()
        else:
            self.navigator.focus()

    # -- messages from panes -------------------------------------------------------

    @on(RowList.Highlighted)
    def _highlighted(self, event: RowList.Highlighted) -> None:
        pane = event.rowlist
        if pane.id == "navigator":
            record_id = event.row.record_id if event.row else None
            if record_id != self.selected:
                self.selected = record_id
                self._update_linked()
                return
        elif pane.id == "top" and event.row != self._top_row:
            self._top_row = event.row
            self._update_bottom()
        if pane is self.focused:
            self._update_detail()

    @on(RowList.Selected)
    def _selected(self, event: RowList.Selected) -> None:
        if event.rowlist.id == "navigator":
            (self.top if self.top.rows else self.query_one(DetailPane)).focus()
        elif event.row.record_id:
            self.go_to(event.row.record_id)

    @on(Tabs.TabActivated)
    def _tab(self, event: Tabs.TabActivated) -> None:
        kind = Kind((event.tab.id or "tab-person").removeprefix("tab-"))
        if kind != self.kind:
            self.history.visit(self.place())
            self.show_kind_now(kind)

    def on_descendant_focus(self) -> None:
        focused = self.focused
        if focused is not None and focused.id in ("top", "bottom"):
            self._linked = focused.id
        self._update_detail()

    # -- actions -----------------------------------------------------------------

    def action_show_kind(self, kind: str) -> None:
        if Kind(kind) != self.kind:
            self.history.visit(self.place())
            self.show_kind_now(Kind(kind))
        self.navigator.focus()

    def action_back(self) -> None:
        self._return_to(self.history.back(self.place()), "back")

    def action_forward(self) -> None:
        self._return_to(self.history.forward(self.place()), "forward")

    def _return_to(self, place: Place | None, direction: str) -> None:
        if place is None:
            self.notify(f"Nothing to go {direction} to.", timeout=2, markup=False)
        else:
            self.restore(place)

    def action_toggle_maximize(self) -> None:
        """``z``: the focused pane fills the screen; again, the panes come back."""
        if self.maximized is not None:
            self.minimize()
        elif self.focused is not None:
            self.maximize(self.focused, container=False)

    def action_focus_navigator(self) -> None:
        self.navigator.focus()

    def action_focus_pane(self, step: int) -> None:
        """Focus the pane ``step`` columns over: navigator, linked panes, record."""
        focused = self.focused
        column = {"navigator": 0, "top": 1, "bottom": 1, "detail": 2}.get(
            focused.id if isinstance(focused, Widget) and focused.id else "", 0
        )
        target = max(0, min(column + step, 2))
        if target == column:
            return
        if target == 1:
            # The linked pane last used, or the other one when it is empty.
            first, second = (
                (self.bottom, self.top) if self._linked == "bottom" else (self.top, self.bottom)
            )
            pane = first if first.rows or not second.rows else second
            if pane.rows:
                pane.focus()
                return
            target = column + 2 * step  # both empty: on past them
        (self.navigator if target <= 0 else self.query_one(DetailPane)).focus()

    def action_search(self) -> None:
        from parley.ui.screens.search import SearchScreen

        def found(record_id: str | None) -> None:
            if record_id:
                self.go_to(record_id)

        self.app.push_screen(SearchScreen(self.parley.search_index()), found)

    # -- editing: the flows live in main_editing ------------------------------------

    async def action_edit(self) -> None:
        if self.writable():
            await editing.edit(self)

    def action_new(self) -> None:
        if self.writable():
            editing.new_record(self)

    def action_add_report(self) -> None:
        if self.writable():
            editing.add_report(self)

    # -- sources: the flows live in main_cite ----------------------------------------

    def action_cite(self) -> None:
        main_cite.copy_citation(self)

    def action_open_source(self) -> None:
        main_cite.open_source(self)

    def action_read(self) -> None:
        from parley.ui.screens.reader import open_reader

        open_reader(self)

    def action_import_file(self) -> None:
        from parley.ui.screens.import_file import import_file

        if self.writable():
            import_file(self)

    # -- git: a record's history, the changes since a revision --------------------------

    def action_history(self) -> None:
        from parley.ui.screens.history import HistoryScreen

        record_id = main_cite.target(self)
        record = self.index.get(record_id) if record_id else None
        path = self.index.path(record_id) if record_id else None
        if record is None or path is None:
            self.notify("H shows the history of a record: highlight one first.",
                        severity="warning", markup=False)  # fmt: skip
            return
        self.app.push_screen(HistoryScreen(self.dossier.root, record.id, path, record.title_text))

    def action_changes(self) -> None:
        from parley.ui.screens.changes import AskRevision, ChangesScreen

        def asked(spec: str | None) -> None:
            if spec:
                self.app.push_screen(ChangesScreen(self.dossier.root, spec))

        self.app.push_screen(AskRevision(), asked)

    def action_problems(self) -> None:
        from parley.ui.screens.problems import ProblemsScreen

        self.app.push_screen(ProblemsScreen(self.dossier))

    # -- exports: briefs -------------------------------------------------------------

    def action_export_brief(self) -> None:
        from parley.ui.screens.save_as import export_brief

        export_brief(self, self.index, self.scope_in_view())

    def scope_in_view(self) -> Scope:
        """The page in view: a person, a round, the highlighted claim's contested point, or all."""
        if self.selected is None or self.kind is Kind.ARTICLE:
            return Scope()
        if self.kind is Kind.PERSON:
            return Scope(person=self.selected)
        if self.kind is Kind.ROUND:
            return Scope(round=self.selected)
        target = editing.edit_target(self)
        claim = self.index.get_as(target[0] if target else None, Claim)
        claim = claim or self.index.get_as(self.selected, Claim)
        return Scope(point=claim.contested[0]) if claim and claim.contested else Scope()

    def shows(self, dossier: Dossier) -> bool:
        return dossier is self.dossier  # `n` shows the dossier with the new record at once

    def dossier_changed(self, dossier: Dossier) -> None:
        """Show a re-read dossier, keeping the place, the scroll and the history."""
        self.dossier = dossier
        self._redraw()
        if self.awaiting_import is not None:
            from parley.ui.screens.import_file import open_imported

            open_imported(self)

    def _redraw(self) -> None:
        """List everything again (a new dossier, a new lens), keeping the place and scroll."""
        place = self.place()
        scroll = {p.id: p.scroll_offset.y for p in (self.navigator, self.top, self.bottom)}
        cursor = self.navigator.cursor
        self._nav_rows.clear()
        for kind in Kind:
            self.query_one(f"#tab-{kind.value}", Tab).label = self._tab_label(kind)
        selected = place.selected if place.selected in self.index else None
        self.show_kind_now(place.kind, selected, cursor=cursor)
        self._update_linked(place.top, place.bottom)
        for pane in (self.navigator, self.top, self.bottom):
            pane.scroll_to(y=scroll.get(pane.id, 0), animate=False, immediate=True)
            pane.scroll_to_cursor()  # a new sort or filter may have moved the cursor's row
        self.show_problem_count()

    # -- filters, sort, timeline ----------------------------------------------------

    def set_lens(self, lens: Lens) -> None:
        """Show every list through ``lens``, keeping the place where it remains."""
        if lens == self.lens:
            return
        self.lens = lens
        self._redraw()

    def action_filter(self) -> None:
        from parley.ui.screens.filter_form import FilterScreen

        def chosen(wanted: Filter | None) -> None:
            if wanted is not None:
                self.set_lens(Lens(wanted, self.lens.sort))

        self.app.push_screen(FilterScreen(self.index, self.lens.filter), chosen)

    def action_clear_filters(self) -> None:
        if not self.lens.filter.active:
            self.notify("No filter to clear.", timeout=2, markup=False)
            return
        self.set_lens(Lens(sort=self.lens.sort))
        self.notify("Filters cleared.", timeout=2, markup=False)

    def action_cycle_sort(self) -> None:
        sort = self.lens.sort.next()
        self.set_lens(Lens(self.lens.filter, sort))
        self.notify(f"Statements sorted by {sort.value}.", timeout=2, markup=False)

    def action_timeline(self) -> None:
        from parley.ui.screens.timeline import TimelineScreen

        def closed(result: tuple[str | None, Lens] | None) -> None:
            if result is None:
                return
            record_id, lens = result
            self.set_lens(lens)
            if record_id:
                self.go_to(record_id)

        self.app.push_screen(TimelineScreen(self.dossier, self.lens), closed)

    def action_disputes(self) -> None:
        from parley.ui.screens.disputes import DisputesScreen

        def chosen(record_id: str | None) -> None:
            if record_id:
                self.go_to(record_id)

        self.app.push_screen(DisputesScreen(self.index), chosen)
