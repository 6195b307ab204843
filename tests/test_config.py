"""The user's config.toml: keys rebound by action id, the theme remembered, mistakes told."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.notifications import Notify
from textual.widgets import Static

from parley.cli import main
from parley.dossier.load import load
from parley.dossier.model import Kind
from parley.files.atomic import WriteRefused
from parley.files.config import Settings, config_path, read_settings, save_theme
from parley.ui.app import ParleyApp
from parley.ui.screens.help import HelpScreen
from parley.ui.screens.main import MainScreen

from .conftest import DOSSIERS, Messages


def write_config(text: str) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def make_app() -> ParleyApp:
    return ParleyApp(DOSSIERS, load(DOSSIERS), watch=False)


def test_the_config_file_is_in_the_users_config_folder(config_home: Path) -> None:
    assert config_path() == config_home / "parley" / "config.toml"


async def test_keys_in_the_config_rebind_actions_by_id() -> None:
    write_config('[keys]\nshow-claims = "c"\nhelp = "f1"\n')
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press("c")
        await pilot.pause()
        assert screen.kind is Kind.CLAIM
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = str(app.screen.query_one(Static).render())
        assert any(
            line.split()[:1] == ["c"] and "List every statement" in line
            for line in shown.splitlines()
        )  # the help shows the user's key


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('[keys]\nshow-claimz = "c"\n', "did you mean 'show-claims'"),
        ('[keys]\nshow-claims = "ctrl+wat"\n', "'ctrl+wat' is not a key name"),
        ("[keys]\nshow-claims = 3\n", "3 is not a key"),
        ('[keys]\ndisputes = "j"\n', "j is already list-down's key"),
        ("keys = 3\n", "keys must be a table"),
        ('theme = "no-such-theme"\n', "no such theme"),
        ("theme = 5\n", "theme must be a name"),
        ("[keys\n", "not valid TOML"),
        ('colour = "red"\n', "unknown setting 'colour'"),
    ],
)
async def test_a_config_mistake_is_told_and_listed_never_fatal(
    text: str, said: str, messages: Messages
) -> None:
    path = write_config(text)
    app = make_app()
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        told = await messages.wait(Notify, where=lambda m: said in m.notification.message)
        assert str(path) in told.notification.message
        assert [p.path for p in app.app_problems] == [path]
        assert said in app.app_problems[0].message
        await pilot.press("3")  # the app goes on, with its own keys
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.kind is Kind.CLAIM


async def test_the_theme_picked_is_remembered_keeping_the_rest_of_the_file() -> None:
    path = write_config('# my keys\n[keys]\nshow-claims = "c"  # c for claims\n')
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"theme")
        await pilot.pause()
        await pilot.press("enter")  # "Theme": the list of themes
        await pilot.pause()
        await pilot.press(*"nord")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "nord"
    text = path.read_text("utf-8")
    assert 'theme = "nord"' in text
    assert "# my keys" in text and 'show-claims = "c"  # c for claims' in text
    again = make_app()
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert again.theme == "nord"


async def test_starting_writes_no_config(config_home: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
    assert not config_home.exists()


def test_help_says_where_the_config_is(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert str(config_path()) in capsys.readouterr().out


def test_a_theme_is_never_written_over_a_file_parley_cannot_read(tmp_path: Path) -> None:
    path = write_config("[keys\nshow-claims = 'c'\n")
    with pytest.raises(WriteRefused):
        save_theme("nord")
    assert path.read_text("utf-8") == "[keys\nshow-claims = 'c'\n"
    assert list(path.parent.iterdir()) == [path]  # no temporary file left either


def test_a_symlinked_config_is_written_through(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles" / "parley.toml"
    dotfiles.parent.mkdir()
    dotfiles.write_text('[keys]\nshow-claims = "c"\n', "utf-8")
    config_path().parent.mkdir(parents=True)
    config_path().symlink_to(dotfiles)
    save_theme("nord")
    assert config_path().is_symlink()
    assert read_settings() == Settings({"show-claims": "c"}, "nord", [])
