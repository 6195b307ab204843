"""What the history and changes views look like, at 120x40 and 80x24 (SVGs in __snapshots__)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from parley.dossier.load import load
from parley.ui.app import ParleyApp
from parley.ui.screens.history import GitListScreen
from tests.gitrepo import CLAIM, PERSON, Repo, history_repo, no_user_git_config

SnapCompare = Callable[..., bool]


@pytest.fixture(autouse=True)
def _git_config(monkeypatch: pytest.MonkeyPatch) -> None:
    no_user_git_config(monkeypatch)


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> ParleyApp:
    """The app on a dossier in git whose statement has a history; fixed dates: fixed hashes."""
    history_repo(tmp_path / "dossier")
    monkeypatch.chdir(tmp_path)
    return ParleyApp(Path("dossier"), load("dossier"), watch=False)


async def history_read(pilot: Pilot[Any]) -> None:
    """Open the statement's history and wait (at most 30 s) until git has been read."""
    await pilot.pause()
    await pilot.press("3", "H")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, GitListScreen)
    await asyncio.wait_for(screen.read_done.wait(), 30)
    await pilot.pause()


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_history_view(snap_compare: SnapCompare, app: ParleyApp, size: tuple[int, int]) -> None:
    """Each commit newest first: hash, date, author, subject, and the change beneath it."""
    assert snap_compare(app, run_before=history_read, press=["j"], terminal_size=size)


def changes_repo(root: Path) -> Repo:
    """A dossier tagged v1, then changed by a commit and in the working tree: fixed dates."""
    repo = Repo(root)
    repo.write("people/vladimir-medinsky.toml", PERSON)
    repo.write("claims/truce.toml", CLAIM.format(text="There will be no truce."))
    repo.write("claims/talks.toml", CLAIM.format(text="The talks will go on in Istanbul."))
    repo.commit("First statements")
    repo.git("tag", "v1")
    repo.write("claims/truce.toml", CLAIM.format(text="There will be no truce for now."))
    (root / "claims/talks.toml").unlink()
    repo.write("claims/memorandum.toml", CLAIM.format(text="We will hand over a memorandum."))
    repo.write("people/rustem-umerov.toml", 'name = "Rustem Umerov"\nside = "ukraine"\n')
    repo.commit("Reword the truce statement; the memorandum; Umerov", author="Bob Editor")
    repo.write("claims/exchange.toml", CLAIM.format(text="A thousand for a thousand."))
    return repo


async def changes_read(pilot: Pilot[Any]) -> None:
    """Ask for the changes since v1 and wait (at most 30 s) until git has been read."""
    await pilot.pause()
    await pilot.press("C", *"v1", "enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, GitListScreen)
    await asyncio.wait_for(screen.read_done.wait(), 30)
    await pilot.pause()


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_changes_view(
    snap_compare: SnapCompare, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    size: tuple[int, int],
) -> None:  # fmt: skip
    """Records added, removed and changed since v1, by kind, each change beneath its record."""
    changes_repo(tmp_path / "dossier")
    monkeypatch.chdir(tmp_path)
    app = ParleyApp(Path("dossier"), load("dossier"), watch=False)
    assert snap_compare(app, run_before=changes_read, press=["j"], terminal_size=size)
