"""Keys and mouse as people expect: clicks land on the row clicked, h/l move between panes,
each tab keeps its place, enter on a statement opens it, the footer keeps ?, ^p and q."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from textual.pilot import Pilot

from parley.dossier.load import load
from parley.dossier.model import Claim, Kind
from parley.ui.app import ParleyApp
from parley.ui.screens.disputes import DisputesScreen
from parley.ui.screens.main import MainScreen
from parley.ui.screens.problems import ProblemsScreen
from parley.ui.screens.search import SearchScreen
from parley.ui.widgets.detail import DetailPane
from parley.ui.widgets.keybar import KeyBar
from parley.ui.widgets.rowlist import RowList

from .conftest import DOSSIERS, FIXTURES

KYS = "serhii-kyslytsia"


@asynccontextmanager
async def browsing(
    folder: Any = DOSSIERS, size: tuple[int, int] = (120, 40)
) -> AsyncIterator[tuple[ParleyApp, Pilot[None]]]:
    app = ParleyApp(folder, load(folder), watch=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        yield app, pilot


def main_screen(app: ParleyApp) -> MainScreen:
    assert isinstance(app.screen, MainScreen)
    return app.screen


async def click_first_rows(pilot: Pilot[None], listing: RowList) -> None:
    """Click every line of each of the first five rows; the clicked row is highlighted."""
    top = listing.content_region.y - listing.region.y  # border and padding above the rows
    left = listing.content_region.x - listing.region.x + 2
    assert len(listing.rows) >= 5
    for index in range(5):
        for line in range(listing.row_height):
            before = listing.cursor
            y = top + index * listing.row_height + line - listing.scroll_offset.y
            await pilot.click(listing, offset=(left, y))
            await pilot.pause()
            expected = index if listing.rows[index].selectable else before
            assert listing.cursor == expected, f"clicked row {index}, line {line}"


async def test_a_click_selects_the_row_clicked_in_the_navigator() -> None:
    async with browsing() as (app, pilot):
        await click_first_rows(pilot, main_screen(app).navigator)


@pytest.mark.long
async def test_a_click_selects_the_row_clicked_in_the_linked_panes() -> None:
    async with browsing() as (app, pilot):
        screen = main_screen(app)
        await click_first_rows(pilot, screen.top)  # Kyslytsia's statements
        await pilot.press("1")  # a round: its table, then what was said about it
        await pilot.pause()
        index = screen.index
        busiest = max(index.ids(Kind.ROUND), key=lambda r: len(index.claims_of_round(r)))
        screen.navigator.cursor = screen.navigator.index_of(busiest) or 0
        await pilot.pause()
        await click_first_rows(pilot, screen.bottom)


async def test_a_click_selects_the_row_clicked_in_search_results() -> None:
    async with browsing() as (app, pilot):
        await pilot.press("slash", *"russia")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await click_first_rows(pilot, app.screen.query_one(RowList))


async def test_a_click_selects_the_row_clicked_in_problems_and_disputes() -> None:
    async with browsing(FIXTURES / "broken") as (app, pilot):
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        await click_first_rows(pilot, app.screen.query_one(RowList))
    async with browsing() as (app, pilot):
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DisputesScreen)
        await click_first_rows(pilot, app.screen.query_one("#dispute-list", RowList))


async def test_h_l_and_the_arrows_move_between_panes() -> None:
    async with browsing() as (app, pilot):
        screen = main_screen(app)
        navigator, top, bottom = screen.navigator, screen.top, screen.bottom
        detail = screen.query_one(DetailPane)
        assert app.focused is navigator
        for right, left in (("l", "h"), ("right", "left")):
            await pilot.press(right)
            assert app.focused is top
            await pilot.press(right)
            assert app.focused is detail
            await pilot.press(right)  # the last pane: stays
            assert app.focused is detail
            await pilot.press(left)
            assert app.focused is top
            await pilot.press(left)
            assert app.focused is navigator
            await pilot.press(left)
            assert app.focused is navigator
        # Coming back from the record, focus returns to the linked pane last used.
        await pilot.press("tab", "tab")
        assert app.focused is bottom
        await pilot.press("l", "h")
        assert app.focused is bottom
        # The arrows still move the cursor up and down a list.
        await pilot.press("h", "down")
        assert navigator.cursor > 0 and app.focused is navigator


@pytest.mark.long
async def test_each_tab_keeps_its_selection_cursors_and_scroll() -> None:
    async with browsing() as (app, pilot):
        screen = main_screen(app)
        navigator, top = screen.navigator, screen.top
        await pilot.press("1")
        await pilot.press("j", "j", "l", "j")  # a later round, and a person at its table
        await pilot.pause()
        the_round, at_table = screen.selected, top.current
        assert the_round is not None and at_table is not None
        assert navigator.cursor > 0
        await pilot.press("3")
        await pilot.press(*"j" * 40)  # far down the claims: the list has scrolled
        await pilot.pause()
        claim, claim_scroll = screen.selected, navigator.scroll_offset.y
        assert claim_scroll > 0
        await pilot.press("2", "1")
        await pilot.pause()
        assert screen.kind is Kind.ROUND and screen.selected == the_round
        assert navigator.current is not None and navigator.current.record_id == the_round
        assert top.current == at_table
        await pilot.press("3")
        await pilot.pause()
        assert screen.selected == claim
        assert navigator.scroll_offset.y == claim_scroll


async def test_the_footer_keeps_help_palette_and_quit_at_80_columns() -> None:
    for size in ((80, 24), (60, 24), (120, 40)):
        async with browsing(size=size) as (app, pilot):
            await pilot.pause()
            footer = str(app.screen.query_one(KeyBar).render())
            for key in ("? Help", "^p Commands", "q Quit"):
                assert key in footer, f"{size}: {footer!r}"
            assert len(footer) <= app.screen.query_one(KeyBar).size.width


def shows_statement(detail: DetailPane, screen: MainScreen, claim_id: str) -> bool:
    """Whether the record pane shows the statement's words."""
    claim = screen.index.get_as(claim_id, Claim)
    assert claim is not None
    return " ".join(claim.text.split()[:8]) in " ".join(detail.content.plain.split())


async def test_enter_on_a_statement_opens_it_and_back_returns() -> None:
    async with browsing() as (app, pilot):
        screen = main_screen(app)
        top, bottom = screen.top, screen.bottom
        detail = screen.query_one(DetailPane)
        await pilot.press("tab", "j", "j")
        await pilot.pause()
        statement = top.current
        assert statement is not None and statement.record_id
        claim = statement.record_id
        await pilot.press("enter")
        await pilot.pause()
        # Its own page: the statement whole in the focused record pane, its speaker and
        # reports beside it, and what contradicts it.
        assert screen.kind is Kind.CLAIM and screen.selected == claim
        assert app.focused is detail
        assert shows_statement(detail, screen, claim)
        assert KYS in [r.record_id for r in top.rows]
        assert screen.index.articles_reporting(claim)[0] in [r.record_id for r in top.rows]
        assert bottom.border_title == "Contradicted by"
        await pilot.press("backspace")
        await pilot.pause()
        assert screen.kind is Kind.PERSON and screen.selected == KYS
        assert app.focused is top and top.current == statement
        await pilot.press("alt+right")
        await pilot.pause()
        assert screen.selected == claim and app.focused is detail
        assert shows_statement(detail, screen, claim)
