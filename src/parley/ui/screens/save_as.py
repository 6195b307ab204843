"""A small question: which file to save an export in. A failed save keeps the name typed."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static

from parley.dossier.index import Index
from parley.dossier.text import one_line
from parley.export.scope import Scope
from parley.files.atomic import WriteRefused
from parley.files.scaffold import READ_ONLY, inside
from parley.ui.commands import Where, bindings
from parley.ui.messages import parley_app
from parley.ui.widgets.keybar import KeyBar

Save = Callable[[Path], None]


class SaveAs(ModalScreen[Path | None]):
    """Asks for a file name, prefilled; enter saves through ``save``, esc closes without saving.

    Dismissed with the path saved to. An existing file is replaced only on a second
    enter. When ``save`` fails the modal stays, with the name as typed, and the
    failure is told and listed in the problems view.
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings(Where.SAVE_AS)
    PLACE = Where.SAVE_AS
    # What a failure is listed under in the problems view, and how it is told.
    TOPIC = "export"
    FAILURE = "cannot save the export"
    BUSY = "Saving…"
    # Failures whose message is in words for the user (others are described from the log).
    TOLD: ClassVar[tuple[type[BaseException], ...]] = (OSError, WriteRefused)
    DEFAULT_CSS = """
    SaveAs { align: center middle; }
    SaveAs #save-as {
        width: 80; max-width: 100%; height: auto; padding: 1 2;
        border: round $accent; background: $surface;
    }
    SaveAs #save-as-title { text-style: bold; }
    SaveAs #save-as-folder { color: $text-muted; }
    """

    def __init__(self, title: str, name: str, save: Save, folder: Path | None = None) -> None:
        super().__init__()
        self._title = title
        self._name = name
        self._save = save
        self.folder = folder or Path.cwd()
        self._saving = False
        self._replace: Path | None = None  # an existing file the user has agreed to replace

    def compose(self) -> ComposeResult:
        with Vertical(id="save-as"):
            yield Static(one_line(self._title), id="save-as-title", markup=False)
            yield Static(
                f"in {one_line(str(self.folder))} (or give a whole path)",
                id="save-as-folder",
                markup=False,
            )
            yield Input(self._name, id="save-as-name", select_on_focus=False)
            yield from self.more_fields()
        yield KeyBar()

    def more_fields(self) -> ComposeResult:
        """Fields below the file name, for a question that needs more than a name."""
        yield from ()

    def on_mount(self) -> None:
        self.query_one("#save-as-name", Input).focus()

    def path(self) -> Path | None:
        """The file the typed name means: in ``folder`` unless it is a whole path."""
        name = self.query_one("#save-as-name", Input).value.strip()
        if not name:
            return None
        return self.folder / os.path.expanduser(name)

    class Finished(Message):
        """A save ended: ``error`` is None when the file was written."""

        def __init__(self, path: Path, error: BaseException | None) -> None:
            super().__init__()
            self.path = path
            self.error = error

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    @on(Input.Changed)
    def _changed(self) -> None:
        self._replace = None  # a new name: ask again before replacing a file

    def action_save(self) -> None:
        """Save under the typed name, in a thread: a whole dossier's export takes a while."""
        path = self.path()
        if self._saving:
            return
        if path is None:
            self.notify("Give a file name.", severity="warning", markup=False)
            return
        if not self.may_start(path):
            return
        self._saving = True
        self.run_worker(self._save_in_thread(path), exclusive=True, exit_on_error=False)

    def may_start(self, path: Path) -> bool:
        """Whether to write ``path`` now: an existing file is replaced only on a second enter."""
        app = parley_app(self)
        if app.shipped and inside(path, app.folder):
            self.notify(f"Not here: {READ_ONLY}.", severity="warning", markup=False)
            return False
        if os.path.isfile(path) and self._replace != path:
            self._replace = path
            self.notify(
                f"{one_line(str(path))} exists: enter again to replace it.",
                severity="warning",
                markup=False,
            )
            return False
        return True

    def work(self, path: Path) -> Callable[[], object]:
        """What the thread runs for ``path``, made on the app's thread (widgets are read here)."""
        return lambda: self._save(path)

    async def _save_in_thread(self, path: Path) -> None:
        error: BaseException | None = None
        try:
            await asyncio.to_thread(self.work(path))
        except Exception as failed:  # told and listed, never the end of the app
            error = failed
        self._saving = False
        self.post_message(self.Finished(path, error))

    @on(Finished)
    def _finished(self, message: Finished) -> None:
        app = parley_app(self)
        if message.error is not None:
            told = isinstance(message.error, self.TOLD)
            reason = str(message.error) if told else None
            app.report_problem(self.TOPIC, self.FAILURE, message.error, reason=reason)
            return
        app.clear_problem(self.TOPIC)
        self.done(message.path)

    def done(self, path: Path) -> None:
        """The work succeeded: close, with the path written."""
        self.dismiss(path)

    def action_cancel(self) -> None:
        if self._saving:  # the file is being written: it will be there, or say why not
            self.notify(self.BUSY, markup=False)
            return
        self.dismiss(None)


def export_brief(screen: Screen[Any], index: Index, scope: Scope) -> None:
    """Ask where to save the Markdown brief of ``scope``, save it, and say where it went."""
    from parley.export import brief
    from parley.export.formats import save

    def write(path: Path) -> None:
        save(brief.export(index, scope), path, one_line(str(path)))

    def saved(path: Path | None) -> None:
        if path is not None:
            screen.notify(f"Brief saved to {one_line(str(path))}", markup=False)

    title = f"Export the brief of {brief.about(index, scope)}"
    screen.app.push_screen(SaveAs(title, f"{brief.file_stem(scope)}.md", write), saved)
