"""A small question: which file to save an export in. A failed save keeps the name typed."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static

from parley.dossier.index import Index
from parley.dossier.text import one_line
from parley.export.scope import Scope
from parley.files.atomic import WriteRefused
from parley.ui.commands import Where, bindings
from parley.ui.messages import parley_app
from parley.ui.widgets.keybar import KeyBar

Save = Callable[[Path], None]


class SaveAs(ModalScreen[Path | None]):
    """Asks for a file name, prefilled; enter saves through ``save``, esc closes without saving.

    Dismissed with the path saved to. When ``save`` fails the modal stays, with the
    name as typed, and the failure is told and listed in the problems view.
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings(Where.SAVE_AS)
    PLACE = Where.SAVE_AS
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

    def compose(self) -> ComposeResult:
        with Vertical(id="save-as"):
            yield Static(one_line(self._title), id="save-as-title", markup=False)
            yield Static(
                f"in {one_line(str(self.folder))} (or give a whole path)",
                id="save-as-folder",
                markup=False,
            )
            yield Input(self._name, id="save-as-name", select_on_focus=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def path(self) -> Path | None:
        """The file the typed name means: in ``folder`` unless it is a whole path."""
        name = self.query_one(Input).value.strip()
        if not name:
            return None
        return self.folder / os.path.expanduser(name)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        path = self.path()
        app = parley_app(self)
        if path is None:
            self.notify("Give a file name.", severity="warning", markup=False)
            return
        try:
            self._save(path)
        except (OSError, WriteRefused) as error:
            app.report_problem("export", "cannot save the export", error, reason=str(error))
            return
        app.clear_problem("export")
        self.dismiss(path)

    def action_cancel(self) -> None:
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
