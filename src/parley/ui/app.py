"""The parley Textual app: loads a dossier, opens the browser, follows the files."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import os
import signal
import sys
import threading
import time
from collections.abc import AsyncGenerator, Callable, Coroutine, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Concatenate, ParamSpec, TypeVar

from textual import work
from textual.actions import ActionParseResult
from textual.app import App, ComposeResult, SuspendNotSupported
from textual.binding import BindingType
from textual.containers import Center, Vertical
from textual.dom import DOMNode
from textual.timer import Timer
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from parley.dossier.load import PROGRESS_EVERY, Dossier, reload
from parley.dossier.model import KIND_OF_FOLDER
from parley.dossier.problems import Problem
from parley.dossier.reload import prepare
from parley.dossier.text import safe
from parley.files import log
from parley.files.atomic import WriteRefused, remove_stale_temp_files
from parley.files.cache import open_dossier, save_in_background
from parley.files.config import CONFIG_NAME, config_path, read_settings, save_theme
from parley.files.editor import NoEditor, edit_argv, run_editor
from parley.ui.commands import ParleyCommands, Where, bindings, check_keymap
from parley.ui.messages import (
    AppProblemsChanged,
    DossierChanged,
    DossierOpened,
    LoadProgress,
    WatcherReady,
)
from parley.ui.palette import side_variables

if TYPE_CHECKING:
    from textual.widgets import ProgressBar

    from parley.dossier.search import SearchIndex

CSS_PATH = Path(__file__).parent / "parley.tcss"
THEME_VARIABLE = "TEXTUAL_THEME"  # Textual's own: a theme for this run, over the saved one
SEARCH_INDEX_DELAY = 0.5  # seconds after opening
WATCH_DELAY = 0.2  # seconds after opening, before the file watcher starts
WATCH_RETRY = 2.0  # seconds before following the files again after the watcher stopped
COLLECT_DELAY = 2.0  # seconds after the last reload, before the old records are collected
LOADING_BAR_DELAY = 0.3  # seconds of loading before the progress bar shows: none for a quick load
# Fewer files are read with no progress told between none and all: a bar would only jump.
LOADING_BAR_FILES = PROGRESS_EVERY
# What each worker group was doing, for the line the user sees when it fails.
WORKER_TASKS = {
    "load": "cannot read the folder",
    "watch": "stopped following the files",
    "search-index": "cannot build the search index",
}

P = ParamSpec("P")


def _keeps_last_good_state(
    method: Callable[Concatenate[ParleyApp, P], Coroutine[Any, Any, bool]],
) -> Callable[Concatenate[ParleyApp, P], Coroutine[Any, Any, bool]]:
    """A reload that fails is reported and undone: the app goes on showing what it had."""

    @functools.wraps(method)
    async def guarded(app: ParleyApp, /, *args: P.args, **kwargs: P.kwargs) -> bool:
        before = app.dossier
        try:
            changed = await method(app, *args, **kwargs)
        except Exception as error:
            if before is not None and app.dossier is not before:
                app.restore(before)
            app.report_problem("reload", "reload failed", error)
            return False
        app.clear_problem("reload")
        return changed

    return guarded


_M_ARENA_MAX = -8  # glibc's mallopt parameter


@functools.cache
def _glibc() -> Any:
    """The C library when it is glibc on Linux (its malloc is tuned below), else None."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        libc = ctypes.CDLL("libc.so.6")
        return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None
    except OSError:  # not glibc (musl, say): nothing to tune
        return None


def one_malloc_arena() -> bool:
    """Ask glibc for one malloc arena for every thread; True when it agreed.

    Loads, reloads and search builds each run in a thread of their own, and glibc
    gives threads arenas of their own (up to 8 per core), each keeping the memory
    freed in it: on a 20,000-claim folder the process grew by 23 MB over 30 reloads
    that freed all they replaced, by 2 MB with one arena. Python's small objects come
    from its own allocator either way, and the GIL serialises the rest.
    """
    libc = _glibc()
    return libc is not None and bool(libc.mallopt(_M_ARENA_MAX, 1))


