"""A dossier of your own: ``parley init [--example] [DIR]``, and what parley says of a folder
that is not one (a file, a folder holding no record folder)."""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import parley.cli
import parley.files.schema
from parley.cli import browser, main
from parley.dossier.load import load
from parley.dossier.root import MARKER
from parley.ui.app import ParleyApp
from parley.ui.messages import DossierOpened
from parley.ui.widgets.rowlist import RowList

from .conftest import DOSSIERS, Messages

FOLDERS = ("rounds", "people", "claims", "articles")


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder, and a copy of the frozen dossier as the shipped example."""
    bundled = tmp_path / "site-packages" / "parley" / "bundled"
    bundled.parent.mkdir(parents=True)
    shutil.copytree(DOSSIERS, bundled)
    monkeypatch.setattr(parley.cli, "BUNDLED", bundled)
    here = tmp_path / "work"
    here.mkdir()
    monkeypatch.chdir(here)
    return here


def entries(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def shown_text(pane: RowList) -> str:
    """What the pane shows on screen, its lines joined."""
    lines = (pane.render_line(y).text.strip() for y in range(pane.size.height))
    return " ".join(line for line in lines if line)


# -- a new, empty dossier ----------------------------------------------------------------------


def test_init_makes_an_empty_dossier_that_check_passes(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", "mine"]) == 0
    out = capsys.readouterr().out
    folder = work / "mine"
    for name in FOLDERS:
        assert (folder / name / ".gitkeep").is_file()  # git keeps the empty folder
        assert f"{name}/" in out
    assert {p.name for p in (folder / "schema").iterdir()} == {
        "round.json",
        "person.json",
        "claim.json",
        "article.json",
    }
    assert (folder / MARKER).is_file()
    readme = (folder / "README.md").read_text("utf-8")
    assert "parley new claim" in readme and "parley check" in readme
    ignored = (folder / ".gitignore").read_text("utf-8")
    assert ".*.parley-*.tmp" in ignored and "*.swp" in ignored
    # What it made, then the next two commands.
    assert "next:" in out and "parley mine " in out and "parley new claim" in out
    assert main(["check", "mine"]) == 0
    assert "0 errors" in capsys.readouterr().out


def test_init_with_no_dir_makes_what_parley_then_opens(work: Path) -> None:
    assert main(["init"]) == 0
    assert (work / "dossiers" / MARKER).is_file()
    app = browser(None)
    assert app is not None and not app.shipped
    assert app.folder.resolve() == (work / "dossiers").resolve()


def test_init_help_says_what_dir_defaults_to(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "default: ./dossiers" in out and "--example" in out


def test_init_into_an_empty_folder_and_through_missing_parents(work: Path) -> None:
    (work / "empty").mkdir()
    assert main(["init", "empty"]) == 0
    assert main(["init", "a/b/c"]) == 0
    assert (work / "empty" / MARKER).is_file() and (work / "a" / "b" / "c" / MARKER).is_file()


async def test_the_app_opens_a_new_dossier_saying_how_to_add_the_first_record(
    work: Path, messages: Messages
) -> None:
    assert main(["init", "mine"]) == 0
    app = browser("mine")
    assert app is not None
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await messages.wait(DossierOpened)
        navigator = app.screen.query_one("#navigator", RowList)
        for key, name in zip("1234", FOLDERS, strict=True):
            await pilot.press(key)
            await pilot.pause()
            assert shown_text(navigator) == f"No {name} yet: press n to add one."


# -- a copy of the example ---------------------------------------------------------------------


def test_init_example_copies_the_example_that_check_passes(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", "--example", "copy"]) == 0
    out = capsys.readouterr().out
    copy = work / "copy"
    bundled = parley.cli.BUNDLED
    assert entries(bundled) <= entries(copy)
    assert (copy / MARKER).is_file()
    for path in bundled.rglob("*.toml"):
        assert (copy / path.relative_to(bundled)).read_bytes() == path.read_bytes()
    claims = len(list(bundled.rglob("claims/**/*.toml")))
    assert f"({claims} now)" in out and "example" in out
    assert main(["check", "copy"]) == 0
    app = browser("copy")
    assert app is not None and not app.shipped


# -- refusals ----------------------------------------------------------------------------------


def test_init_refuses_a_folder_that_is_not_empty_naming_what_is_in_it(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    full = work / "full"
    full.mkdir()
    for name in ("a.txt", "b.txt", "c.txt", "d.txt", "e.txt"):
        (full / name).write_text("mine\n", "utf-8")
    before = entries(work)
    assert main(["init", "full"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "not empty" in err and "a.txt, b.txt, c.txt and 2 more" in err
    assert entries(work) == before


def test_init_refuses_a_file(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (work / "notes").write_text("mine\n", "utf-8")
    assert main(["init", "notes"]) == 2
    assert "not a folder" in capsys.readouterr().err
    assert (work / "notes").read_text("utf-8") == "mine\n"


def test_init_refuses_a_folder_inside_the_example(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundled = parley.cli.BUNDLED
    before = entries(bundled)
    assert main(["init", str(bundled / "new")]) == 2
    assert "parley init --example DIR" in capsys.readouterr().err
    assert entries(bundled) == before


def test_a_failure_midway_leaves_nothing_behind(
    work: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def full_disk(root: object) -> list[Path]:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(parley.files.schema, "write_schemas", full_disk)
    assert main(["init", "deep/er/mine"]) == 1
    err = capsys.readouterr().err
    assert os.strerror(errno.ENOSPC) in err and "nothing was left" in err
    assert list(work.iterdir()) == []  # no temp folder, no half dossier, no parents


# -- folders that are not dossiers -------------------------------------------------------------


@pytest.fixture
def no_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app must not start: these are messages before it."""

    def run(self: ParleyApp) -> None:
        raise AssertionError("the app started")

    monkeypatch.setattr(ParleyApp, "run", run)


