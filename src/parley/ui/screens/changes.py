"""`C`: the records changed since a revision (asked for first; HEAD by default), by kind."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from parley.dossier.text import one_line, safe
from parley.files.git import Stop
from parley.files.revision_diff import (
    BadRevision,
    Comparison,
    RecordChange,
    compare_revisions,
)
from parley.present.panes import Row
from parley.present.revision_changes import (
    KIND_TITLES,
    counts,
    detail_lines,
    differ,
    groups,
    range_text,
    record_line,
)
from parley.ui.commands import Where, bindings
from parley.ui.render import MUTED
from parley.ui.screens.history import GitListScreen, Source, fields_line, value_width
from parley.ui.widgets.keybar import KeyBar

STATUS_STYLES = {"added": "bold $success", "removed": "bold $error", "renamed": "bold $warning",
                 "changed": "bold $accent"}  # fmt: skip


class AskRevision(ModalScreen[str | None]):
    """Which revision to compare the working tree with: HEAD unless another is typed."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(Where.REVISION)
    PLACE = Where.REVISION
    DEFAULT_CSS = """
    AskRevision { align: center middle; }
    AskRevision #ask-revision {
        width: 72; max-width: 100%; height: auto; padding: 1 2;
        border: round $accent; background: $surface;
    }
    AskRevision #ask-revision-help { color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        with Vertical(id="ask-revision"):
            yield Static("Changes since which revision?", markup=False)
            yield Static(
                "A commit, tag or branch (HEAD~3, v1); REV..REV2 for two commits",
                id="ask-revision-help",
                markup=False,
            )
            yield Input("HEAD", id="revision", select_on_focus=True)
        yield KeyBar()

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.focus()
        field.select_all()  # typing replaces HEAD; enter keeps it

    @on(Input.Submitted)
    def _go(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or "HEAD")

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChangesSource:
    """The comparison as a list's source: a heading per kind, then its records."""

    def __init__(self, folder: Path, spec: str) -> None:
        self.folder, self.spec = folder, spec
        self.comparison: Comparison | None = None
        self._stop = Stop()

    @property
    def notes(self) -> list[str]:
        return []

    def entries(self) -> Iterator[object]:
        comparison = compare_revisions(self.folder, self.spec, stop=self._stop)
        self.comparison = comparison
        yield comparison
        for kind, changes in groups(comparison):
            yield f"{KIND_TITLES[kind]}: {counts(comparison, kind)}"
            yield from changes

    def cancel(self) -> None:
        """Kill the git process running (from any thread): ``entries`` ends in ``Cancelled``."""
        self._stop.stop()


class ChangesScreen(GitListScreen):
    """Records added, removed, renamed and changed since a revision, grouped by kind."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(Where.CHANGES)
    PLACE = Where.CHANGES

    def __init__(self, folder: Path, spec: str) -> None:
        super().__init__()
        self.folder, self.spec = folder, spec
        self.comparison: Comparison | None = None
        self.what = f"changes since {spec}"

    def heading(self) -> str:
        return f"Changes since {one_line(self.spec, 60)}"

    def nothing(self) -> str:
        return f"No record differs from {safe(self.spec)}."

    def open_source(self) -> Source:
        return ChangesSource(self.folder, self.spec)

    def is_problem(self, cause: Exception | None) -> bool:
        """A revision that names no commit is the user's typo: the list says so, no more."""
        return not isinstance(cause, BadRevision)

    def rows(self) -> list[Row]:
        """Kinds as headings; the comparison itself is the title, not a row."""
        rows: list[Row] = []
        for n, entry in enumerate(self.entries):
            if isinstance(entry, Comparison):
                self.comparison = entry
                self.notes = tuple(entry.notes)  # a shallow clone: known once git answered
            elif isinstance(entry, str):
                rows.append(Row(heading=entry, position=None))
            else:
                rows.append(Row(position=n))
        return rows

    def title_text(self) -> str:
        if self.comparison is None:
            return safe(self.spec)
        return f"{safe(range_text(self.comparison))}: {differ(len(self.comparison.changes))}"

    def render_row(self, row: Row, width: int) -> Content:
        entry = self.entries[row.position or 0]
        assert isinstance(entry, RecordChange)
        room = max(width - 2, 12)  # the list keeps a column free on each side
        status, _, name = record_line(entry).partition(" ")
        under = room - 4  # the detail line is indented
        cut = value_width(lambda w: (detail_lines(entry, w) or [""])[0], under)
        detail = fields_line(detail_lines(entry, cut), under)
        return Content.assemble(
            (f"{status:<8} ", STATUS_STYLES.get(status, "bold")),
            one_line(name.strip(), room - 9),
            "\n    ",
            (detail, MUTED),
        )

    def full_text(self, entry: object) -> tuple[str, str]:
        assert isinstance(entry, RecordChange)
        return record_line(entry), "\n".join(detail_lines(entry))
