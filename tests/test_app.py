"""The browser, driven through Pilot the way a user drives it with keys."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from parley.dossier.load import load
from parley.dossier.model import Kind
from parley.ui.app import ParleyApp
from parley.ui.messages import DossierOpened
from parley.ui.screens.disputes import DisputesScreen, VersionCard
from parley.ui.screens.help import HelpScreen
from parley.ui.screens.main import MainScreen
from parley.ui.screens.search import SearchScreen
from parley.ui.widgets.detail import DetailPane
from parley.ui.widgets.rowlist import RowList

from .conftest import DOSSIERS, FIXTURES, Messages

KYS = "serhii-kyslytsia"


def make_app(folder: Path = DOSSIERS) -> ParleyApp:
    return ParleyApp(folder, load(folder))


@asynccontextmanager
async def browsing(
    folder: Path = DOSSIERS, size: tuple[int, int] = (120, 40), **run: Any
) -> AsyncIterator[tuple[ParleyApp, Pilot[None]]]:
    """The app on ``folder``, running and drawn once: where most tests start."""
    app = make_app(folder)
    async with app.run_test(size=size, **run) as pilot:
        await pilot.pause()
        yield app, pilot


def main_screen(app: ParleyApp) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


def pane(app: ParleyApp, name: str) -> RowList:
    return app.screen.query_one(f"#{name}", RowList)


def detail_text(app: ParleyApp) -> str:
    return app.screen.query_one(DetailPane).content.plain


async def test_opens_on_kyslytsia_with_statements_and_their_reports() -> None:
    async with browsing() as (app, pilot):
        screen = main_screen(app)
        assert screen.selected == KYS
        top, bottom = pane(app, "top"), pane(app, "bottom")
        assert top.border_title == "Statements by Serhii Kyslytsia"
        assert len(top.rows) >= 20
        await pilot.press("tab")
        assert app.focused is top
        first = top.current
        assert first is not None and first.record_id
        reports = [r.record_id for r in bottom.rows]
        assert reports == screen.index.articles_reporting(first.record_id)
        # Moving within the statements re-links the reports pane.
        await pilot.press("j", "j", "j")
        await pilot.pause()
        now = top.current
        assert now is not None and now != first
        assert [r.claim_id for r in bottom.rows] == [now.record_id] * len(bottom.rows)
        assert screen.index.excerpt(now.record_id or "", bottom.rows[0].record_id or "")
        # The detail pane shows the highlighted statement whole, with its speaker.
        claim = screen.index.get(now.record_id or "")
        assert claim is not None
        assert "Serhii Kyslytsia" in detail_text(app)
        assert "Reported by" in detail_text(app)


async def test_follow_an_article_and_back_again() -> None:
    async with browsing() as (app, pilot):
        screen = main_screen(app)
        await pilot.press("tab", "j", "j", "tab")  # a statement, then its reports
        await pilot.pause()
        bottom = pane(app, "bottom")
        assert app.focused is bottom
        article = bottom.current
        statement = pane(app, "top").current
        assert article is not None and statement is not None
        await pilot.press("enter")
        await pilot.pause()
        assert screen.kind is Kind.ARTICLE
        assert screen.selected == article.record_id
        assert app.focused is pane(app, "navigator")
        claims = [r.record_id for r in pane(app, "top").rows]
        assert statement.record_id in claims
        assert pane(app, "top").border_title.startswith("Claims reported by")
        await pilot.press("backspace")
        await pilot.pause()
        assert screen.kind is Kind.PERSON and screen.selected == KYS
        assert pane(app, "top").current == statement
        assert app.focused is bottom and bottom.current == article
        await pilot.press("alt+right")
        await pilot.pause()
        assert screen.selected == article.record_id
        await pilot.press("alt+left")
        await pilot.pause()
        assert screen.selected == KYS


async def test_enter_on_a_speaker_opens_the_person() -> None:
    async with browsing() as (app, pilot):
        screen = main_screen(app)
        await pilot.press("3")
        await pilot.pause()
        assert screen.kind is Kind.CLAIM
        navigator = pane(app, "navigator")
        target = next(
            r.record_id for r in navigator.rows
            if getattr(screen.index.get(r.record_id or ""), "speaker", None) == KYS
        )  # fmt: skip
        navigator.cursor = navigator.index_of(target) or 0
        await pilot.pause()
        await pilot.press("enter")  # into the linked pane: "Said by" comes first
        await pilot.pause()
        top = pane(app, "top")
        assert app.focused is top and top.current is not None
        assert top.current.record_id == KYS
        await pilot.press("enter")
        await pilot.pause()
        assert screen.kind is Kind.PERSON and screen.selected == KYS


@pytest.mark.parametrize("spelling", ["Kislitsa", "kyslytsia", "Кислиця", "Sergey Kyslytsya"])
async def test_search_finds_kyslytsia_in_every_spelling(spelling: str) -> None:
    async with browsing() as (app, pilot):
        await pilot.press("2")
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*spelling)
        await pilot.pause()
        results = app.screen.query_one(RowList)
        assert results.current is not None and results.current.record_id == KYS
        await pilot.press("enter")
        await pilot.pause()
        screen = main_screen(app)
        assert screen.selected == KYS


async def test_search_shows_what_matched() -> None:
    async with browsing() as (app, pilot):
        await pilot.press("slash", *"Sergey Kyslytsya")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        hit = app.screen.hits[KYS]
        assert hit.describe == "alias: Sergey Kyslytsya"
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_disputes_view_lists_first_meeting_length_with_three_versions() -> None:
    async with browsing() as (app, pilot):
        await pilot.press("d")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DisputesScreen)
        titles = [d.title for d in screen.disputes]
        assert "First meeting length" in titles
        listing = screen.query_one("#dispute-list", RowList)
        listing.cursor = titles.index("First meeting length")
        await pilot.pause()
        cards = list(screen.query(VersionCard))
        assert len(cards) == 3
        # Side by side, each wide enough to read.
        assert len({c.region.y for c in cards}) == 1
        assert all(c.region.width >= 28 for c in cards)
        texts = " ".join(str(c.query_one(Static).render()) for c in cards)
        assert "a little over an hour" in texts
        assert "nearly two hours" in texts and "almost two hours" in texts
        await pilot.press("enter", "right")
        await pilot.pause()
        assert screen.focused is cards[1]
        claim = cards[1].claim_id
        await pilot.press("enter")
        await pilot.pause()
        main = app.screen
        assert isinstance(main, MainScreen) and main.selected == claim


async def test_help_lists_every_key_and_palette_runs_actions(messages: Messages) -> None:
    async with browsing(message_hook=messages) as (app, pilot):
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one(Static).render())
        for expected in ("Search every record", "Go back", "Contested points", "Quit parley",
                         "Next / previous pane", "Open the command palette"):  # fmt: skip
            assert expected in text
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Articles")
        # The palette gathers its hits in a worker: wait for the one for the whole word.
        await messages.wait(
            Worker.StateChanged,
            where=lambda m: (
                m.state == WorkerState.SUCCESS and m.worker.description.endswith("('Articles')")
            ),
        )
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.kind is Kind.ARTICLE


def hostile_dossier(tmp_path: Path) -> Path:
    folder = tmp_path / "[@click=app.quit]hostile[b]"
    for sub in ("rounds", "people", "claims", "articles"):
        (folder / sub).mkdir(parents=True)
    (folder / "people" / "mallory.toml").write_text(
        'name = "Mallory [bold]Markup[/bold]"\nside = "nowhere"\n'
        'aliases = ["\\u001b]0;pwned\\u0007Mal"]\n'
    )
    (folder / "articles" / "a.toml").write_text(
        'title = "T"\noutlet = "O"\noutlet_kind = "other"\npublished = 2025-01-01\n'
        'authors = ["A"]\nlanguage = "en"\nurl = "u"\n'
    )
    (folder / "claims" / "c.toml").write_text(
        'speaker = "mallory"\ntype = "quote"\n'
        'text = "We [sic] said [/ and [@click=app.quit]quit[/] \\u001b[31mred \\u202eevil"\n'
        '[[reported_by]]\narticle = "a"\nexcerpt = "[@click=app.quit]x"\n'
    )
    return folder


async def test_text_from_files_is_shown_literally(tmp_path: Path) -> None:
    async with browsing(hostile_dossier(tmp_path)) as (app, pilot):
        await pilot.press("tab")
        await pilot.pause()
        text = detail_text(app)
        assert "We [sic] said [/ and [@click=app.quit]quit[/]" in text
        assert "\x1b" not in text and "\u202e" not in text
        await pilot.click("#detail", offset=(3, 3))
        await pilot.press("2")
        await pilot.pause()
        assert "Mallory [bold]Markup[/bold]" in detail_text(app)
        assert app.screen.sub_title.endswith("[@click=app.quit]hostile[b]")
        await pilot.press("backspace", "backspace", "backspace")  # notifies: nothing to go back to
        await pilot.pause()
        assert app.is_running


async def test_broken_folder_opens_with_problem_count(broken: Path) -> None:
    async with browsing(broken, size=(80, 24)) as (app, _):
        status = str(app.screen.query_one("#problems", Static).render())
        assert "15 errors" in status and "4 warnings" in status
        assert pane(app, "navigator").rows


async def test_empty_states_say_what_is_missing() -> None:
    async with browsing() as (app, pilot):
        screen = main_screen(app)
        screen.show_kind_now(Kind.PERSON, "ursula-von-der-leyen")
        await pilot.pause()
        assert pane(app, "top").empty_text == "No statements recorded for Ursula von der Leyen."


async def test_resizing_keeps_the_selection() -> None:
    async with browsing(size=(200, 60)) as (app, pilot):
        await pilot.press("tab", "j", "j")
        await pilot.pause()
        before = pane(app, "top").current
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert pane(app, "top").current == before
        assert app.focused is pane(app, "top")
        await pilot.resize_terminal(200, 60)
        await pilot.pause()
        assert pane(app, "top").current == before


async def test_loads_in_the_background_when_not_given_a_dossier(
    tmp_path: Path, messages: Messages
) -> None:
    folder = tmp_path / "d"
    shutil.copytree(FIXTURES / "broken", folder)
    app = ParleyApp(folder)
    async with app.run_test(size=(80, 24), message_hook=messages) as pilot:
        # The browser, not every worker: the folder watcher runs until the app ends.
        opened = await messages.wait(DossierOpened)
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert opened.dossier is app.dossier and opened.dossier.errors


def test_default_folder_is_local_dossiers_else_bundled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parley.cli import BUNDLED, default_folder

    monkeypatch.chdir(tmp_path)
    assert default_folder() == BUNDLED
    assert load(BUNDLED).index.get(KYS) is not None
    (tmp_path / "dossiers").mkdir()
    assert default_folder() == Path("dossiers")


async def test_the_drawn_cursor_follows_the_keys() -> None:
    async with browsing() as (app, pilot):
        await pilot.press("tab")
        await pilot.pause()
        top = pane(app, "top")

        def drawn_with_cursor(row: int) -> bool:
            cursor_bg = top.get_visual_style("rowlist--cursor").rich_style.bgcolor
            y = row * top.row_height - top.scroll_offset.y
            return any(seg.style and seg.style.bgcolor == cursor_bg
                       for seg in top.render_line(y))  # fmt: skip

        assert drawn_with_cursor(0)
        await pilot.press("j", "j")
        await pilot.pause()
        assert top.cursor == 2
        assert drawn_with_cursor(2) and not drawn_with_cursor(0)


@pytest.mark.long
@pytest.mark.parametrize("which", ["empty", "broken"])
async def test_every_key_on_an_empty_or_broken_dossier_keeps_running(
    which: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import parley.ui.app

    monkeypatch.setattr(parley.ui.app, "run_editor", lambda argv: None)
    folder = FIXTURES / "broken" if which == "broken" else tmp_path
    app = ParleyApp(folder, load(folder), watch=False)
    keys = (
        "1 j enter tab enter e a escape 2 k tab tab enter backspace alt+right 3 G g enter "
        "4 enter d j enter escape exclamation_mark enter escape slash x enter escape "
        "n escape question_mark escape pagedown end home"
    ).split()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen_stack[1], MainScreen)


async def test_parley_leaves_when_its_terminal_hangs_up(monkeypatch: pytest.MonkeyPatch) -> None:
    import parley.ui.app

    async with browsing(size=(80, 24)) as (app, pilot):
        monkeypatch.setattr(parley.ui.app, "_terminal_alive", lambda: True)
        app._exit_if_terminal_gone()
        await pilot.pause()
        assert app.is_running
        monkeypatch.setattr(parley.ui.app, "_terminal_alive", lambda: False)
        app._exit_if_terminal_gone()
        await pilot.pause()
        assert not app.is_running
