"""`H`: the history of a record from git; the list that fills in as git is read.

The screen opens at once; a thread reads git and posts rows in batches
(``GitRowsRead``), then ``GitReadEnded``. ``esc`` stops the reading (the git
processes are killed), and once stopped or done goes back. A git that is missing,
a folder outside a repository or a call past its deadline is a message in the list,
a notification and an entry in the problems view: never the end of the app.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import ClassVar, Protocol

from rich.cells import cell_len
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Header, Static

from parley.dossier.changes import Outcome
from parley.dossier.load import Dossier
from parley.dossier.text import clean, one_line, plural, safe, shorten
from parley.files.git import Cancelled, GitError, commit_message
from parley.files.record_log import LogEntry, RecordLog
from parley.present.panes import Row
from parley.present.record_history import change_lines, heading, summary
from parley.ui.commands import Where, bindings
from parley.ui.messages import GitReadEnded, GitRowsRead
from parley.ui.render import MUTED
from parley.ui.screens.base import ParleyScreen
from parley.ui.widgets.keybar import KeyBar
from parley.ui.widgets.rowlist import RowList

BATCH_SECONDS = 0.1  # rows reach the screen at most this often, the first ones at once


def fields_line(parts: Sequence[str], room: int) -> str:
    """A change's fields on one line of ``room``: whole ones while they fit, then one cut
    if there is room for a fair part of it, else "…": a cut never lands on a cut value."""
    shown = [one_line(p) for p in parts]
    line = shorten(shown[0], room) if shown else ""
    for part in shown[1:]:
        left = room - len(line) - 2
        if len(part) <= left:
            line = f"{line}; {part}"
        elif left >= 20:
            return f"{line}; {shorten(part, left)}"
        else:
            return f"{line}; …" if left >= 1 else line
    return line


def value_width(first_at: Callable[[int], str], room: int) -> int:
    """How much of each value (at most 50) a row's change line shows: the most at which its
    first field, ``first_at(width)``, fits ``room``, else about half the room each, so on
    a narrow terminal the new value is never the one cut away."""
    least = max(12, (room - 16) // 2)
    for width in range(50, least, -1):
        if len(one_line(first_at(width))) <= room:
            return width
    return least


class Source(Protocol):
    """What a git list reads: entries as they come, notes about them, a way to stop."""

    @property
    def notes(self) -> list[str]: ...

    def entries(self) -> Iterator[object]: ...

    def cancel(self) -> None: ...


class GitRowList(RowList):
    """The list of a git view: ``enter`` shows the change (any other list's "Open")."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(Where.GIT_LIST)


class GitListScreen(ParleyScreen[None]):
    """A list read from git in a thread: rows as they come, ``esc`` to stop or go back."""

    DEFAULT_CSS = """
    GitListScreen #git-list { height: 1fr; border: round $accent; }
    """
    what = "reading git"  # for the problem entry: "parley: history of x: …"

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[object] = []
        self.running = True
        self.outcome = ""  # why the list ended short, or "" when it is whole
        self.notes: tuple[str, ...] = ()
        self._lock = threading.Lock()
        self._source: Source | None = None
        self._stopped = False
        self.read_done = asyncio.Event()  # set once the list is whole, stopped or failed

    def compose(self) -> ComposeResult:
        yield Header(icon="⚖")
        yield GitRowList(self.render_row, row_height=2, empty="Reading git…", id="git-list")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = self.heading()
        self._titles()
        self.query_one(RowList).focus()
        self._read()

    # -- the worker --------------------------------------------------------------------

    def open_source(self) -> Source:
        """The git reading this list shows (in the worker's thread: it may call git)."""
        raise NotImplementedError

    # Its own group: the app clears a group's problem when its worker succeeds, and this one
    # succeeds after reporting a failure of git as the "git" problem.
    @work(thread=True, exit_on_error=False, group="git-read")
    def _read(self) -> None:
        try:
            source = self.open_source()
            with self._lock:
                self._source = source
                stopped = self._stopped
            if stopped:
                source.cancel()
            self.post_message(GitRowsRead([], tuple(source.notes)))
            self._post_rows(source.entries())
        except Cancelled:
            self.post_message(GitReadEnded(stopped=True))
        except GitError as error:
            self.post_message(GitReadEnded(str(error), cause=error))
        except Exception as error:  # a bug: reported, logged, and the app goes on
            self.post_message(GitReadEnded(f"{type(error).__name__}: {error}", cause=error))
        else:
            self.post_message(GitReadEnded())

    def _post_rows(self, entries: Iterator[object]) -> None:
        batch: list[object] = []
        last = 0.0
        for entry in entries:
            batch.append(entry)
            now = time.monotonic()
            if now - last >= BATCH_SECONDS:
                self.post_message(GitRowsRead(batch))
                batch, last = [], now
        if batch:
            self.post_message(GitRowsRead(batch))

    def action_stop_or_close(self) -> None:
        """``esc``: stop a reading under way (the list says so at once); else back."""
        if self.running:
            self.stop()
            self._show_stopped()
            return
        self.dismiss(None)

    def stop(self) -> None:
        """Kill the git processes (the worker then ends with ``Cancelled``)."""
        with self._lock:
            self._stopped = True
            source = self._source
        if source is not None:
            source.cancel()

    def on_unmount(self) -> None:
        self.stop()

    # -- what the worker posts -----------------------------------------------------------

    @on(GitRowsRead)
    def _rows_read(self, message: GitRowsRead) -> None:
        if message.notes:
            self.notes = message.notes
        if not message.rows:
            self._titles()
            return
        self.entries.extend(message.rows)
        listing = self.query_one(RowList)
        cursor = listing.cursor if listing.rows else 0
        listing.set_rows(self.rows(), cursor=cursor, announce=False)
        self._titles()

    def _show_stopped(self) -> None:
        """The list as the user stopped it: what came so far, marked stopped."""
        self.running = False
        self.outcome = "stopped"
        listing = self.query_one(RowList)
        if not listing.rows:
            listing.set_rows([], empty="Stopped before git gave anything.")
        self._titles()

    @on(GitReadEnded)
    def _read_ended(self, message: GitReadEnded) -> None:
        self.read_done.set()
        if message.stopped or self._stopped:  # stopped by the user: whatever git said after
            self._show_stopped()
            return
        self.running = False
        listing = self.query_one(RowList)
        if message.error is None and not listing.rows:
            listing.set_rows([], empty=self.nothing())
        elif message.error is not None:
            self.outcome = one_line(message.error, 200)
            self.query_one(RowList).set_rows(self.rows(), empty=self.outcome)
            if self.is_problem(message.cause):
                self.parley.report_problem(
                    "git", self.what, message.cause or RuntimeError(message.error),
                    reason=message.error,
                )  # fmt: skip
        self._titles()

    def is_problem(self, cause: Exception | None) -> bool:
        """Whether a failure goes to the problems view (a mistyped revision need not)."""
        return True

    def _titles(self) -> None:
        listing = self.query_one(RowList)
        listing.border_title = Content(self.title_text())
        state = "reading… (esc stops)" if self.running else self.outcome
        parts = [p for p in (state, *(safe(n) for n in self.notes)) if p]
        listing.border_subtitle = Content(" · ".join(parts))

    def title_text(self) -> str:
        return plural(len(self.entries), "entry")

    def nothing(self) -> str:
        """What an empty list, read whole, says."""
        return "Nothing here."

    def rows(self) -> list[Row]:
        """The list's rows: one per entry, by its place."""
        return rows_of(self.entries)

    def heading(self) -> str:
        """The screen's subtitle, in the header."""
        return "Git"

    def render_row(self, row: Row, width: int) -> Content:
        raise NotImplementedError

    # -- the dossier: git's history does not change with it ------------------------------

    def shows(self, dossier: Dossier) -> bool:
        return True

    def dossier_changed(self, dossier: Dossier) -> None:
        """Nothing to redraw: the list is git's, read once."""

    @on(RowList.Selected)
    def _show(self, event: RowList.Selected) -> None:
        position = event.row.position
        if position is not None and position < len(self.entries):
            entry = self.entries[position]
            self.app.push_screen(ChangeScreen(*self.full_text(entry), self.message_reader(entry)))

    def message_reader(self, entry: object) -> Callable[[], str] | None:
        """A way to read more of the entry's text from git, shown once read (None: nothing)."""
        return None

    def full_text(self, entry: object) -> tuple[str, str]:
        """The title and the text of one entry in full: plain, made safe by ``ChangeScreen``."""
        raise NotImplementedError


class HistoryScreen(GitListScreen):
    """Each commit that changed one record, newest first, with the change field by field."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(Where.HISTORY)
    PLACE = Where.HISTORY

    def __init__(self, folder: Path, record_id: str, path: Path, name: str) -> None:
        super().__init__()
        self.folder, self.record_id, self.path, self.record_name = folder, record_id, path, name
        self.what = f"history of {record_id}"

    def heading(self) -> str:
        return f"History of {one_line(self.record_name, 60)}"

    def nothing(self) -> str:
        return "No commit has changed this record yet."

    def open_source(self) -> Source:
        return RecordLog(self.folder, self.path)

    def title_text(self) -> str:
        commits = sum(1 for e in self.entries if isinstance(e, LogEntry) and e.commit)
        return f"{safe(self.record_id)}: {plural(commits, 'commit')}"

    def render_row(self, row: Row, width: int) -> Content:
        entry = self.entries[row.position or 0]
        assert isinstance(entry, LogEntry)
        short, date, author, subject = heading(entry)
        room = max(width - 2, 10)  # the list keeps a column free on each side
        if not short:
            first = Content.styled("not committed", "bold $warning")
        else:
            who = one_line(author, min(30, room // 4))  # narrow: the subject keeps its room
            used = len(short) + len(date) + cell_len(who) + 6
            what = one_line(subject, max(room - used, 10))
            first = Content.assemble(
                (short, "bold $accent"), "  ", (date, MUTED), "  ", (who, "bold"), "  ", what
            )
        under = room - 4  # the change line is indented
        one = replace(entry, change=replace(entry.change, fields=entry.change.fields[:1]))
        cut = value_width(lambda w: summary(one, w), under)
        parts = [summary(one, cut)]
        if entry.change.outcome in (Outcome.CHANGED, Outcome.REPAIRED):
            parts += [f.text(cut) for f in entry.change.fields[1:]]
        return Content.assemble(first, "\n    ", (fields_line(parts, under), MUTED))

    def full_text(self, entry: object) -> tuple[str, str]:
        assert isinstance(entry, LogEntry)
        short, date, author, subject = heading(entry)
        title = f"{short} {date} {author}" if short else "not committed"
        body = [subject, ""] if short else []
        return title, "\n".join(body + change_lines(entry))

    def message_reader(self, entry: object) -> Callable[[], str] | None:
        """How to read the commit's whole message (in a thread: it asks git)."""
        source = self._source
        if not isinstance(entry, LogEntry) or entry.commit is None:
            return None
        if not isinstance(source, RecordLog):
            return None
        repo, commit = source.repo, entry.commit.commit
        return lambda: commit_message(repo, commit)


class ChangeScreen(ModalScreen[None]):
    """One change in full, a line per field; ``esc`` back to the list."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(Where.CHANGE)
    DEFAULT_CSS = """
    ChangeScreen { align: center middle; }
    ChangeScreen > VerticalScroll {
        width: 100; max-width: 95%; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 1 2;
    }
    """

    def __init__(self, title: str, text: str, more: Callable[[], str] | None = None) -> None:
        super().__init__()
        self.title_line, self.text, self.more = title, text, more

    def compose(self) -> ComposeResult:
        with VerticalScroll() as box:
            box.border_title = Content(one_line(self.title_line, 90))
            box.border_subtitle = "esc back"
            yield Static(Content(clean(self.text)), markup=False, id="change-text")
        yield KeyBar()  # its own keys, not those of the list beneath

    def on_mount(self) -> None:
        if self.more is not None:
            self._read_more(self.more)

    @work(thread=True, exit_on_error=False, group="git-read")
    def _read_more(self, more: Callable[[], str]) -> None:
        try:
            message = more().strip()
        except GitError:
            return  # the subject is shown already: the rest of the message can wait
        _, _, rest = self.text.partition("\n")
        self.app.call_from_thread(self._show_text, f"{message}\n{rest}")

    def _show_text(self, text: str) -> None:
        if self.is_attached:
            self.text = text
            self.query_one("#change-text", Static).update(Content(clean(text)))

    def action_scroll(self, direction: str) -> None:
        box = self.query_one(VerticalScroll)
        box.scroll_down() if direction == "down" else box.scroll_up()

    def action_close(self) -> None:
        self.dismiss(None)


def rows_of(entries: Sequence[object]) -> list[Row]:
    """A row for each entry, by its place."""
    return [Row(position=n) for n in range(len(entries))]
