"""The app started the way the README starts it, edited from outside while it runs.

`make run` runs `parley` from the project root, which opens `dossiers` given
relatively, with the real file watcher on. Every user does this; a test that
starts the app with an absolute temporary path would miss what only they meet.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from parley.cli import browser
from parley.dossier.model import Kind
from parley.ui.messages import DossierChanged, DossierOpened, WatcherReady
from parley.ui.screens.main import MainScreen
from parley.ui.widgets.detail import DetailPane

from .conftest import BUNDLED_DOSSIERS as DOSSIERS
from .conftest import Messages

KYS = "serhii-kyslytsia"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project root holding a copy of the bundled dossiers, as a fresh clone does."""
    root = tmp_path / "parley"
    shutil.copytree(DOSSIERS, root / "dossiers")
    return root


def rename_kyslytsia(folder: Path, name: str) -> None:
    person = folder / "people" / f"{KYS}.toml"
    text = person.read_text("utf-8")
    person.write_text(text.replace('name = "Serhii Kyslytsia"', f'name = "{name}"', 1), "utf-8")


async def edit_while_running(folder_arg: str | None, folder: Path, messages: Messages) -> None:
    app = browser(folder_arg)
    assert app is not None
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await messages.wait(DossierOpened)
        await messages.wait(WatcherReady)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.selected == KYS
        rename_kyslytsia(folder, "Serhii Kyslytsia (edited)")
        await messages.wait(
            DossierChanged,
            where=lambda m: getattr(m.dossier.index.get(KYS), "name", "").endswith("(edited)"),
        )
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert "Serhii Kyslytsia (edited)" in screen.query_one(DetailPane).content.plain
        # A new file from outside shows too.
        (folder / "claims" / "from-outside.toml").write_text(
            'side = "ukraine"\ntype = "paraphrase"\ntext = "Written elsewhere."\n', "utf-8"
        )
        await messages.wait(
            DossierChanged, where=lambda m: "from-outside" in m.dossier.index.ids(Kind.CLAIM)
        )
        assert app.is_running


async def test_started_from_the_project_root_as_the_readme_says(
    project: Path, monkeypatch: pytest.MonkeyPatch, messages: Messages
) -> None:
    monkeypatch.chdir(project)
    await edit_while_running(None, project / "dossiers", messages)


async def test_started_from_inside_the_folder(
    project: Path, monkeypatch: pytest.MonkeyPatch, messages: Messages
) -> None:
    monkeypatch.chdir(project / "dossiers")
    await edit_while_running(".", project / "dossiers", messages)


def _pane(socket: str, session: str) -> str:
    result = subprocess.run(
        ["tmux", "-S", socket, "capture-pane", "-p", "-t", session],
        capture_output=True, text=True, timeout=10, check=False,
    )  # fmt: skip
    return result.stdout


def _until_shown(socket: str, session: str, text: str, seconds: float = 40.0) -> str:
    """The pane once it shows ``text``; fails after ``seconds`` (an outside process: polled)."""
    deadline = time.monotonic() + seconds
    screen = ""
    while time.monotonic() < deadline:
        screen = _pane(socket, session)
        if text in screen or "Traceback" in screen or "__ENDED__" in screen:
            break
        time.sleep(0.2)
    return screen


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux for a real terminal")
@pytest.mark.timeout(120)
def test_a_real_terminal_keeps_running_through_an_outside_edit(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # A server of its own: no user's tmux (or a test running beside this one) is touched.
    socket = str(tmp_path_factory.mktemp("tmux") / "socket")
    session = f"parley-launch-{os.getpid()}"
    command = f"cd '{project}' && '{sys.executable}' -m parley; echo __ENDED__ $?; sleep 30"
    subprocess.run(
        ["tmux", "-S", socket, "-f", os.devnull, "new-session", "-d", "-s", session,
         "-x", "120", "-y", "40", command],
        check=True, timeout=10,
    )  # fmt: skip
    try:
        screen = _until_shown(socket, session, "Serhii Kyslytsia")
        assert "Serhii Kyslytsia" in screen, screen
        rename_kyslytsia(project / "dossiers", "Serhii Kyslytsia-Edited")
        screen = _until_shown(socket, session, "Kyslytsia-Edited")
        assert "Traceback" not in screen and "__ENDED__" not in screen, screen
        assert "Kyslytsia-Edited" in screen, screen
    finally:
        subprocess.run(["tmux", "-S", socket, "kill-server"], timeout=10, check=False)


async def test_a_fifo_appearing_while_running_does_not_stop_live_reload(
    project: Path, messages: Messages
) -> None:
    folder = project / "dossiers"
    app = browser(str(folder))
    assert app is not None
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await messages.wait(DossierOpened)
        await messages.wait(WatcherReady)
        os.mkfifo(folder / "claims" / "pipe.toml")  # nothing ever writes to it
        changed = await messages.wait(
            DossierChanged,
            where=lambda m: any("not a regular file" in p.message for p in m.dossier.problems),
        )
        assert any(p.path.name == "pipe.toml" for p in changed.dossier.errors)
        (folder / "claims" / "after-the-pipe.toml").write_text(
            'side = "russia"\ntype = "paraphrase"\ntext = "Still live."\n', "utf-8"
        )
        await messages.wait(
            DossierChanged, where=lambda m: "after-the-pipe" in m.dossier.index.ids(Kind.CLAIM)
        )
        await pilot.pause()
        assert app.is_running


async def test_the_folder_renamed_away_and_back_while_running(
    project: Path, messages: Messages
) -> None:
    folder = project / "dossiers"
    app = browser(str(folder))
    assert app is not None
    app.watch_retry = 0.05
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        opened = await messages.wait(DossierOpened)
        await messages.wait(WatcherReady)
        claims = len(opened.dossier.index.ids(Kind.CLAIM))
        mark = messages.mark()
        folder.rename(project / "elsewhere")
        gone = await messages.wait(
            DossierChanged,
            after=mark,
            where=lambda m: any("is gone" in p.message for p in m.dossier.errors),
        )
        # The last good records stay on screen, marked stale, with the reason.
        assert len(gone.dossier.index.ids(Kind.CLAIM)) == claims
        mark = messages.mark()
        (project / "elsewhere").rename(folder)
        back = await messages.wait(DossierChanged, after=mark, where=lambda m: not m.dossier.errors)
        assert len(back.dossier.index.ids(Kind.CLAIM)) == claims and not back.dossier.stale
        # And it is followed again.
        await messages.wait(WatcherReady, after=mark)
        (folder / "claims" / "after-return.toml").write_text(
            'side = "russia"\ntype = "paraphrase"\ntext = "Back."\n', "utf-8"
        )
        await messages.wait(
            DossierChanged, where=lambda m: "after-return" in m.dossier.index.ids(Kind.CLAIM)
        )
        await pilot.pause()
        assert app.is_running