def release_free_memory() -> None:
    """Give the pages malloc holds free back to the system (glibc only), after a collection."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


def _terminal_alive() -> bool:
    """Whether stdin is still a terminal: it stops being one when the terminal hangs up."""
    try:
        return os.isatty(sys.__stdin__.fileno()) if sys.__stdin__ else False
    except (OSError, ValueError):
        return False


T = TypeVar("T")


async def in_daemon_thread(function: Callable[[], T]) -> T:
    """Run ``function`` in a daemon thread and await its result.

    Loading a big folder takes seconds. Run in asyncio's executor, it would hold
    the process at exit until it finished (the executor's threads are joined);
    in a daemon thread, quitting while loading quits at once.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(result: T | None, error: BaseException | None) -> None:
        if future.done():  # the awaiting task was cancelled: nobody wants the result
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)  # type: ignore[arg-type]

    def run() -> None:
        result: T | None = None
        error: BaseException | None = None
        try:
            result = function()
        except BaseException as raised:  # handed to the awaiting task, which decides
            error = raised
        try:
            loop.call_soon_threadsafe(settle, result, error)
        except RuntimeError:  # the loop closed meanwhile: the app has gone
            pass

    threading.Thread(target=run, name="parley-load", daemon=True).start()
    return await future


def _has_many_files(folder: Path) -> bool:
    """Whether the record folders hold at least ``LOADING_BAR_FILES`` entries (counted no
    further, so a small folder costs a glance)."""
    count = 0
    for name in KIND_OF_FOLDER:
        try:
            with os.scandir(folder / name) as entries:
                for _entry in entries:
                    count += 1
                    if count >= LOADING_BAR_FILES:
                        return True
        except OSError:  # no such folder, or not readable: the load says so
            continue
    return False


def _worth_a_look(_change: object, path: str) -> bool:
    """TOML files, archived texts (``archives/….md`` or ``.txt``), and anything that may be a
    folder (renamed or removed); not editor swap files."""
    where = Path(path)
    name = where.name
    if where.suffix in (".md", ".txt") and "archives" in where.parts:
        return True
    return path.endswith(".toml") or ("." not in name and not name.startswith("."))


