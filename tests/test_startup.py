"""Start-up: the first screen loads only what it shows, and a big folder shows its progress."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import ProgressBar, Static

import parley.ui.app
from parley.dossier.archive import _EMPHASIS, _QUOTES, Folded, fold
from parley.dossier.load import Dossier, load
from parley.dossier.model import Kind
from parley.ui.app import ParleyApp
from parley.ui.messages import DossierChanged, DossierOpened, LoadProgress, WatcherReady
from parley.ui.screens.main import MainScreen

from .conftest import DOSSIERS, ROOT, Messages

sys.path.insert(0, str(ROOT / "benchmarks"))
import bench_startup

# -- what the first screen loads -------------------------------------------------------------

# `parley DIR` as the command runs it, up to the moment the browser shows the dossier: the
# modules loaded by then, as JSON. The app runs headless (there is no terminal here).
FIRST_SCREEN = """
import asyncio, json, sys
from parley import cli
from parley.ui.app import ParleyApp
from parley.ui.messages import DossierOpened

def run_headless(app: ParleyApp) -> None:
    opened = asyncio.Event()
    modules = []

    def hook(message: object) -> None:
        if isinstance(message, DossierOpened) and not modules:
            modules.extend(sorted(sys.modules))
            opened.set()

    async def drive() -> None:
        async with app.run_test(size=(120, 40), message_hook=hook):
            await opened.wait()
    asyncio.run(drive())
    print(json.dumps(modules))

