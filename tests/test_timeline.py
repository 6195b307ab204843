"""`t`: every dated round and statement in date order; enter opens the record, f narrows."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from parley.dossier.filters import Filter, Lens
from parley.dossier.index import Index
from parley.dossier.load import load
from parley.dossier.model import Claim, Kind, Round
from parley.present.timeline import timeline_view
from parley.ui.app import ParleyApp
from parley.ui.messages import DossierChanged
from parley.ui.screens.filter_form import FilterScreen
from parley.ui.screens.main import MainScreen
from parley.ui.screens.timeline import TimelineScreen
from parley.ui.widgets.detail import DetailPane
from parley.ui.widgets.rowlist import RowList

from .conftest import DOSSIERS, Messages

MEDINSKY = "vladimir-medinsky"
FIRST_ROUND = "istanbul-2025-05-16"


def dated(index: Index, record_id: str) -> object:
    if index.get_as(record_id, Round) is not None:
        return index.round_date(record_id)
    return index.claim_date(record_id)


def test_every_dated_round_and_statement_in_date_order_rounds_first_on_their_day() -> None:
    index = load(DOSSIERS).index
    ids = [r.record_id or "" for r in timeline_view(index, Lens()).rows]
    dates = [dated(index, i) for i in ids]
    assert None not in dates and dates == sorted(dates)  # type: ignore[type-var]
    dated_claims = [c for c in index.ids(Kind.CLAIM) if index.claim_date(c) is not None]
    assert sorted(ids) == sorted(index.ids(Kind.ROUND) + dated_claims)
    # A round comes before everything said on its day.
    for n, record_id in enumerate(ids):
        if index.get_as(record_id, Round) is not None:
            earlier = [m for m in range(n) if index.get_as(ids[m], Claim) is not None]
            assert all(dates[m] < dates[n] for m in earlier), record_id  # type: ignore[operator]


def test_a_filter_keeps_the_rounds_as_landmarks_unless_it_names_rounds() -> None:
    index = load(DOSSIERS).index
    view = timeline_view(index, Lens(Filter(people=frozenset({MEDINSKY}))))
    ids = [r.record_id for r in view.rows]
    claims = [i for i in ids if index.get_as(i, Claim)]
    assert claims and all(index.get_as(i, Claim).speaker == MEDINSKY for i in claims)  # type: ignore[union-attr]
    assert set(index.ids(Kind.ROUND)) <= set(ids)
    assert view.title.endswith(" · person Vladimir Medinsky")
    one_round = timeline_view(index, Lens(Filter(rounds=frozenset({FIRST_ROUND}))))
    rounds = [r.record_id for r in one_round.rows if index.get_as(r.record_id, Round)]
    assert rounds == [FIRST_ROUND]


@asynccontextmanager
async def timeline(
    folder: Path = DOSSIERS, **run: Any
) -> AsyncIterator[tuple[ParleyApp, Pilot[None], TimelineScreen]]:
    app = ParleyApp(folder, load(folder), watch=False)
    async with app.run_test(size=(120, 40), **run) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        yield app, pilot, screen


def listing(screen: TimelineScreen) -> RowList:
    return screen.query_one("#timeline", RowList)


async def test_t_lists_the_timeline_and_marks_report_dates() -> None:
    async with timeline() as (app, pilot, screen):
        rows = listing(screen)
        assert rows.border_title == "Timeline: 5 rounds, 70 statements"
        assert rows.border_subtitle == "22 undated statements not shown"
        # The first statement dated only by its report says so, as the lists do.
        index = screen.index
        reported = next(
            n
            for n, r in enumerate(rows.rows)
            if (c := index.get_as(r.record_id, Claim)) is not None and c.said_on is None
        )
        drawn = "\n".join(s.text for s in rows._render_row(reported, 118))
        assert "rep. " in drawn
        round_line = rows._render_row(0, 118)[0].text
        assert "◆" in round_line and "Russian-Ukrainian negotiations of 2022" in round_line
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_enter_opens_the_highlighted_statement_on_the_main_screen() -> None:
    async with timeline() as (app, pilot, screen):
        rows = listing(screen)
        await pilot.press("j", "j", "j", "j")
        current = rows.current
        assert current is not None
        claim = screen.index.get_as(current.record_id, Claim)
        assert claim is not None
        await pilot.press("enter")
        await pilot.pause()
        main = app.screen
        assert isinstance(main, MainScreen)
        assert main.selected == claim.id and main.kind is Kind.CLAIM
        assert claim.text.split()[0] in main.query_one(DetailPane).content.plain


async def test_f_narrows_the_timeline_to_a_person_and_F_clears() -> None:
    async with timeline() as (app, pilot, screen):
        await pilot.press("f")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, FilterScreen)
        sections = [r.heading for r in picker.query_one(RowList).rows if r.heading]
        assert sections == ["Person", "Side", "Round", "Topic"]
        person = next(
            n
            for n, r in enumerate(picker.query_one(RowList).rows)
            if r.position is not None and picker.choices[r.position].value == MEDINSKY
        )
        picker.query_one(RowList).cursor = person
        await pilot.press("enter", "ctrl+s")
        await pilot.pause()
        rows = listing(screen)
        claims = [r.record_id for r in rows.rows if screen.index.get_as(r.record_id, Claim)]
        assert claims == [
            c for c in screen.index.ids(Kind.CLAIM) if c in screen.index.claims_by_person(MEDINSKY)
        ]
        assert "person Vladimir Medinsky" in str(rows.border_title)
        await pilot.press("F")
        await pilot.pause()
        assert rows.border_title == "Timeline: 5 rounds, 70 statements"
        # The filter chosen on the timeline is the browser's filter too.
        await pilot.press("f", "ctrl+s", "escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert not app.screen.lens.filter.active


async def test_the_timeline_shows_a_reload_and_keeps_its_place(
    tmp_path: Path, messages: Messages
) -> None:
    folder = tmp_path / "dossiers"
    shutil.copytree(DOSSIERS, folder)
    async with timeline(folder, message_hook=messages) as (app, pilot, screen):
        await pilot.press("j", "j", "j")
        kept = listing(screen).current
        assert kept is not None
        (folder / "claims" / "early-statement.toml").write_text(
            'side = "ukraine"\ntype = "paraphrase"\ntext = "Said first."\nsaid_on = 2000-01-01\n',
            "utf-8",
        )
        assert await app.refresh_dossier()
        await messages.wait(DossierChanged)
        await pilot.pause()
        rows = listing(screen)
        assert rows.rows[0].record_id == "early-statement"
        assert rows.current == kept
        assert rows.border_title == "Timeline: 5 rounds, 71 statements"
