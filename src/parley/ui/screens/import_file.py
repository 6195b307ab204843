"""`i` on the browser: import a file as an article, then open the reader on it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import Input, Static

from parley.dossier.index import Index
from parley.dossier.model import Article
from parley.dossier.text import one_line, plural
from parley.files.atomic import WriteRefused
from parley.files.importer import Imported, ImportRefused, import_article
from parley.present.reader import suggestions
from parley.ui.commands import Where, bindings
from parley.ui.screens.save_as import SaveAs

if TYPE_CHECKING:
    from parley.ui.screens.main import MainScreen


@dataclass(frozen=True)
class ImportDone:
    """What an import wrote, and how many statements the reader will suggest in it."""

    imported: Imported
    suggested: int


Run = Callable[[Path, str | None], ImportDone]


class ImportFile(SaveAs):
    """Asks for the file to import; enter imports it in a thread, esc closes writing nothing.

    Dismissed with the file imported; what was written is in ``result``. A failed
    import keeps the path as typed, and is told and listed in the problems view.
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings(Where.IMPORT)
    PLACE = Where.IMPORT
    TOPIC = "import"
    FAILURE = "cannot import"
    BUSY = "Importing…"
    TOLD: ClassVar[tuple[type[BaseException], ...]] = (OSError, WriteRefused, ImportRefused)
    DEFAULT_CSS = """
    ImportFile #import-language-label { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, run: Run, folder: Path | None = None) -> None:
        # The work is ``run``, through ``work`` below; the export's ``save`` is unused.
        super().__init__("Import a text, Markdown or HTML file as an article", "", _unused, folder)
        self._run = run
        self.result: ImportDone | None = None

    def more_fields(self) -> ComposeResult:
        yield Static(
            "language, if the file does not say it (en, uk, ru…)",
            id="import-language-label",
            markup=False,
        )
        yield Input(id="import-language", select_on_focus=False)

    def may_start(self, path: Path) -> bool:
        return True  # the importer says why a path is not a file it can read

    def work(self, path: Path) -> Callable[[], object]:
        language = self.query_one("#import-language", Input).value.strip() or None

        def run() -> None:
            self.result = self._run(path, language)

        return run


def _unused(path: Path) -> None:
    """Never called: an import's work is ``ImportFile.work``."""


def import_into(root: Path, index: Index, path: Path, language: str | None) -> ImportDone:
    """Write the article and its archive into ``root``; count the statements it suggests."""
    try:
        imported = import_article(root, path, set(index.records), language=language)
    except ImportRefused as refused:
        # The importer speaks to the command line; here the language has its own field.
        raise ImportRefused(str(refused).replace("give --language", "give the language")) from None
    return ImportDone(imported, len(suggestions(imported.text, index)))


def import_file(screen: MainScreen) -> None:
    """Ask for a file, import it, and once the reload brings the article in, read it."""
    root = screen.dossier.root
    # The index of the moment: a reload while the modal is open may have added ids.
    modal = ImportFile(lambda path, language: import_into(root, screen.index, path, language))

    async def imported(path: Path | None) -> None:
        done = modal.result
        if path is None or done is None:
            return
        screen.awaiting_import = done
        if not open_imported(screen):  # else the DossierChanged of this reload opens it
            await screen.parley.refresh_dossier({done.imported.record, done.imported.archive})

    screen.app.push_screen(modal, imported)


def open_imported(screen: MainScreen) -> bool:
    """Open the reader on the article just imported, if the dossier shown has it by now."""
    from parley.ui.screens.reader import ReaderScreen

    done = screen.awaiting_import
    article = screen.index.get_as(done.imported.article_id, Article) if done else None
    if done is None or article is None:
        return False
    screen.awaiting_import = None
    screen.go_to(article.id)

    def closed(claim_id: str | None) -> None:
        if claim_id:
            screen.go_to(claim_id)

    screen.app.push_screen(ReaderScreen(screen.dossier, article.id), closed)
    said = plural(done.suggested, "statement")
    screen.notify(
        f"Imported {one_line(article.title, 80)} as {one_line(article.id)}: {said} suggested",
        markup=False,
    )
    return True
