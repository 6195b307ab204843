"""The example inside parley is browsed but never written, however it is reached: as the
fallback for want of ./dossiers, by its path, or through a link. An install folder may be
read-only or shared, and a write there would be lost on the next upgrade. Every writing
command and key says how to get a copy to edit: ``parley init --example DIR``."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
from textual.widgets import Input

import parley.cli
from parley.cli import browser, main
from parley.ui.app import ParleyApp
from parley.ui.messages import DossierOpened
from parley.ui.screens.main import MainScreen
from parley.ui.screens.problems import ProblemsScreen
from parley.ui.screens.reader import ReaderScreen
from parley.ui.screens.record_form import RecordForm
from parley.ui.screens.save_as import SaveAs

from .conftest import Messages
from .test_reader import make_dossier, open_reader

HINT = "parley init --example DIR"

# Stands in for $EDITOR: writes into the file it is given, so an edit that ran shows.
EDITOR = "import sys; open(sys.argv[-1], 'a').write('# edited\\n')"


def warnings(app: object) -> list[str]:
    return [str(n.message) for n in app._notifications]  # type: ignore[attr-defined]


def listing(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Every file and folder under ``folder``: its size, mode and modification time."""
    seen = {}
    for where, folders, files in os.walk(folder):
        for name in [*folders, *files]:
            path = Path(where, name)
            info = path.lstat()
            seen[str(path.relative_to(folder))] = (info.st_size, info.st_mode, info.st_mtime_ns)
    return seen