class ParleyApp(App[None]):
    """Browse a folder of negotiation dossiers."""

    TITLE = "parley"
    CSS_PATH = CSS_PATH
    BINDINGS: ClassVar[list[BindingType]] = bindings(Where.APP)
    COMMANDS = App.COMMANDS | {ParleyCommands}

    def __init__(
        self,
        folder: Path | str,
        dossier: Dossier | None = None,
        *,
        watch: bool = True,
        shipped: bool = False,
    ) -> None:
        super().__init__()
        if "TEXTUAL_ANIMATIONS" not in os.environ:
            # Keys answer at once: no sliding tab underline or smooth scrolling to wait for.
            self.animation_level = "none"
        self.folder = Path(folder)
        self.dossier = dossier
        self.watch_files = watch
        # The sample set inside the installed package, opened for want of ./dossiers:
        # browsed, never written (an install folder may be read-only or shared).
        self.shipped = shipped
        self._search_index: SearchIndex | None = None
        # One reload at a time: the watcher and an editor's return can both ask for one,
        # and a reload computed from a dossier another reload replaced would lose its changes.
        self._reloading = asyncio.Lock()
        self._search_building = threading.Lock()
        self.collect_delay = COLLECT_DELAY
        self.watch_retry = WATCH_RETRY
        self.loading_bar_delay = LOADING_BAR_DELAY
        self._loading_since: float | None = None  # monotonic time the load began, while loading
        self._progress: tuple[int, int] | None = None  # files read, of all, while loading
        self._loading_bar: ProgressBar | None = None
        self._unapplied: set[Path] = set()  # changes seen while the folder was loading
        self._watching = False  # whether the watcher was started
        self._caught_up = False  # whether changes made while the folder loaded were looked for
        self._restored: Dossier | None = None  # put back after a screen failed to show a reload
        self._collect_timer: Timer | None = None
        # Failures of the app itself (not of the files), by topic: one each, so they stay few.
        self._app_problems: dict[str, Problem] = {}
        self.stopped_on: log.Entry | None = None  # where the error that ended the app is logged
        self.keymap: dict[str, str] = {}  # the user's keys, by action id (config.toml)
        self._saved_theme: str | None = None  # the theme config.toml holds; None until read

    def compose(self) -> ComposeResult:
        # Drawn at once, still: nothing animates while the folder loads, which would take
        # the interpreter from the loading thread. A big folder gets a bar (_show_loading_bar).
        with Vertical(id="loading"):
            yield Static(safe(f"Loading {self.folder} …"), id="loading-text", markup=False)
            yield Static("", id="loading-step", markup=False)

    async def on_mount(self) -> None:
        one_malloc_arena()  # before the first worker thread: memory stays flat over reloads
        self._apply_settings()
        if not self.is_headless and _terminal_alive():
            self.set_interval(1.0, self._exit_if_terminal_gone)
        if self.dossier is not None:
            await self._open(self.dossier)
        else:
            self._loading_since = time.monotonic()
            if self.loading_bar_delay > 0:  # else the first progress told shows it
                self.set_timer(self.loading_bar_delay, self._show_loading_bar)
            if self.watch_files and _has_many_files(self.folder):
                # A big folder loads for seconds: watching from the start costs nothing next
                # to that, and what changes meanwhile is applied once it is open.
                self._caught_up = True
                self._start_watching()
            self._load()

    @work(exclusive=True, group="load", exit_on_error=False)
    async def _load(self) -> None:
        folder = self.folder

        def told(done: int, total: int) -> None:
            # From the loading thread: a message is safe across threads and does not wait.
            self.post_message(LoadProgress(done, total))

        def load_folder() -> Dossier:
            remove_stale_temp_files(folder)  # what a killed save left behind
            return open_dossier(folder, progress=told)

        await self._open(await in_daemon_thread(load_folder))

    def on_load_progress(self, message: LoadProgress) -> None:
        """Files read of all, on the bar once it shows; then the links are checked."""
        if self._loading_since is None:  # opened, or failed: a late message
            return
        self._progress = (message.done, message.total)
        if time.monotonic() - self._loading_since >= self.loading_bar_delay:
            self._show_loading_bar()
        self._draw_progress()

    def _show_loading_bar(self) -> None:
        """The bar, for a load that is long and big enough to need one."""
        if self._loading_since is None or self._loading_bar is not None:
            return
        if self._progress is None or self._progress[1] < LOADING_BAR_FILES:
            return
        from textual.widgets import ProgressBar  # only a big folder needs it

        self._loading_bar = ProgressBar(show_eta=False)
        row = Center(self._loading_bar, id="loading-bar")
        self.query_one("#loading", Vertical).mount(row, before="#loading-step")
        self._draw_progress()

    def _draw_progress(self) -> None:
        if self._progress is None or self._loading_bar is None:
            return  # a quick load shows no numbers either
        done, total = self._progress
        self._loading_bar.update(total=total, progress=done)
        step = "Checking links…" if done == total else f"Read {done:,} of {total:,} files"
        for text in self.query("#loading-step").results(Static):
            text.update(step)

    async def _open(self, dossier: Dossier) -> None:
        """Show the browser on ``dossier``; ``DossierOpened`` once its screen is mounted."""
        from parley.ui.screens.main import MainScreen

        self.dossier = dossier
        # A full collection walks every live object: with a large dossier loaded that is
        # long enough to freeze a keypress. The records are long-lived, so they are moved
        # where the collector no longer looks.
        gc.freeze()
        self._loading_since = self._loading_bar = None
        self.query("#loading").remove()
        await self.push_screen(MainScreen(dossier))
        # After the first paint: building it competes with drawing for the interpreter.
        self.set_timer(SEARCH_INDEX_DELAY, lambda: self._build_search_index(dossier))
        self.post_message(DossierOpened(dossier))
        save_in_background(dossier)  # the cache, off the key path: once shown
        if self._unapplied:
            changed, self._unapplied = self._unapplied, set()
            await self.refresh_dossier(changed)
        if self.watch_files and not self._watching:
            # After the browser is on the terminal, not before: starting to watch takes the
            # interpreter from drawing and writing the first screen. What changed meanwhile
            # is caught up once it watches.
            self.set_timer(WATCH_DELAY, self._start_watching)

    def _exit_if_terminal_gone(self) -> None:
        # A terminal that went away without a SIGHUP reaching us (closed window,
        # dropped ssh, parley started under make) leaves stdin at end of file, and
        # Textual 8.2.8's input thread then spins a core forever. Leave instead.
        if not _terminal_alive():
            self.exit()

    # -- following the files ---------------------------------------------------

    def _start_watching(self) -> None:
        self._watching = True
        self._watch()

    @work(exclusive=True, group="watch", exit_on_error=False)
    async def _watch(self) -> None:
        """Reload whenever a .toml file under the folder is created, changed or removed.

        Following the files never stops for good: a watcher that fails is reported and
        started again, and a folder renamed away is watched again once it is back.
        """
        while True:
            try:
                async with contextlib.aclosing(self._changes()) as batches:
                    async for paths in batches:
                        if self.dossier is None:  # still loading
                            self._unapplied |= paths
                            continue
                        await self.refresh_dossier(paths)
                        if not self.folder.is_dir():
                            break
            except Exception as error:
                self.report_problem("watch", "stopped following the files", error)
            await asyncio.sleep(self.watch_retry)
            while not self.folder.is_dir():
                await asyncio.sleep(self.watch_retry)
            await self.refresh_dossier()  # whatever changed while nothing watched

    async def _changes(self) -> AsyncGenerator[set[Path], None]:
        """Batches of changed paths under the folder; posts ``WatcherReady`` once watching."""
        from watchfiles import awatch

        # watchfiles gathers a burst of writes (an editor's save, a git pull) into one batch.
        batches = awatch(self.folder, watch_filter=_worth_a_look, debounce=200, step=50)
        first = asyncio.ensure_future(anext(batches))
        # The first step of that task sets up the OS watches synchronously, before its first
        # await; yielding once lets it run, so from here on no change can be missed.
        await asyncio.sleep(0)
        if not (first.done() and first.exception() is not None):
            self.clear_problem("watch")
            if not self._caught_up:
                # Files read before the watcher ran may have changed since: compare them,
                # here, so that no batch is handled before this and ready means ready.
                self._caught_up = True
                await self.refresh_dossier()
            self.post_message(WatcherReady())
        changes = await first
        while True:
            yield {Path(path) for _change, path in changes}
            changes = await anext(batches)

    @_keeps_last_good_state
    async def refresh_dossier(self, paths: set[Path] | None = None) -> bool:
        """Re-read changed files only and redraw, keeping selection and history.

        ``paths`` are the files a watcher saw change; without them every file's
        stamp is compared.
        """
        async with self._reloading:
            current = self.dossier
            if current is None:
                return False
            dossier, changed = await in_daemon_thread(lambda: reload(current, paths))
            if not changed:
                return False
            self.apply_dossier(dossier, changed)
            return True

    def apply_dossier(self, dossier: Dossier, changed: set[Path] | None = None) -> None:
        """Show ``dossier`` from now on: every screen hears ``DossierChanged``."""
        previous, self.dossier = self.dossier, dossier
        self._release_old_records()
        self._search_index = self._search_updated(previous, dossier)
        if self._search_index is None or self._search_index.worth_rebuilding:
            self._build_search_index(dossier, again=self._search_index is not None)
        message_paths = frozenset(changed or ())
        for screen in self.screen_stack:
            screen.post_message(DossierChanged(dossier, message_paths, previous))

    def redraw_failed(self, message: DossierChanged, error: Exception) -> None:
        """A screen could not show a reloaded dossier: say so, and go back to the last good one."""
        self.report_problem("reload", "reload failed", error)
        last_good = message.previous
        if last_good is None or message.dossier is not self.dossier:
            return  # an older reload, already replaced
        if message.dossier is self._restored:
            return  # showing the last good state failed too: keep what is on screen
        self._restored = last_good
        self.restore(last_good)

    def _search_updated(self, previous: Dossier | None, dossier: Dossier) -> SearchIndex | None:
        """Search over ``dossier``, re-indexing only what its reload changed; None when
        there is no search to update (not built yet, or built for another dossier)."""
        search = self._search_index
        if search is None or previous is None or dossier.changed_ids is None:
            return None
        if search.index is not previous.index:
            return None
        return search.updated(dossier.index, dossier.changed_ids)

    # Named: by default a worker is described by its arguments' repr, and a dossier's is
    # every record as text (at 100,000 claims, hundreds of MB and seconds of frozen keys).
    @work(
        thread=True,
        exclusive=True,
        group="search-index",
        exit_on_error=False,
        description="build the search index",
    )
    def _build_search_index(self, dossier: Dossier, *, again: bool = False) -> None:
        """Build search ahead of the first `/`, so it opens at once on big dossiers.

        ``again``: build it afresh although one exists (updated by many reloads).
        """
        from parley.dossier.search import SearchIndex  # rapidfuzz and anyascii: after opening

        # One build at a time: a cancelled build's thread runs on to its end, and reloads
        # quicker than a build would otherwise pile up builds of dossiers already replaced.
        with self._search_building:
            if (self._search_index is not None and not again) or dossier is not self.dossier:
                return
            built = SearchIndex(dossier.index)
        self.call_from_thread(self._search_index_built, dossier, built)
        prepare(dossier)  # so that the first reload costs what the next ones do

    def _search_index_built(self, dossier: Dossier, built: SearchIndex) -> None:
        if dossier is self.dossier:
            self._search_index = built
            gc.freeze()  # as after loading: long-lived, kept out of full collections

    def _release_old_records(self) -> None:
        """Let the records a reload replaced go, once reloads have settled.

        Frozen objects are never collected, even when nothing refers to them any more:
        freezing again after every reload would keep every old generation for good.
        So thaw now and, off the key path once the reloads stop, collect once and
        freeze what is left.
        """
        gc.unfreeze()
        if self._collect_timer is not None:
            self._collect_timer.stop()
        self._collect_timer = self.set_timer(self.collect_delay, self._collect_and_freeze)

    def _collect_and_freeze(self) -> None:
        self._collect_timer = None
        gc.collect()
        release_free_memory()  # what the old records held, in the middle of the heap too
        gc.freeze()
        if self.dossier is not None:
            save_in_background(self.dossier)  # the cache, once reloads have settled

    def search_index(self) -> SearchIndex:
        """The search index for the current dossier (built now if the worker has not yet)."""
        from parley.dossier.search import SearchIndex

        if self._search_index is None:
            assert self.dossier is not None
            self._search_index = SearchIndex(self.dossier.index)
        return self._search_index

    # -- the editor -------------------------------------------------------------

    async def edit_file(self, path: Path, line: int) -> None:
        """Open ``path`` at ``line`` in the user's editor, then re-read the folder."""
        try:
            self._run_editor(edit_argv(path, line))
        except NoEditor as error:
            self.report_problem("editor", "", error, reason=str(error))
            return
        except Exception as error:
            self.report_problem("editor", "cannot start the editor", error)
            return
        self.clear_problem("editor")
        await self.refresh_dossier()

    def _run_editor(self, argv: list[str]) -> None:
        """Run the editor with the app suspended; raise what it raised once the app is back."""
        failure: Exception | None = None
        try:
            with self.suspend():
                # Textual resumes only when this block ends normally: catch here, raise after.
                try:
                    run_editor(argv)
                except Exception as error:
                    failure = error
        except SuspendNotSupported:
            run_editor(argv)
        if failure is not None:
            raise failure

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """The sides' colours, for the theme's darkness (a theme may set its own)."""
        return side_variables(self.current_theme.dark)

    # -- the user's settings: config.toml ---------------------------------------------

    def _apply_settings(self) -> None:
        """The user's keys and theme; what cannot be used is told and listed in `!`."""
        settings = read_settings()
        keymap, problems = check_keymap(settings.keys)
        problems = settings.problems + problems
        if keymap:
            self.keymap = keymap
            self.set_keymap(keymap)
        self._apply_theme(settings.theme, problems)
        self._saved_theme = self.theme
        self._settings_problems(problems)

    def _apply_theme(self, saved: str | None, problems: list[str]) -> None:
        """``TEXTUAL_THEME`` when it names a theme, else the theme config.toml holds.

        The variable wins: it is set for one run or one terminal, the file for every run.
        """
        wanted = os.environ.get(THEME_VARIABLE, "").strip()
        if wanted in self.available_themes:
            self.theme = wanted
            return
        if wanted:
            problems.append(f"{THEME_VARIABLE}={wanted!r}: no such theme (ctrl+p, Theme)")
        if saved is not None:
            if saved in self.available_themes:
                self.theme = saved
            else:
                problems.append(f"theme {saved!r}: no such theme (ctrl+p, Theme)")

    def _settings_problems(self, problems: list[str]) -> None:
        path = config_path()
        for topic in [t for t in self._app_problems if t.startswith("config ")]:
            del self._app_problems[topic]
        for n, message in enumerate(problems):
            said = safe(f"{CONFIG_NAME}: {message}")
            self._app_problems[f"config {n}"] = Problem(path, 1, 1, "error", said)
        if problems:
            more = f" (and {len(problems) - 1} more: press !)" if len(problems) > 1 else ""
            told = safe(f"{path}: {problems[0]}{more}")
            self.notify(told, severity="warning", timeout=10, markup=False)
            self._app_problems_changed()

    def action_suspend_process(self) -> None:
        """Back to the shell, as ctrl+z is in any terminal program: the whole job stops.

        Textual stops only its own process. Started through another program (``make run``,
        a script), the shell then goes on waiting for that parent and never gives its prompt
        back. So the terminal is given back first, then the foreground process group is
        stopped, as the terminal's own ctrl+z does; the shell's ``fg`` continues the group
        and the driver's SIGCONT handler draws the app again.
        """
        from textual.drivers.linux_driver import LinuxDriver

        driver = self._driver
        if not isinstance(driver, LinuxDriver):  # headless, Windows, the web: no job control
            super().action_suspend_process()
            return
        self._suspend_signal()
        if driver._auto_restart:
            driver.suspend_application_mode()
            driver._must_signal_resume = True  # so the app hears it is back, as Textual does
        try:
            os.killpg(os.getpgrp(), signal.SIGSTOP)
        except OSError:  # the group cannot be signalled: stop this process alone
            os.kill(os.getpid(), signal.SIGSTOP)

    def watch_theme(self, theme: str) -> None:
        """Remember a theme the user picks, for the next start."""
        if self._saved_theme is None or theme == self._saved_theme:
            return  # still starting, or nothing new
        try:
            save_theme(theme)
        except (OSError, WriteRefused) as error:
            self.report_problem("config", "cannot remember the theme", error)
            return
        self._saved_theme = theme
        self.clear_problem("config")

    # -- failures: told, listed, logged; the app goes on ------------------------------

    @property
    def app_problems(self) -> list[Problem]:
        """Failures of the app itself, for the problems view and the footer count."""
        return list(self._app_problems.values())

    def report_problem(
        self, topic: str, what: str, error: BaseException, *, reason: str | None = None
    ) -> None:
        """Tell the user in one line, list it in `!`, keep the traceback in the log."""
        told = safe(reason) if reason is not None else log.describe(error)
        entry = log.record(f"{what}: {told}" if what else told, error)
        message = f"parley: {what + ': ' if what else ''}{told}; {entry.note}"
        self._app_problems.pop(topic, None)  # the newest last
        self._app_problems[topic] = Problem(entry.path, entry.line, 1, "error", message)
        self.notify(message, severity="error", timeout=10, markup=False)
        self._app_problems_changed()

    def clear_problem(self, topic: str) -> None:
        """Forget a failure once the same work has succeeded."""
        if self._app_problems.pop(topic, None) is not None:
            self._app_problems_changed()

    def _app_problems_changed(self) -> None:
        # A message, not a call: a screen still being composed handles it once it can.
        for screen in self.screen_stack:
            screen.post_message(AppProblemsChanged())

    def restore(self, dossier: Dossier) -> None:
        """Show ``dossier`` again after a reload failed half way."""
        try:
            self.apply_dossier(dossier)
        except Exception as error:
            log.record("restoring the last good state failed", error)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if event.state is WorkerState.ERROR and worker.error is not None:
            what = WORKER_TASKS.get(worker.group, f"{worker.name} failed")
            self.report_problem(worker.group, what, worker.error)
            if worker.group == "load":
                self._show_load_failure()
        elif event.state is WorkerState.SUCCESS:
            self.clear_problem(worker.group)

    def _show_load_failure(self) -> None:
        """Nothing to show: say so where the loading text was, instead of the progress."""
        self._loading_since = self._progress = self._loading_bar = None
        self.query("#loading-bar, #loading-step").remove()
        for text in self.query("#loading-text").results(Static):
            problem = self._app_problems.get("load")
            text.update(problem.message if problem else "")

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Run a key's action; if it fails, say so and go on (Textual would end the app)."""
        # "screen.show_kind('round')" is told as "show_kind".
        name = action.partition("(")[0].rpartition(".")[2] if isinstance(action, str) else action[1]
        try:
            handled = await super().run_action(action, default_namespace, namespaces)
        except Exception as error:
            self.report_problem(f"action {name}", f"{name} failed", error)
            return True
        self.clear_problem(f"action {name}")
        return handled

    def _handle_exception(self, error: Exception) -> None:
        # Textual's last resort, which ends the app: keep the details in the log.
        entry = log.record("the app stopped on an error", error)
        self.stopped_on = self.stopped_on or entry  # the first error is the one to look at
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        # Textual prints the traceback with its locals (file text included) on exit:
        # it is in the log instead, and `parley` says where.
        self.bell()
        self._close_messages_no_wait()

    def deliver_screenshot(
        self,
        filename: str | None = None,
        path: str | None = None,
        time_format: str | None = None,
    ) -> str | None:
        """Save an SVG of the screen in the current folder, and say where.

        Textual saves to the Downloads folder, and fails where there is none.
        """
        try:
            saved = Path(self.save_screenshot(filename, path or os.getcwd(), time_format))
        except OSError as error:
            self.report_problem("screenshot", "cannot save the screenshot", error)
            return None
        self.clear_problem("screenshot")
        self.notify(safe(f"Saved the screenshot to {saved.resolve()}"), markup=False)
        return str(saved)

    # -- quitting: q, ctrl+q and ctrl+c --------------------------------------------------

    async def action_quit(self) -> None:
        """Quit at once; while a form holds typed text, only once the user says to discard it."""
        from parley.ui.screens.discard import DiscardForm

        if isinstance(self.screen, DiscardForm) or not self._typed_text_open():
            self.exit()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.exit()

        self.push_screen(DiscardForm(), answered)

    def action_help_quit(self) -> None:
        """ctrl+c with nothing selected to copy: quit, as in most terminal programs.

        Textual only says which key quits, since ctrl+c copies in a text field; a
        field's own ctrl+c still copies, and a form never sees this one.
        """
        self.call_next(self.action_quit)

    def _typed_text_open(self) -> bool:
        """Whether a screen on the stack is a form holding typed text."""
        for screen in self.screen_stack:
            typed = getattr(screen, "typed", None)
            if callable(typed) and typed():
                return True
        return False

    def action_help(self) -> None:
        from parley.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())