ParleyApp.run = run_headless
cli.not_a_terminal = lambda: None  # headless: no terminal is needed
sys.exit(cli.main([sys.argv[1]]))
"""

# What opening the browser does not need, and what each cost the start when it was loaded.
DEFERRED = [
    "watchfiles",  # the watcher starts once the browser is on screen
    "anyio",
    "rapidfuzz",  # near matches: for mistakes, search and suggestions
    "anyascii",
    "parley.dossier.search",  # built after the first paint
    "parley.export.formats",  # the export command's parser, and every format
    "parley.export.cite",
    "logging.handlers",  # the log file, written on a failure
    "parley.files.importer",
    "parley.ui.screens.search",
    "parley.ui.screens.help",
    "parley.ui.screens.reader",
    "textual.widgets._progress_bar",  # only a big folder shows one
]


def test_the_first_screen_loads_none_of_what_it_does_not_need(tmp_path: Path) -> None:
    folder = tmp_path / "dossiers"
    shutil.copytree(DOSSIERS, folder)
    done = subprocess.run(
        [sys.executable, "-c", FIRST_SCREEN, str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    modules = set(json.loads(done.stdout.splitlines()[-1]))
    assert "parley.ui.screens.main" in modules  # it did get to the browser
    assert [name for name in DEFERRED if name in modules] == []


# -- the cold open: a bar for a big folder ---------------------------------------------------


def many_claims(folder: Path, count: int) -> Path:
    """A dossier of ``count`` small statements and nothing else."""
    claims = folder / "claims"
    claims.mkdir(parents=True)
    for n in range(count):
        text = f'side = "ukraine"\ntype = "paraphrase"\ntext = "Statement {n}."\n'
        (claims / f"claim-{n}.toml").write_text(text, "utf-8")
    return folder


async def test_a_big_folder_tells_its_progress_before_it_opens(
    tmp_path: Path, messages: Messages
) -> None:
    folder = many_claims(tmp_path / "big", 2_500)
    app = ParleyApp(folder, watch=False)
    async with app.run_test(size=(80, 24), message_hook=messages):
        opened = await messages.wait(DossierOpened)
        told = [(m.done, m.total) for m in messages.seen if isinstance(m, LoadProgress)]
        assert told == [(0, 2_500), (1_000, 2_500), (2_000, 2_500), (2_500, 2_500)]
        assert messages.seen.index(opened) > max(
            n for n, m in enumerate(messages.seen) if isinstance(m, LoadProgress)
        )
        assert len(opened.dossier.index.ids(Kind.CLAIM)) == 2_500


class HeldLoad:
    """A load of a big folder that tells its progress and goes on only when the test says."""

    def __init__(self, total: int = 10_000, *, tells: bool = True) -> None:
        self.total = total
        self.tells = tells
        self.reading = threading.Event()
        self.checking = threading.Event()

    def __call__(self, folder: Path, progress: Any = None) -> Dossier:
        tell = progress if self.tells else lambda done, total: None
        tell(0, self.total)
        tell(3_000, self.total)
        self.reading.wait(timeout=30)
        tell(self.total, self.total)
        self.checking.wait(timeout=30)
        return load(DOSSIERS)

    def release(self) -> None:
        self.reading.set()
        self.checking.set()


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Any:
    held = HeldLoad()
    monkeypatch.setattr(parley.ui.app, "open_dossier", held)
    yield held
    held.release()  # never leave the loading thread waiting


def step(app: ParleyApp) -> str:
    return str(app.query_one("#loading-step", Static).render())


def told(total: int, done: int | None = None) -> Any:
    return lambda m: m.total == total and (done is None or m.done == done)


async def test_the_bar_shows_files_read_then_checking_links_then_the_browser(
    tmp_path: Path, held: HeldLoad, messages: Messages
) -> None:
    app = ParleyApp(tmp_path, watch=False)
    app.loading_bar_delay = 0.0
    async with app.run_test(size=(80, 24), message_hook=messages) as pilot:
        await messages.wait(LoadProgress, where=told(10_000, 3_000))
        await pilot.pause()
        bar = app.query_one(ProgressBar)
        assert (bar.progress, bar.total) == (3_000, 10_000)
        assert step(app) == "Read 3,000 of 10,000 files"
        held.reading.set()
        await messages.wait(LoadProgress, where=told(10_000, 10_000))
        await pilot.pause()
        assert bar.percentage == 1
        assert step(app) == "Checking links…"
        held.checking.set()
        await messages.wait(DossierOpened)
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert not app.query(ProgressBar)


async def test_q_while_the_bar_shows_quits(
    tmp_path: Path, held: HeldLoad, messages: Messages
) -> None:
    app = ParleyApp(tmp_path, watch=False)
    app.loading_bar_delay = 0.0
    async with app.run_test(size=(80, 24), message_hook=messages) as pilot:
        await messages.wait(LoadProgress, where=told(10_000, 3_000))
        await pilot.pause()
        assert app.query(ProgressBar)
        await pilot.press("q")
    assert app.return_code == 0


async def test_a_small_folder_never_flashes_a_bar(messages: Messages) -> None:
    app = ParleyApp(DOSSIERS, watch=False)
    app.loading_bar_delay = 0.0  # at once, were the folder big enough to need one
    shown: list[bool] = []

    def look(message: Message) -> None:
        messages(message)
        if app.dossier is None and app.screen_stack:  # loading: is there a bar, or numbers?
            steps = [str(text.render()) for text in app.query("#loading-step").results(Static)]
            shown.append(bool(app.query(ProgressBar)) or any(steps))

    async with app.run_test(size=(80, 24), message_hook=look):
        await messages.wait(DossierOpened)
    assert any(isinstance(m, LoadProgress) for m in messages.seen)
    assert shown and not any(shown)


def test_the_loading_screen_of_a_big_folder(
    snap_compare: Any, tmp_path: Path, held: HeldLoad, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 80x24: the folder, the bar at 30 %, the files read."""
    held.tells = False  # the progress comes from the test alone, so it is always the same
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dossiers").mkdir()
    app = ParleyApp(Path("dossiers"), watch=False)
    app.loading_bar_delay = 0.0

    async def shown(pilot: Pilot[Any]) -> None:
        pilot.app.post_message(LoadProgress(3_000, 10_000))
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=shown)


# -- the watcher, started after the browser shows --------------------------------------------


