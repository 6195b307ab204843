"""The app's messages: problems relative to the dossier, dependents under their cause, plurals."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Static

from parley.dossier.load import load
from parley.dossier.search import SearchIndex
from parley.present.panes import Row
from parley.ui.app import ParleyApp
from parley.ui.render import detail
from parley.ui.screens.problems import ProblemsScreen
from parley.ui.screens.search import SearchScreen
from parley.ui.widgets.detail import DetailPane
from parley.ui.widgets.rowlist import RowList


def _broken_jane(tmp_path: Path, broken: Path) -> Path:
    folder = tmp_path / "d"
    shutil.copytree(broken, folder)
    path = folder / "people" / "jane-speaker.toml"
    path.write_text(path.read_text() + "\nthis line = is not TOML\n", encoding="utf-8")
    return folder


async def test_problems_view_shows_paths_in_the_folder_and_waiting_references(
    tmp_path: Path, broken: Path
) -> None:
    folder = _broken_jane(tmp_path, broken)
    app = ParleyApp(folder, load(folder), watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("exclamation_mark")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProblemsScreen)
        rows = [screen._render_problem(Row(position=n), 120).plain for n in range(30)
                if n < len(screen.problems)]  # fmt: skip
        assert not [row for row in rows if str(tmp_path) in row]
        cause = next(n for n, row in enumerate(rows) if row.startswith("people/jane-speaker"))
        assert rows[cause].startswith("people/jane-speaker.toml:9:6: error: TOML syntax")
        assert rows[cause].endswith("; 4 references to it wait on this fix")
        assert rows[cause + 1].startswith("    claims/good-claim.toml:1:11: note: speaker:")
        assert not [row for row in rows if "no person with id 'jane-speaker'" in row]


async def test_one_error_is_one_error(tmp_path: Path) -> None:
    for folder in ("rounds", "people", "claims", "articles"):
        (tmp_path / folder).mkdir()
    (tmp_path / "people" / "x.toml").write_text('name = "X"\nside = 1\n', encoding="utf-8")
    app = ParleyApp(tmp_path, load(tmp_path), watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        footer = str(app.screen.query_one("#problems", Static).render())
        assert "✖ 1 error " in footer and "0 warnings" in footer
        await pilot.press("exclamation_mark")
        await pilot.pause()
        title = str(app.screen.query_one(RowList).border_title)
        assert title.startswith("Problems: 1 error, 0 warnings")


def test_an_excerpt_with_its_own_quote_marks_gets_no_more(broken: Path) -> None:
    index = load(broken).index
    claim = detail(index, "good-claim").plain
    assert "  “We will talk,” she said.\n" in claim
    article = detail(index, "good-article", claim_id="good-claim").plain
    assert "Reports the statement as:\n“We will talk,” she said.\n" in article
    assert "““" not in claim + article and "””" not in claim + article


def test_counts_of_one_are_singular(broken: Path) -> None:
    index = load(broken).index
    assert "\n2 statements, 0 relayed, 1 round\n" in detail(index, "jane-speaker").plain


class _Narrow(App[None]):
    CSS = "DetailPane, RowList { width: 22; height: 8; border: round white; }"

    def compose(self) -> ComposeResult:
        yield DetailPane()
        yield RowList(lambda row, width: Content(""), empty="No statements recorded about this.")


async def test_a_long_id_breaks_after_a_hyphen_not_mid_word() -> None:
    app = _Narrow()
    async with app.run_test(size=(40, 20)) as pilot:
        pane = app.query_one(DetailPane)
        pane.show(Content("Claim kyslytsia-russians-killing-russians"))
        await pilot.pause()
        lines = [pane.render_line(y).text.rstrip() for y in range(4)]
        assert lines == ["Claim", "kyslytsia-russians-", "killing-russians", ""]


async def test_an_empty_list_message_is_wrapped_inside_the_border() -> None:
    app = _Narrow()
    async with app.run_test(size=(40, 20)) as pilot:
        listing = app.query_one(RowList)
        await pilot.pause()
        lines = [listing.render_line(y).text.rstrip() for y in range(4)]
        assert lines == [" No statements", " recorded about", " this.", ""]


async def test_one_search_result_is_one_result(broken: Path) -> None:
    app = ParleyApp(broken, load(broken), watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.push_screen(SearchScreen(SearchIndex(app.dossier.index), query="J. Speaker"))
        await pilot.pause()
        summary = str(app.screen.query_one("#search-summary", Static).render())
        assert summary == "1 result for 'J. Speaker'"
