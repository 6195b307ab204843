"""The parley Textual app: loads a dossier, opens the browser, follows the files."""

from __future__ import annotations

import asyncio
import gc
import os
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App, ComposeResult, SuspendNotSupported
from textual.binding import BindingType
from textual.widgets import LoadingIndicator, Static

from .editor import NoEditor, edit_argv
from .load import Dossier, load, reload
from .search import SearchIndex
from .text import safe
from .ui.commands import APP_ACTIONS, ParleyCommands

CSS_PATH = Path(__file__).parent / "ui" / "parley.tcss"
SEARCH_INDEX_DELAY = 0.5  # seconds after opening


def run_editor(argv: list[str]) -> None:
    """Run the editor in the foreground (the app is suspended meanwhile)."""
    subprocess.run(argv, check=False)


def _settle(_dossier: Dossier) -> None:
    """Keep the loaded records out of the garbage collector's way.

    A full collection walks every live object: with 100,000 claims loaded that
    is over a second, long enough to freeze a keypress. The records are long-lived
    and cycle-free, so they are moved where the collector no longer looks.
    """
    gc.freeze()


def _terminal_alive() -> bool:
    """Whether stdin is still a terminal: it stops being one when the terminal hangs up."""
    try:
        return os.isatty(sys.__stdin__.fileno()) if sys.__stdin__ else False
    except (OSError, ValueError):
        return False


def _worth_a_look(_change: object, path: str) -> bool:
    """TOML files, and anything that may be a folder (renamed or removed); not editor swap files."""
    name = Path(path).name
    return path.endswith(".toml") or ("." not in name and not name.startswith("."))


class ParleyApp(App[None]):
    """Browse a folder of negotiation dossiers."""

    TITLE = "parley"
    CSS_PATH = CSS_PATH
    BINDINGS: ClassVar[list[BindingType]] = [a.binding() for a in APP_ACTIONS]
    COMMANDS = App.COMMANDS | {ParleyCommands}

    def __init__(
        self, folder: Path | str, dossier: Dossier | None = None, *, watch: bool = True
    ) -> None:
        super().__init__()
        if "TEXTUAL_ANIMATIONS" not in os.environ:
            # Keys answer at once: no sliding tab underline or smooth scrolling to wait for.
            self.animation_level = "none"
        self.folder = Path(folder)
        self.dossier = dossier
        self.watch_files = watch
        self._search_index: SearchIndex | None = None

    def compose(self) -> ComposeResult:
        yield Static(safe(f"Loading {self.folder} …"), id="loading-text", markup=False)
        yield LoadingIndicator()

    def on_mount(self) -> None:
        if not self.is_headless and _terminal_alive():
            self.set_interval(1.0, self._exit_if_terminal_gone)
        if self.dossier is not None:
            self._open(self.dossier)
        else:
            self._load()

    @work(thread=True, exclusive=True, group="load")
    def _load(self) -> None:
        dossier = load(self.folder)
        self.call_from_thread(self._open, dossier)

    def _open(self, dossier: Dossier) -> None:
        from .ui.main_screen import MainScreen

        self.dossier = dossier
        _settle(dossier)
        # The spinner animates 16 times a second even when covered: stop it.
        self.query("#loading-text, LoadingIndicator").remove()
        self.push_screen(MainScreen(dossier))
        # After the first paint: building it competes with drawing for the interpreter.
        self.set_timer(SEARCH_INDEX_DELAY, lambda: self._build_search_index(dossier))
        if self.watch_files:
            self._watch()

    def _exit_if_terminal_gone(self) -> None:
        # A terminal that went away without a SIGHUP reaching us (closed window,
        # dropped ssh, parley started under make) leaves stdin at end of file, and
        # Textual 8.2.8's input thread then spins a core forever. Leave instead.
        if not _terminal_alive():
            self.exit()

    # -- following the files ---------------------------------------------------

    @work(exclusive=True, group="watch")
    async def _watch(self) -> None:
        """Reload whenever a .toml file under the folder is created, changed or removed."""
        from watchfiles import awatch

        # watchfiles gathers a burst of writes (an editor's save, a git pull) into one batch.
        async for changes in awatch(self.folder, watch_filter=_worth_a_look, debounce=200, step=50):
            await self.refresh_dossier({Path(path) for _change, path in changes})

    async def refresh_dossier(self, paths: set[Path] | None = None) -> bool:
        """Re-read changed files only and redraw, keeping selection and history.

        ``paths`` are the files a watcher saw change; without them every file's
        stamp is compared.
        """
        if self.dossier is None:
            return False
        dossier, changed = await asyncio.to_thread(reload, self.dossier, paths)
        if not changed:
            return False
        self.apply_dossier(dossier)
        return True

    def apply_dossier(self, dossier: Dossier) -> None:
        self.dossier = dossier
        _settle(dossier)
        self._search_index = None
        self._build_search_index(dossier)
        for screen in self.screen_stack:
            changed = getattr(screen, "dossier_changed", None)
            if changed is not None:
                changed(dossier)

    @work(thread=True, exclusive=True, group="search-index")
    def _build_search_index(self, dossier: Dossier) -> None:
        """Build search ahead of the first `/`, so it opens at once on big dossiers."""
        if self._search_index is not None or dossier is not self.dossier:
            return
        built = SearchIndex(dossier.index)
        self.call_from_thread(self._search_index_built, dossier, built)

    def _search_index_built(self, dossier: Dossier, built: SearchIndex) -> None:
        if dossier is self.dossier:
            self._search_index = built
            gc.freeze()  # as after loading: long-lived, kept out of full collections

    def search_index(self) -> SearchIndex:
        """The search index for the current dossier (built now if the worker has not yet)."""
        if self._search_index is None:
            assert self.dossier is not None
            self._search_index = SearchIndex(self.dossier.index)
        return self._search_index

    # -- the editor -------------------------------------------------------------

    async def edit_file(self, path: Path, line: int) -> None:
        """Open ``path`` at ``line`` in the user's editor, then re-read the folder."""
        try:
            argv = edit_argv(path, line)
        except NoEditor as error:
            self.notify(safe(str(error)), severity="error", markup=False)
            return
        try:
            with self.suspend():
                run_editor(argv)
        except SuspendNotSupported:
            run_editor(argv)
        await self.refresh_dossier()

    def action_help(self) -> None:
        from .ui.help_screen import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())
