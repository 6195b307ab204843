"""Nothing ends the app but the user: a failure is told, listed in `!`, logged, and survived."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea
from textual.worker import WorkerFailed

import parley.cli
import parley.dossier.search
import parley.ui.app
import parley.ui.screens.record_form
from parley.cli import main
from parley.dossier.load import load
from parley.dossier.model import Kind
from parley.ui.app import ParleyApp
from parley.ui.messages import DossierChanged, WatcherReady
from parley.ui.screens.main import MainScreen
from parley.ui.screens.problems import ProblemsScreen
from parley.ui.screens.record_form import RecordForm, ReportForm

from .conftest import DOSSIERS, Messages, not_executable

KYS = "serhii-kyslytsia"
HOSTILE = "\x1b]0;PWNED\x07[/]"  # an escape sequence and markup, from a file or an error


def log_text(state_home: Path) -> str:
    return (state_home / "parley" / "parley.log").read_text("utf-8")


def notices(app: App[None]) -> list[str]:
    return [n.message for n in app._notifications]


def problem_count(app: ParleyApp) -> str:
    main_screen = next(s for s in app.screen_stack if isinstance(s, MainScreen))
    return str(main_screen.query_one("#problems", Static).render())


async def until(pilot: Pilot[None], condition: Callable[[], object]) -> None:
    """Wait, 40 seconds at most (a busy machine), for what the app does in the background."""
    for _ in range(800):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the app never got there")


def boom(*_args: object, **_kwargs: object) -> None:
    raise ValueError(f"boom {HOSTILE}")


def bug(*_args: object, **_kwargs: object) -> None:
    raise KeyError(f"bug {HOSTILE}")


async def assert_told(pilot: Pilot[None], state_home: Path, start: str) -> str:
    """The app runs on, said ``start…`` once, names the log, and kept the traceback there."""
    app = pilot.app
    await until(pilot, lambda: any(n.startswith(start) for n in notices(app)))
    assert app.is_running and app.return_code is None
    [told] = [n for n in notices(app) if n.startswith(start)]
    assert told.endswith(f"; details in {state_home / 'parley' / 'parley.log'}")
    assert "\x1b" not in told and "\x07" not in told
    log = log_text(state_home)
    assert "Traceback (most recent call last)" in log
    assert "\x1b" not in log and "\x07" not in log
    return told


async def test_a_reload_that_fails_is_told_listed_and_logged(
    state_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dossier = load(DOSSIERS)
    app = ParleyApp(DOSSIERS, dossier, watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        monkeypatch.setattr(parley.ui.app, "reload", boom)
        assert await app.refresh_dossier() is False
        await pilot.pause()
        told = await assert_told(pilot, state_home, "parley: reload failed: ValueError: boom ")
        assert "[/]" in told  # markup shown as it is, not parsed
        assert app.dossier is dossier and app.screen.selected == KYS  # the last good state
        assert "✖ 1 error " in problem_count(app)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProblemsScreen)
        first = screen.problems[0]
        assert first.message == told and first.is_error
        assert screen.query_one("#problem-list").border_title.startswith("Problems: 1 error,")
        # Enter opens the log at the failure, like any problem's file and line.
        calls: list[list[str]] = []
        monkeypatch.setattr(parley.ui.app, "run_editor", calls.append)
        await pilot.press("enter")
        await pilot.pause()
        [argv] = calls
        assert argv[-1] == str(state_home / "parley" / "parley.log")
        line = log_text(state_home).splitlines()[int(argv[-2].removeprefix("+")) - 1]
        assert "reload failed: ValueError: boom" in line
        # The next reload works: the failure is no longer listed.
        monkeypatch.undo()
        monkeypatch.setenv("XDG_STATE_HOME", str(state_home))
        await app.refresh_dossier()
        await pilot.pause()
        assert not any(p.message.startswith("parley:") for p in screen.problems)


async def test_a_reload_failing_half_way_puts_back_the_last_good_state(
    tmp_path: Path, state_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "d"
    shutil.copytree(DOSSIERS, folder)
    dossier = load(folder)
    app = ParleyApp(folder, dossier, watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        person = folder / "people" / f"{KYS}.toml"
        person.write_text(person.read_text("utf-8").replace("Kyslytsia", "Renamed", 1), "utf-8")
        monkeypatch.setattr(MainScreen, "dossier_changed", boom)
        await app.refresh_dossier()  # the files were read; showing them is what fails
        await pilot.pause()
        await assert_told(pilot, state_home, "parley: reload failed: ValueError: boom")
        assert app.dossier is dossier


@pytest.mark.parametrize(
    ("editor", "said"),
    [
        (lambda _tmp: "/no/such/editor -w", "parley: cannot start the editor '/no/such/editor'"),
        (not_executable, "parley: cannot start the editor '"),
        (lambda _tmp: "vim 'oops", "parley: $EDITOR is not a command line (No closing quotation)"),
    ],
    ids=["missing", "not-executable", "unbalanced-quote"],
)
async def test_e_with_a_broken_editor_says_why_and_goes_on(
    editor: object, said: str, tmp_path: Path, state_home: Path, no_visual: pytest.MonkeyPatch
) -> None:
    no_visual.setenv("EDITOR", editor(tmp_path))  # type: ignore[operator]
    app = ParleyApp(DOSSIERS, load(DOSSIERS), watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.screen.selected == KYS
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen) and app.screen.selected == KYS
        await assert_told(pilot, state_home, said)
        assert "✖ 1 error " in problem_count(app)
        # Still answering keys.
        await pilot.press("1")
        await pilot.pause()
        assert app.screen.kind is Kind.ROUND


async def test_the_terminal_is_given_back_when_the_editor_fails_to_start(
    state_home: Path, no_visual: pytest.MonkeyPatch
) -> None:
    no_visual.setenv("EDITOR", "/no/such/editor")
    app = ParleyApp(DOSSIERS, load(DOSSIERS), watch=False)
    resumed: list[bool] = []

    @contextmanager
    def suspend() -> Iterator[None]:
        # As Textual's: the app takes the terminal back only if the block ends normally.
        yield
        resumed.append(True)

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        no_visual.setattr(app, "suspend", suspend)
        await pilot.press("e")
        await pilot.pause()
        assert resumed == [True]
        await assert_told(pilot, state_home, "parley: cannot start the editor '/no/such/editor'")


async def test_the_search_index_failing_is_told_and_search_still_opens_later(
    state_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parley.dossier.search import SearchIndex
    from parley.ui.screens.search import SearchScreen

    monkeypatch.setattr(parley.ui.app, "SEARCH_INDEX_DELAY", 3600)  # built when this test says
    monkeypatch.setattr(parley.dossier.search, "SearchIndex", boom)
    app = ParleyApp(DOSSIERS, load(DOSSIERS), watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        worker = app._build_search_index(app.dossier)
        with pytest.raises(WorkerFailed):
            await worker.wait()
        await assert_told(
            pilot, state_home, "parley: cannot build the search index: ValueError: boom"
        )
        assert isinstance(app.screen, MainScreen)
        # Building works again.
        monkeypatch.setattr(parley.dossier.search, "SearchIndex", SearchIndex)
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)


async def test_loading_that_fails_is_said_where_the_loading_text_was(
    state_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parley.ui.app, "open_dossier", boom)
    app = ParleyApp(DOSSIERS, watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        told = await assert_told(
            pilot, state_home, "parley: cannot read the folder: ValueError: boom"
        )
        assert str(app.query_one("#loading-text", Static).render()) == told


async def test_the_watcher_failing_is_told_and_started_again(
    tmp_path: Path, state_home: Path, monkeypatch: pytest.MonkeyPatch, messages: Messages
) -> None:
    import watchfiles

    folder = tmp_path / "d"
    shutil.copytree(DOSSIERS, folder)
    real_awatch = watchfiles.awatch

    async def no_watching(*_args: object, **_kwargs: object) -> object:
        monkeypatch.setattr(watchfiles, "awatch", real_awatch)  # the next try works
        raise OSError(28, "inotify watch limit reached")
        yield  # an async generator, as awatch is

    monkeypatch.setattr(watchfiles, "awatch", no_watching)
    app = ParleyApp(folder, load(folder), watch=True)
    app.watch_retry = 0.05
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await assert_told(pilot, state_home, "parley: stopped following the files: OSError: ")
        # Live reload goes on: the watcher was started again.
        await messages.wait(WatcherReady)
        new = folder / "claims" / "added-later.toml"
        new.write_text('side = "russia"\ntype = "paraphrase"\ntext = "Later."\n', "utf-8")
        await messages.wait(
            DossierChanged, where=lambda m: "added-later" in m.dossier.index.ids(Kind.CLAIM)
        )
        assert app.is_running


async def test_a_form_save_that_fails_unexpectedly_keeps_the_typed_text(
    tmp_path: Path, state_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parley.files.records import create_record

    folder = tmp_path / "d"
    shutil.copytree(DOSSIERS, folder)
    monkeypatch.setattr(parley.ui.screens.record_form, "create_record", bug)
    app = ParleyApp(folder, load(folder), watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("tab", "n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RecordForm) and form.kind is Kind.CLAIM
        form.query_one("#f-text", TextArea).focus()
        await pilot.press(*"We are ready to meet.", "ctrl+r")
        await pilot.pause()
        report = app.screen
        assert isinstance(report, ReportForm)
        report.query_one("#f-article", Input).value = "pism-bulletin-2025-05-20"
        report.query_one("#f-excerpt", TextArea).text = "We are ready to meet."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form and form.reports
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert form.query_one("#f-text", TextArea).text == "We are ready to meet."
        await assert_told(pilot, state_home, "parley: save failed: KeyError: 'bug ")
        assert not list((folder / "claims").glob("kyslytsia-we-are-ready*"))
        assert "✖ 1 error " in problem_count(app)
        # Once saving works again, the same form saves what was typed, and the failure goes.
        monkeypatch.setattr(parley.ui.screens.record_form, "create_record", create_record)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        [saved] = (folder / "claims").glob("kyslytsia-we-are-ready*")
        assert "We are ready to meet." in saved.read_text("utf-8")
        assert "✖ 0 errors" in problem_count(app)


def test_an_app_ended_by_an_error_exits_1_and_names_the_log(
    state_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken_mount(_app: ParleyApp) -> None:
        raise RuntimeError(f"mount failed {HOSTILE}")

    def headless(app: ParleyApp) -> None:
        App.run(app, headless=True, size=(80, 24))

    monkeypatch.setattr(ParleyApp, "on_mount", broken_mount)
    monkeypatch.setattr(ParleyApp, "run", headless)
    monkeypatch.setattr(parley.cli, "not_a_terminal", lambda: None)  # headless needs none
    assert main([str(DOSSIERS)]) == 1
    out, err = capsys.readouterr()
    log = state_home / "parley" / "parley.log"
    assert err == f"parley: the app stopped on an error; details in {log}\n"
    assert "Traceback" not in out
    text = log_text(state_home)
    assert "the app stopped on an error" in text and "RuntimeError: mount failed" in text
    assert "\x1b" not in text
