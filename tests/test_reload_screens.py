"""Screens opened over the browser show a reload too: disputes and search."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from parley.dossier.load import load
from parley.ui.app import ParleyApp
from parley.ui.messages import DossierChanged
from parley.ui.screens.disputes import DisputesScreen, VersionCard
from parley.ui.screens.search import SearchScreen
from parley.ui.widgets.rowlist import RowList

from .conftest import DOSSIERS, Messages


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "dossiers"
    shutil.copytree(DOSSIERS, copy)
    return copy


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


async def reloaded(app: ParleyApp, messages: Messages, rowlist: str) -> None:
    """Reload, and wait until the list ``rowlist`` on the open screen shows it."""
    mark = messages.mark()
    assert await app.refresh_dossier()
    await messages.wait(DossierChanged, after=mark)
    await messages.wait(
        RowList.Highlighted, after=mark, where=lambda m: m.rowlist.id == rowlist, timeout=10
    )


async def test_open_disputes_show_a_reload_keeping_the_version_in_focus(
    folder: Path, messages: Messages
) -> None:
    app = ParleyApp(folder, load(folder), watch=False)
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DisputesScreen)
        count = len(screen.disputes)
        listing = screen.query_one("#dispute-list", RowList)
        listing.cursor = [d.title for d in screen.disputes].index("First meeting length")
        await pilot.pause()
        await pilot.press("enter", "right")
        await pilot.pause()
        focused = screen.focused
        assert isinstance(focused, VersionCard)
        claim_file = folder / "claims" / f"{focused.claim_id}.toml"
        edit(claim_file, 'text = "', 'text = "Edited on disk: ')
        edit(claim_file, '"first-meeting-length"', '"first-meeting-length", "a-new-point"')
        await reloaded(app, messages, "dispute-list")
        await pilot.pause()
        assert app.screen is screen
        assert listing.border_title == f"Contested points ({count + 1})"
        # Still on the same point, which the versions' title names.
        title = str(screen.query_one("#dispute-title", Static).render())
        assert title.startswith("First meeting length: ")
        cards = list(screen.query(VersionCard))
        texts = " ".join(str(c.query_one(Static).render()) for c in cards)
        assert "Edited on disk: " in texts
        assert isinstance(screen.focused, VersionCard)
        assert screen.focused.claim_id == focused.claim_id


@pytest.mark.long
async def test_open_search_reruns_its_query_after_a_reload(
    folder: Path, messages: Messages
) -> None:
    app = ParleyApp(folder, load(folder), watch=False)
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"Zanzibar")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert screen.query_one(Input).value == "Zanzibar"
        assert screen.hits == {}
        claim = "interview-report-meeting-little-over-an-hour"
        edit(folder / "claims" / f"{claim}.toml", "held in Istanbul", "held in Zanzibar")
        await reloaded(app, messages, "results")
        await pilot.pause()
        assert app.screen is screen
        assert list(screen.hits) == [claim]
        results = screen.query_one(RowList)
        assert [r.record_id for r in results.rows] == [claim]
        summary = str(screen.query_one("#search-summary", Static).render())
        assert summary == "1 result for 'Zanzibar'"