# `parley check` takes files too: its PATH in no dossier is tests/test_check_paths.py's.
@pytest.mark.parametrize("command", [[], ["schema"]], ids=["app", "schema"])
def test_a_file_is_not_a_folder(
    work: Path, no_app: None, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    (work / "notes.toml").write_text("x = 1\n", "utf-8")
    assert main([*command, "notes.toml"]) == 2
    assert capsys.readouterr().err == "parley: not a folder: notes.toml\n"
    assert main([*command, "missing"]) == 2
    assert capsys.readouterr().err == "parley: no such folder: missing\n"


@pytest.mark.parametrize("command", [[], ["check"], ["schema"]], ids=["app", "check", "schema"])
def test_a_folder_with_no_record_folder_is_not_a_dossier(
    work: Path, no_app: None, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    (work / "empty").mkdir()
    assert main([*command, "empty"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "empty is not a dossier" in err
    assert "rounds/, people/, claims/, articles/" in err
    assert err.rstrip().endswith("to start one there: parley init empty")
    assert entries(work) == {"empty"}  # nothing written into it


def test_the_hint_for_a_full_folder_or_one_inside_a_dossier(
    work: Path, no_app: None, capsys: pytest.CaptureFixture[str]
) -> None:
    (work / "notes").mkdir()
    (work / "notes" / "todo.txt").write_text("x\n", "utf-8")
    assert main(["notes"]) == 2
    assert capsys.readouterr().err.rstrip().endswith("parley init notes/dossiers")
    assert main(["init", "mine"]) == 0
    capsys.readouterr()
    assert main(["schema", "mine/claims"]) == 2
    err = capsys.readouterr().err
    assert "mine/claims is not a dossier" in err
    assert err.rstrip().endswith(f"it is inside one: parley {work / 'mine'}")


def test_a_new_dossier_on_screen(
    snap_compare: Callable[..., bool], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first screen of a new dossier: every pane empty, the list saying what to press."""
    monkeypatch.chdir(tmp_path)  # a relative path: the same header wherever tests run
    assert main(["init", "mine"]) == 0
    app = ParleyApp(Path("mine"), load("mine"), watch=False)
    assert snap_compare(app, terminal_size=(100, 24))


def test_init_dot_fills_the_empty_folder_the_shell_is_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = tmp_path / "mine"
    here.mkdir()
    monkeypatch.chdir(here)
    before = os.stat(".").st_ino
    assert main(["init", "."]) == 0
    assert os.stat(".").st_ino == before  # the same folder, not one renamed over it
    assert Path(MARKER).is_file() and Path("claims").is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]  # no temp folder left


def test_a_failure_midway_leaves_an_empty_folder_empty(
    work: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (work / "mine").mkdir()
    real_rename = os.rename

    def rename(source: Path, target: Path) -> None:
        if Path(target).name == "schema":
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_rename(source, target)

    monkeypatch.setattr(os, "rename", rename)
    assert main(["init", "mine"]) == 1
    assert os.strerror(errno.EIO) in capsys.readouterr().err
    assert list(work.iterdir()) == [work / "mine"] and list((work / "mine").iterdir()) == []
