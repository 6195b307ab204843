"""`C` in the app: the changes since a revision, stoppable with esc while git runs."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import sys
from pathlib import Path

import pytest

from parley.dossier.load import load
from parley.ui.app import ParleyApp
from parley.ui.messages import GitReadEnded
from parley.ui.screens.changes import ChangesScreen
from parley.ui.screens.main import MainScreen
from parley.ui.widgets.rowlist import RowList
from tests.conftest import Messages
from tests.gitrepo import CLAIM, PERSON, Repo, no_user_git_config


@pytest.fixture(autouse=True)
def _git_config(monkeypatch: pytest.MonkeyPatch) -> None:
    no_user_git_config(monkeypatch)


def dossier(tmp_path: Path) -> Repo:
    repo = Repo(tmp_path / "repo")
    repo.write("people/vladimir-medinsky.toml", PERSON)
    repo.write("claims/truce.toml", CLAIM.format(text="No truce."))
    repo.commit("Add the truce statement")
    repo.write("claims/truce.toml", CLAIM.format(text="No truce now."))
    return repo


def hanging_git(folder: Path, port: int) -> Path:
    """A ``git`` that runs the real one, except ``git diff``: that one sends its process id
    to ``port`` on this machine and then sleeps a minute."""
    real = shutil.which("git")
    assert real is not None
    folder.mkdir()
    script = folder / "git"
    script.write_text(
        f"#!{sys.executable}\n"
        "import os, socket, sys, time\n"
        "if 'diff' in sys.argv[1:]:\n"
        f"    with socket.create_connection(('127.0.0.1', {port}), timeout=10) as s:\n"
        "        s.sendall(str(os.getpid()).encode())\n"
        "    time.sleep(60)\n"
        "    sys.exit(0)\n"
        f"os.execv({real!r}, [{real!r}, *sys.argv[1:]])\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return folder


async def started_pid(server: socket.socket) -> int:
    """The process id the hanging git sends once it runs (waits at most 20 s)."""
    loop = asyncio.get_running_loop()
    conn, _ = await asyncio.wait_for(loop.sock_accept(server), 20)
    with conn:
        data = await asyncio.wait_for(loop.sock_recv(conn, 64), 10)
    return int(data)


def is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def test_esc_stops_a_hanging_git_at_once_then_goes_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messages: Messages
) -> None:
    repo = dossier(tmp_path)
    with socket.create_server(("127.0.0.1", 0)) as server:
        server.setblocking(False)
        fake = hanging_git(tmp_path / "bin", server.getsockname()[1])
        monkeypatch.setenv("PATH", f"{fake}{os.pathsep}{os.environ['PATH']}")
        app = ParleyApp(repo.root, load(repo.root), watch=False)
        async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
            await pilot.pause()
            await pilot.press("C", "enter")  # since HEAD: git diff hangs
            pid = await started_pid(server)
            screen = app.screen
            assert isinstance(screen, ChangesScreen)
            listing = screen.query_one(RowList)
            assert "reading" in str(listing.border_subtitle)
            await pilot.press("escape")
            await pilot.pause()
            # The list says so at once, while git is still being put down.
            assert str(listing.border_subtitle) == "stopped"
            assert listing.empty_text == "Stopped before git gave anything."
            ended = await messages.wait(GitReadEnded, timeout=10)  # git sleeps for 60 s
            assert ended.stopped and not is_running(pid)
            assert not app.app_problems  # stopping is no failure
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
