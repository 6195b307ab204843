"""The app never waits on something that may never come: quitting while loading, reloads."""

from __future__ import annotations

import asyncio
import shutil
import threading
from pathlib import Path

import pytest

import parley.ui.app
from parley.dossier.load import Dossier, load
from parley.dossier.model import Kind
from parley.ui.app import ParleyApp
from parley.ui.messages import DossierChanged
from parley.ui.screens.main import MainScreen

from .conftest import DOSSIERS, Messages


@pytest.mark.timeout(30)
async def test_quitting_while_loading_quits_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stuck = threading.Event()

    def endless_load(_folder: object, progress: object = None) -> Dossier:
        stuck.wait()  # a load that never ends (a huge folder, a hung network drive)
        raise AssertionError("unreachable")

    monkeypatch.setattr(parley.ui.app, "open_dossier", endless_load)
    app = ParleyApp(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")
    # Getting here at all is the point: the test's event loop closes without waiting
    # for the loading thread, as the process does when the user quits.
    assert app.return_code == 0


async def test_two_reloads_at_once_lose_no_change(tmp_path: Path, messages: Messages) -> None:
    folder = tmp_path / "dossiers"
    shutil.copytree(DOSSIERS, folder)
    app = ParleyApp(folder, load(folder), watch=False)
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await pilot.pause()
        first, second = folder / "claims" / "one-new.toml", folder / "claims" / "two-new.toml"
        for path in (first, second):
            path.write_text('side = "ukraine"\ntype = "paraphrase"\ntext = "Added."\n', "utf-8")
        # The watcher and an editor's return both ask for a reload, each seeing one file.
        results = await asyncio.gather(app.refresh_dossier({first}), app.refresh_dossier({second}))
        assert results == [True, True]
        assert app.dossier is not None
        assert {"one-new", "two-new"} <= set(app.dossier.index.ids(Kind.CLAIM))
        await messages.wait(DossierChanged)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert {"one-new", "two-new"} <= set(screen.index.ids(Kind.CLAIM))
