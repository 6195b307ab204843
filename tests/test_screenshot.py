"""The palette's screenshot command saves to the current folder and says where."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.notifications import Notify

from parley.dossier.load import load
from parley.ui.app import ParleyApp

from .conftest import DOSSIERS, Messages


async def test_screenshot_saves_in_the_current_folder_without_a_downloads_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messages: Messages
) -> None:
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    monkeypatch.setenv("HOME", str(home))  # no ~/Downloads
    monkeypatch.delenv("XDG_DOWNLOAD_DIR", raising=False)
    monkeypatch.chdir(work)
    app = ParleyApp(DOSSIERS, load(DOSSIERS), watch=False)
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await pilot.pause()
        mark = messages.mark()
        await pilot.press("ctrl+p", *"screenshot")
        await pilot.pause()
        await pilot.press("enter")
        told = await messages.wait(
            Notify, after=mark, where=lambda m: "screenshot" in m.notification.message.lower()
        )
    saved = list(work.glob("*.svg"))
    assert len(saved) == 1 and "<svg" in saved[0].read_text("utf-8")
    assert told.notification.message == f"Saved the screenshot to {saved[0]}"