@pytest.fixture
def example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of a small dossier made the example shipped with parley, and an editor that
    writes; the working folder has no ./dossiers."""
    bundled = make_dossier(tmp_path / "site-packages" / "parley" / "bundled")
    monkeypatch.setattr(parley.cli, "BUNDLED", bundled)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("EDITOR", f"{sys.executable} -c {EDITOR!r}")
    monkeypatch.delenv("VISUAL", raising=False)
    return bundled


@pytest.fixture
def untouched(example: Path) -> object:
    """Fails the test when anything under the example changed."""
    before = listing(example)
    yield
    assert listing(example) == before


def reached(example: Path) -> dict[str, str | None]:
    """The ways to the example: the fallback (no DIR), its path, and a link to it."""
    link = example.parent.parent / "link"
    link.symlink_to(example, target_is_directory=True)
    return {"fallback": None, "path": str(example), "link": str(link)}


# -- commands ---------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["fallback", "path", "link"])
@pytest.mark.parametrize(
    "command",
    [["schema"], ["edit", "medinsky-satisfied"], ["import", "ARTICLE"]],
    ids=["schema", "edit", "import"],
)
def test_writing_commands_refuse_the_example_however_reached(
    example: Path,
    untouched: object,
    how: str,
    command: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    article = example.parent.parent / "article.txt"
    article.write_text("Talks\n\nThe talks went on.\n", "utf-8")
    argv = [str(article) if word == "ARTICLE" else word for word in command]
    folder = reached(example)[how]
    assert main([*argv, *([folder] if folder else [])]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and HINT in err and "read-only" in err


def test_cd_tmp_then_schema_writes_nothing_into_the_package(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (example / "schema").mkdir()  # as installed: the folder is there already
    before = listing(example)
    assert main(["schema"]) == 2
    assert HINT in capsys.readouterr().err
    assert listing(example) == before
    assert not list(Path.cwd().iterdir())


def test_an_export_into_the_example_is_refused(
    example: Path, untouched: object, capsys: pytest.CaptureFixture[str]
) -> None:
    out = example / "brief.md"
    assert main(["export", "--format", "markdown", "-o", str(out), str(example)]) == 2
    assert HINT in capsys.readouterr().err


def test_reading_commands_still_work_on_the_example(
    example: Path, untouched: object, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(example)]) == 0  # check never falls back: tests/test_check_paths.py
    assert main(["cite", "medinsky-satisfied"]) == 0
    assert "We are satisfied" in capsys.readouterr().out


# -- the app ----------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["fallback", "path", "link"])
async def test_every_writing_key_refuses_the_example_however_reached(
    example: Path, untouched: object, how: str, messages: Messages
) -> None:
    app = browser(reached(example)[how])
    assert app is not None and app.shipped
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await messages.wait(DossierOpened)
        assert "read-only" in app.screen.sub_title  # the title says what this is
        for key in ("n", "a", "e", "i"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, MainScreen), key  # no form, no editor, no modal
        told = warnings(app)
        assert len(told) == 4 and all(HINT in t for t in told)
        await pilot.press("down")  # browsing works as before
        assert app.screen.query_one("#navigator").has_focus


async def test_the_readers_n_refuses_the_example(
    example: Path, untouched: object, messages: Messages
) -> None:
    app = browser(str(example))
    assert app is not None
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        screen = await open_reader(app, pilot, messages)
        await pilot.press("right_square_bracket", "right_square_bracket", "n")
        await pilot.pause()
        assert app.screen is screen and isinstance(screen, ReaderScreen)
        assert any(HINT in t for t in warnings(app))


async def test_enter_on_a_problem_opens_no_editor_in_the_example(
    example: Path, messages: Messages
) -> None:
    (example / "claims" / "broken.toml").write_text("text = \n", "utf-8")
    before = listing(example)  # the broken file is part of the example here
    app = browser(str(example))
    assert app is not None
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await messages.wait(DossierOpened)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert any(HINT in t for t in warnings(app))
    assert listing(example) == before


async def test_a_form_opened_before_cannot_save_into_the_example(
    example: Path, messages: Messages
) -> None:
    """The save refuses too, should a form ever be open on the example."""
    app = ParleyApp(example, watch=False)
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await open_reader(app, pilot, messages)
        await pilot.press("right_square_bracket", "right_square_bracket", "n")
        await pilot.pause()
        assert isinstance(app.screen, RecordForm)  # filled in: a save would write it
        before = listing(example)
        app.shipped = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RecordForm)
        assert any(HINT in t for t in warnings(app))
    assert listing(example) == before


async def test_a_copy_made_by_init_is_the_users_to_edit(
    example: Path, capsys: pytest.CaptureFixture[str], messages: Messages
) -> None:
    for path in [example, *example.rglob("*")]:  # installed read-only
        path.chmod(stat.S_IMODE(path.stat().st_mode) & ~0o222)
    try:
        assert main(["init", "--example", "mine"]) == 0
        copy = Path("mine")
        assert all(os.access(p, os.W_OK) for p in [copy, *copy.rglob("*")])
        assert main(["schema", "mine"]) == 0
        app = browser("mine")
        assert app is not None and not app.shipped
        async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
            await open_reader(app, pilot, messages)
            await pilot.press("right_square_bracket", "right_square_bracket", "n")
            await pilot.pause()
            assert isinstance(app.screen, RecordForm)
    finally:
        for path in [example, *example.rglob("*")]:
            path.chmod(stat.S_IMODE(path.stat().st_mode) | 0o200)


async def test_a_brief_is_not_saved_into_the_example(
    example: Path, untouched: object, messages: Messages
) -> None:
    app = browser(str(example))
    assert app is not None
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await messages.wait(DossierOpened)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, SaveAs)
        app.screen.query_one(Input).value = str(example / "brief.md")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SaveAs)  # still asking where
        assert any(HINT in t for t in warnings(app))


# -- a source checkout ---------------------------------------------------------------------------


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """As in a clone of parley: ``src/parley/bundled`` links to the repository's ``dossiers/``."""
    data = make_dossier(tmp_path / "repo" / "dossiers")
    bundled = tmp_path / "repo" / "src" / "parley" / "bundled"
    bundled.parent.mkdir(parents=True)
    bundled.symlink_to(Path("../../dossiers"), target_is_directory=True)
    monkeypatch.setattr(parley.cli, "BUNDLED", bundled)
    return tmp_path / "repo", data


def test_a_checkouts_own_dossiers_folder_is_the_projects_data_and_writable(
    checkout: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, data = checkout
    monkeypatch.chdir(repo)  # where `make run` starts: ./dossiers is there
    app = browser(None)
    assert app is not None and not app.shipped
    assert not browser("dossiers").shipped  # type: ignore[union-attr]
    assert main(["schema", "dossiers"]) == 0
    assert (data / "schema" / "claim.json").is_file()


def test_a_checkouts_example_reached_by_the_fallback_is_still_read_only(
    checkout: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    repo, data = checkout
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # no ./dossiers: parley falls back to the example
    app = browser(None)
    assert app is not None and app.shipped
    assert main(["schema"]) == 2
    assert HINT in capsys.readouterr().err
    assert not (data / "schema").exists()
    assert main(["schema", str(repo / "src" / "parley" / "bundled")]) == 2
