"""`C` in the app: the changes since a revision, stoppable with esc while git runs."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import socket
import sys
from pathlib import Path

import pytest
from textual.widgets import Static

from parley.dossier.load import load
from parley.present.panes import Row
from parley.ui.app import ParleyApp
from parley.ui.messages import GitReadEnded
from parley.ui.screens.changes import ChangesScreen
from parley.ui.screens.history import ChangeScreen, GitListScreen, HistoryScreen
from parley.ui.screens.main import MainScreen
from parley.ui.widgets.keybar import KeyBar
from parley.ui.widgets.rowlist import RowList
from tests.conftest import Messages
from tests.gitrepo import CLAIM, PERSON, Repo, no_user_git_config, truce_repo


@pytest.fixture(autouse=True)
def _git_config(monkeypatch: pytest.MonkeyPatch) -> None:
    no_user_git_config(monkeypatch)


def dossier(tmp_path: Path) -> Repo:
    repo = truce_repo(tmp_path / "repo")
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


def footer(app: ParleyApp) -> str:
    return str(app.screen.query_one(KeyBar).render())


async def test_enter_is_labelled_show_change_and_shows_it(
    tmp_path: Path, messages: Messages
) -> None:
    """In both git views the footer names what enter does there, not the list's "Open"."""
    repo = dossier(tmp_path)
    app = ParleyApp(repo.root, load(repo.root), watch=False)
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await pilot.pause()
        for keys in (["C", "enter"], ["3", "H"]):  # changes since HEAD; the claim's history
            mark = messages.mark()
            await pilot.press(*keys)
            await messages.wait(GitReadEnded, after=mark)
            await pilot.pause()
            assert isinstance(app.screen, GitListScreen)
            assert " ⏎ Show change " in footer(app) and "Open" not in footer(app)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ChangeScreen)
            assert "No truce now." in str(app.screen.query_one("#change-text", Static).render())
            assert "Back" in footer(app) and "Show change" not in footer(app)
            await pilot.press("escape", "escape")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)


async def test_a_narrow_terminal_still_shows_the_new_wording(
    tmp_path: Path, messages: Messages
) -> None:
    """At 80 columns both sides of a reworded statement show, not only the old one."""
    repo = Repo(tmp_path / "repo")
    said = "There will be no truce until every occupied region is handed over, Medinsky said."
    repo.write("claims/truce.toml", CLAIM.format(text=said))
    repo.commit("Add the truce statement")
    repo.write("claims/truce.toml", CLAIM.format(text="Not now: a truce can wait, Medinsky said."))
    app = ParleyApp(repo.root, load(repo.root), watch=False)
    async with app.run_test(size=(80, 24), message_hook=messages) as pilot:
        await pilot.pause()
        await pilot.press("C", "enter")
        await messages.wait(GitReadEnded)
        await pilot.pause()
        listing = app.screen.query_one(RowList)
        assert isinstance(app.screen, ChangesScreen)
        width = listing.scrollable_content_region.width
        row = next(r for r in listing.rows if r.heading is None)
        detail = app.screen.render_row(row, width).plain.splitlines()[1]
        assert 'text: "There will be no truce' in detail
        assert '→ "Not now: a truce can' in detail


def test_a_narrow_history_row_keeps_the_subject_and_the_new_wording(tmp_path: Path) -> None:
    """At 80 columns a long author name is cut before the subject is, and both values show."""
    from parley.files.record_log import RecordLog

    repo = Repo(tmp_path / "repo")
    said = "There will be no truce until every occupied region is handed over, Medinsky said."
    repo.write("claims/truce.toml", CLAIM.format(text=said))
    repo.commit("Add the truce statement")
    repo.write("claims/truce.toml", CLAIM.format(text="Not now: a truce can wait, Medinsky said."))
    repo.commit("Reword against the transcript", author="The Istanbul desk's maintainers")
    path = repo.root / "claims/truce.toml"
    screen = HistoryScreen(repo.root, "truce", path, "Not now")
    screen.entries = list(RecordLog(repo.root, path).entries())
    first, change = screen.render_row(Row(position=0), 76).plain.splitlines()
    assert "The Istanbul desk" in first and "Reword against the" in first
    assert 'text: "There will be no truce' in change and '→ "Not now: a truce can' in change


def test_a_value_holding_a_semicolon_is_measured_whole(tmp_path: Path) -> None:
    """A "; " inside a value is no field's end: the new value still shows at 80 columns."""
    from parley.ui.screens.changes import ChangesSource

    repo = Repo(tmp_path / "repo")
    before = "First; the second source agrees that the delegations met at the palace."
    repo.write("people/vladimir-medinsky.toml", PERSON + f'notes = "{before}"\n')
    repo.commit("Add Medinsky")
    after = "Both sources agree that the delegations met at the palace in the morning."
    repo.write("people/vladimir-medinsky.toml", PERSON + f'notes = "{after}"\n')
    screen = ChangesScreen(repo.root, "HEAD")
    screen.entries = list(ChangesSource(repo.root, "HEAD").entries())
    row = next(r for r in screen.rows() if r.heading is None)
    detail = screen.render_row(row, 76).plain.splitlines()[1]
    assert '→ "Both sources agree' in detail


def test_a_second_field_never_cuts_into_the_first(tmp_path: Path) -> None:
    """A row's first field shows whole, to its closing quote, though another follows it."""
    from parley.ui.screens.changes import ChangesSource

    repo = Repo(tmp_path / "repo")
    notes = "Spelled as the first article gives it, a transliteration from the Russian."
    repo.write("people/vladimir-medinsky.toml", PERSON + f'notes = "{notes}"\n')
    repo.commit("Add Medinsky")
    notes = "Spelled as the second article gives it, a transliteration from Ukrainian."
    role = '\n[[roles]]\ntitle = "aide"\n'
    repo.write("people/vladimir-medinsky.toml", PERSON + f'notes = "{notes}"\n' + role)
    screen = ChangesScreen(repo.root, "HEAD")
    screen.entries = list(ChangesSource(repo.root, "HEAD").entries())
    row = next(r for r in screen.rows() if r.heading is None)
    detail = screen.render_row(row, 76).plain.splitlines()[1]
    assert "……" not in detail
    assert detail.startswith('    notes: "Spelled as the first')
    assert re.search(r'→ "Spelled as the second[^"]*"', detail)  # its closing quote shown


async def test_a_shallow_clone_says_so_in_the_changes_view(
    tmp_path: Path, messages: Messages
) -> None:
    repo = dossier(tmp_path)
    repo.commit("Reword")
    clone = tmp_path / "clone"
    repo.git("clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone))
    app = ParleyApp(clone, load(clone), watch=False)
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await pilot.pause()
        await pilot.press("C", "enter")
        await messages.wait(GitReadEnded)
        await pilot.pause()
        listing = app.screen.query_one(RowList)
        assert "this clone is shallow" in str(listing.border_subtitle)


async def test_a_mistyped_revision_is_said_in_the_list_only(
    tmp_path: Path, messages: Messages
) -> None:
    """No such revision: the list says so; no problem entry, no log to go and read."""
    repo = dossier(tmp_path)
    app = ParleyApp(repo.root, load(repo.root), watch=False)
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await pilot.pause()
        await pilot.press("C", *"nosuch", "enter")
        await messages.wait(GitReadEnded)
        await pilot.pause()
        listing = app.screen.query_one(RowList)
        assert listing.empty_text == "no such revision: nosuch"
        assert not app.app_problems
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