async def test_an_edit_made_while_the_folder_loaded_is_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messages: Messages
) -> None:
    folder = tmp_path / "dossiers"
    shutil.copytree(DOSSIERS, folder)
    person = folder / "people" / "serhii-kyslytsia.toml"

    def load_then_edit(root: Path, progress: Any = None) -> Dossier:
        dossier = load(root, progress)
        # Read already, and changed before anything watches the folder.
        text = person.read_text("utf-8")
        person.write_text(text.replace('name = "Serhii Kyslytsia"', 'name = "Edited Meanwhile"'))
        return dossier

    monkeypatch.setattr(parley.ui.app, "open_dossier", load_then_edit)
    app = ParleyApp(folder)
    async with app.run_test(size=(120, 40), message_hook=messages):
        opened = await messages.wait(DossierOpened)
        assert (
            getattr(opened.dossier.index.get("serhii-kyslytsia"), "name", "") != "Edited Meanwhile"
        )
        await messages.wait(WatcherReady)
        await messages.wait(
            DossierChanged,
            where=lambda m: (
                getattr(m.dossier.index.get("serhii-kyslytsia"), "name", "") == "Edited Meanwhile"
            ),
        )


async def test_an_edit_while_a_big_folder_loads_is_applied_once_it_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messages: Messages
) -> None:
    folder = many_claims(tmp_path / "big", 1_200)
    watching = threading.Event()

    def load_edit_load(root: Path, progress: Any = None) -> Dossier:
        dossier = load(root, progress)
        watching.wait(timeout=10)  # the watcher runs while a big folder loads
        (root / "claims" / "claim-7.toml").write_text(
            'side = "ukraine"\ntype = "paraphrase"\ntext = "Edited while loading."\n', "utf-8"
        )
        return dossier

    monkeypatch.setattr(parley.ui.app, "open_dossier", load_edit_load)
    app = ParleyApp(folder)
    async with app.run_test(size=(80, 24), message_hook=messages):
        await messages.wait(WatcherReady)
        # Watching before the browser opens: nothing to compare once it does.
        assert not any(isinstance(m, DossierOpened) for m in messages.seen)
        watching.set()
        await messages.wait(
            DossierChanged,
            where=lambda m: (
                getattr(m.dossier.index.get("claim-7"), "text", "") == "Edited while loading."
            ),
        )


# -- archives folded word by word, as they were character by character -----------------------


def folded_per_character(text: str, markdown: bool) -> tuple[str, list[int]]:
    """The normalisation as it was first written, one character at a time."""
    chars: list[str] = []
    origin: list[int] = []
    pending_space = False
    for n, char in enumerate(text):
        if char.isspace():
            pending_space = bool(chars)
            continue
        if markdown and char in _EMPHASIS:
            continue
        if pending_space:
            chars.append(" ")
            origin.append(n - 1)
            pending_space = False
        chars.append(char.translate(_QUOTES))
        origin.append(n)
    origin.append(origin[-1] + 1 if origin else 0)
    return "".join(chars), origin


@pytest.mark.parametrize("markdown", [False, True])
def test_archives_fold_as_before(markdown: bool) -> None:
    pieces = [*"ab*_ \n\t`x", "\u00a0", "\u2003", "\u3000", "\x1c", "\x85", "“", "’", "—"]
    rng = random.Random(12)
    texts = ["", " ", "**", " * _ ", "a ** b", "*a* b_", "x\u00a0 *\ny"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 14))) for _ in range(3000)]
    for text in texts:
        folded = Folded(text, markdown=markdown)
        assert (folded.text, folded.origin) == folded_per_character(text, markdown), repr(text)
        assert fold(text, markdown=markdown) == folded.text, repr(text)


# -- the start-up benchmark cleans up after itself ---------------------------------------------


def test_the_benchmark_kills_a_launch_that_never_shows_its_text() -> None:
    with pytest.raises(TimeoutError):
        bench_startup.time_to_text(
            [sys.executable, "-c", "import time; time.sleep(60)"], "never", timeout=0.5
        )


def test_the_benchmark_leaves_no_child_behind() -> None:
    argv = [sys.executable, "-c", "import time; print('ready', flush=True); time.sleep(60)"]
    with bench_startup._spawned(argv) as (process, _terminal):
        pass
    assert process.poll() is not None  # killed on the way out, not left sleeping
    assert bench_startup.time_to_text(argv, "ready") < 30
