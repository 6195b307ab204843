"""Statements read whole in the lists: wrapped rows, named sources, a legend, an adapting layout."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Static

from parley.dossier.index import Index
from parley.dossier.load import load
from parley.dossier.model import Article, Claim, cut_at_word
from parley.present.panes import STATEMENT_HEIGHT, Row
from parley.ui.app import ParleyApp
from parley.ui.render import RowRenderer, detail
from parley.ui.screens.help import help_content
from parley.ui.widgets.rowlist import RowList

from .conftest import DOSSIERS

KYS = "serhii-kyslytsia"


@asynccontextmanager
async def browsing(size: tuple[int, int]) -> AsyncIterator[tuple[ParleyApp, Pilot[None]]]:
    app = ParleyApp(DOSSIERS, load(DOSSIERS), watch=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        yield app, pilot


def shown(app: ParleyApp, widget: Widget) -> list[str]:
    """The lines the terminal shows inside ``widget``'s content area, as a user reads them.

    Read from the screen's composed frame rather than the widget, so a line the
    widget would draw differently now but has not redrawn still counts as stale.
    """
    strips = app.screen._compositor.render_strips()
    region = widget.scrollable_content_region  # without the scrollbar
    return [
        strips[y].crop(region.x, region.right).text.rstrip() for y in range(region.y, region.bottom)
    ]


def row_texts(lines: list[str], height: int = STATEMENT_HEIGHT) -> list[str]:
    """The shown lines grouped into rows, each with its whitespace folded."""
    rows = [lines[n : n + height] for n in range(0, len(lines), height)]
    return [" ".join(" ".join(row).split()) for row in rows]


def folded(text: str) -> str:
    return " ".join(text.split())


def screen_index(app: ParleyApp) -> Index:
    assert app.dossier is not None
    return app.dossier.index


async def test_first_three_statements_of_kyslytsia_show_60_characters() -> None:
    async with browsing((120, 40)) as (app, _):
        top = app.screen.query_one("#top", RowList)
        assert top.border_title is not None and "Kyslytsia" in str(top.border_title)
        rows = row_texts(shown(app, top))
        for n in range(3):
            claim = screen_index(app).get_as(top.rows[n].record_id, Claim)
            assert claim is not None
            assert folded(claim.text)[:60] in rows[n], (n, rows[n])


async def test_statement_rows_mark_disputes_first_and_report_dates() -> None:
    async with browsing((120, 40)) as (app, _):
        top = app.screen.query_one("#top", RowList)
        lines = shown(app, top)
        index = screen_index(app)
        for n in range(3):
            claim = index.get_as(top.rows[n].record_id, Claim)
            assert claim is not None and claim.said_on is None
            first = lines[n * STATEMENT_HEIGHT]
            # the disputed mark leads the row; the date is the report's, and says so
            assert first.lstrip().startswith("⚡") == bool(index.contradictions(claim.id))
            assert "rep. 2025-05-25" in first
            assert folded(claim.text).split()[0] in first  # no line of only a date and a glyph


async def test_claims_list_shows_speaker_own_date_and_text() -> None:
    async with browsing((120, 40)) as (app, pilot):
        await pilot.press("3")
        await pilot.pause()
        navigator = app.screen.query_one("#navigator", RowList)
        rows = row_texts(shown(app, navigator))
        putin = rows[0]  # the oldest: Putin's, with a date of its own
        claim = screen_index(app).get_as(navigator.rows[0].record_id, Claim)
        assert claim is not None and claim.said_on is not None
        assert f"{claim.said_on.isoformat()} Vladimir Putin:" in putin
        assert "rep." not in putin
        assert folded(claim.text)[:60] in putin


async def test_rows_redrawn_at_the_new_width_after_a_resize() -> None:
    async with browsing((120, 40)) as (app, pilot):
        await pilot.press("tab")
        top = app.screen.query_one("#top", RowList)
        before = shown(app, top)
        await pilot.resize_terminal(145, 40)  # the same layout (no breakpoint), wider
        await pilot.pause()
        await pilot.pause()
        after = shown(app, top)
        # what the screen shows is what the pane draws at its width now, row after row
        fresh = [top.render_line(y).text.rstrip() for y in range(len(after))]
        assert after == fresh
        assert len(" ".join(after)) > len(" ".join(before)) + 50  # more of each statement


async def test_z_maximizes_the_focused_pane_and_restores_it() -> None:
    async with browsing((120, 40)) as (app, pilot):
        await pilot.press("tab")
        top = app.screen.query_one("#top", RowList)
        assert app.screen.focused is top
        narrow = top.size.width
        await pilot.press("z")
        await pilot.pause()
        assert app.screen.maximized is top
        assert top.size.width > 100 > narrow
        assert not app.screen.query_one("#navigator").region.area  # not drawn
        await pilot.press("z")
        await pilot.pause()
        assert app.screen.maximized is None
        assert top.size.width == narrow
        assert app.screen.query_one("#navigator").region.area
        await pilot.press("z")
        await pilot.pause()
        assert app.screen.query_one("#statusbar").region.area  # the keys stay in view
        await pilot.press("escape")  # esc restores too
        await pilot.pause()
        assert app.screen.maximized is None


async def test_below_a_usable_size_the_app_says_so() -> None:
    async with browsing((120, 40)) as (app, pilot):
        navigator = app.screen.query_one("#navigator", RowList)
        assert app.screen.focused is navigator
        await pilot.resize_terminal(50, 14)
        await pilot.pause()
        notice = app.screen.query_one("#too-small", Static)
        assert notice.region.width == 50 and "at least 60×16" in str(notice.render())
        await pilot.press("tab")  # reaches no pane that is not drawn
        assert app.screen.focused is None
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        await pilot.pause()
        assert not notice.region.area
        assert app.screen.focused is navigator


async def test_narrow_screen_gives_the_navigator_room_to_the_statements() -> None:
    async with browsing((80, 24)) as (app, pilot):
        top = app.screen.query_one("#top", RowList)
        await pilot.press("tab")
        await pilot.pause()
        assert app.screen.focused is top
        assert app.screen.query_one("#navigator").size.width < 20
        rows = row_texts(shown(app, top))
        claim = screen_index(app).get_as(top.rows[0].record_id, Claim)
        assert claim is not None
        assert folded(claim.text)[:60] in rows[0]


def test_sources_are_named_by_outlet_and_date_and_cut_at_a_word() -> None:
    index = load(DOSSIERS).index
    for article_id in index.ids(Article.kind):
        article = index.get_as(article_id, Article)
        assert article is not None
        name = article.source_text
        if article.outlet is None:
            short = name.split("”")[0].removeprefix("“").removesuffix("…")
            assert article.title.startswith(short)
            after = article.title[len(short) : len(short) + 1]
            assert after in ("", " "), name  # cut between words, never inside one
        if article.published:
            assert name.endswith(f"{article.published.day} May {article.published.year}")
    sputnik = detail(index, "medinsky-mood-after-talks-good").plain
    assert "“Russian Delegation Satisfied With…”, 16 May 2025" in sputnik


def test_cut_at_word() -> None:
    assert cut_at_word("Russian Delegation Satisfied With Outcome", 24) == "Russian Delegation…"
    assert cut_at_word("short", 24) == "short"
    assert cut_at_word("Averyveryverylongword and more", 10) == "Averyvery…"


def test_help_explains_the_marks() -> None:
    text = help_content().plain
    for mark in ("“ ”", "≈", "⚡", "rep.", "⚠stale"):
        assert f"  {mark}" in text


async def test_a_narrowed_list_cuts_source_names_at_a_word() -> None:
    async with browsing((120, 40)) as (app, pilot):
        await pilot.press("4", "tab")  # the navigator gives way to the claims
        await pilot.pause()
        navigator = app.screen.query_one("#navigator", RowList)
        assert navigator.size.width < 20
        index = screen_index(app)
        for n, line in enumerate(shown(app, navigator)[: len(navigator.rows)]):
            article = index.get_as(navigator.rows[n].record_id, Article)
            assert article is not None
            marks = "“”…,:;. "
            words = {w.strip(marks) for w in f"{article.title} {article.outlet}".split()}
            shown_words = [w.strip(marks) for w in line.split()]
            assert shown_words[0] and set(shown_words) <= words, (line, article.title)


def test_a_statement_row_fits_its_width_and_cuts_at_a_word() -> None:
    index = load(DOSSIERS).index
    claim_id = index.claims_by_person(KYS)[0]
    claim = index.get_as(claim_id, Claim)
    assert claim is not None
    words = set(folded(claim.text).split())
    for stale in (frozenset(), frozenset({claim_id})):
        renderer = RowRenderer(index, None, lines=STATEMENT_HEIGHT, stale=stale)
        for width in (30, 44, 60):
            lines = renderer(Row(claim_id), width).plain.split("\n")
            assert len(lines) <= STATEMENT_HEIGHT
            assert all(cell_len(line) <= width - 2 for line in lines), (width, lines)
            last = lines[-1].split()[-1]
            if last.endswith("…"):  # cut: at the end of a whole word of the text
                assert last.removesuffix("…") in words | {w.rstrip(",;:.") for w in words}
            else:  # whole: the row ends where the text does
                assert folded(claim.text).endswith(last)


async def test_at_the_smallest_usable_size_every_pane_is_on_screen() -> None:
    async with browsing((60, 16)) as (app, pilot):
        assert not app.screen.query("#too-small") or not app.screen.query_one("#too-small").region
        for _ in range(4):  # wherever focus goes, every pane is drawn inside the screen
            for name in ("navigator", "top", "bottom", "detail"):
                region = app.screen.query_one(f"#{name}").region
                assert region.area and region.right <= 60, (name, region)
            await pilot.press("tab")
            await pilot.pause()


def test_a_list_of_everyone_names_an_article_speaking_in_its_own_voice() -> None:
    index = load(DOSSIERS).index
    narrated = next(
        c for c in index.ids(Claim.kind) if (x := index.get_as(c, Claim)) and x.narrator
    )
    row = RowRenderer(index, None, lines=STATEMENT_HEIGHT)(Row(narrated), 120).plain
    assert "(article):" in row


def test_an_article_in_its_own_voice_that_reports_the_statement_is_listed_once() -> None:
    """PISM states the talks' length and gives the excerpt: one entry, marked as its own voice."""
    from parley.ui.render import detail

    index = load(DOSSIERS).index
    shown = detail(index, "pism-meeting-almost-two-hours").plain
    reported = shown.split("Reported by (1)", 1)[1]
    assert reported.count("PISM") == 1, reported
    assert "in its own voice" in reported


async def test_moving_the_cursor_never_lays_out_the_whole_screen_again() -> None:
    """Each ``j`` changes the linked panes' and the record pane's lengths; that must redraw
    those panes, not lay out and draw the whole screen (most of a key's cost before)."""
    async with browsing((120, 40)) as (app, pilot):
        await pilot.press("3")
        await pilot.pause()
        screen = app.screen
        layouts = 0
        original = screen._refresh_layout

        def counted(*args: object, **kwargs: object) -> None:
            nonlocal layouts
            layouts += 1
            original(*args, **kwargs)  # type: ignore[arg-type]

        screen._refresh_layout = counted  # type: ignore[method-assign]
        detail = screen.query_one("#detail")
        before = [detail.render_line(y).text for y in range(6)]
        for _ in range(4):
            await pilot.press("j")
            await pilot.pause()
        assert [detail.render_line(y).text for y in range(6)] != before  # the panes did change
        assert layouts == 0
