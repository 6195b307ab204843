"""The sample set inside parley, opened for want of ./dossiers, is browsed but never written:
an install folder may be read-only or shared. A folder the user names is theirs to edit."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.cli import BUNDLED, browser
from parley.ui.screens.main import MainScreen

from .conftest import DOSSIERS, Messages


def warnings(app: object) -> list[str]:
    return [str(n.message) for n in app._notifications]  # type: ignore[attr-defined]


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with no ./dossiers in it."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("EDITOR", "false")
    return tmp_path


async def test_the_shipped_set_is_browsed_but_not_written(
    elsewhere: Path, messages: Messages
) -> None:
    app = browser(None)
    assert app is not None and app.shipped and app.folder == BUNDLED
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await pilot.pause()
        for key in ("n", "a", "e", "i"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, MainScreen), key  # no form, no editor, no modal
        told = warnings(app)
        assert len(told) == 4 and all("sample set inside parley" in t for t in told)
        assert "cp -r" in told[0] and "dossiers" in told[0]
    assert not list(elsewhere.iterdir())  # nothing written here either


async def test_a_folder_given_by_name_is_the_users_even_the_shipped_one(elsewhere: Path) -> None:
    app = browser(str(DOSSIERS))
    assert app is not None and not app.shipped
    named = browser(str(BUNDLED))
    assert named is not None and not named.shipped
