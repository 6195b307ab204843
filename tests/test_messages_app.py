"""The app's messages: problems relative to the dossier, dependents under their cause, plurals."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import Static

from parley.dossier.load import load
from parley.present.panes import Row
from parley.ui.app import ParleyApp
from parley.ui.screens.problems import ProblemsScreen
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
