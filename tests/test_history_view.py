"""`H` in the app: the history of a record, filled in as git is read, stoppable with esc."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from parley.dossier.load import load
from parley.files.git import Cancelled
from parley.present.panes import Row
from parley.ui.app import ParleyApp
from parley.ui.messages import GitReadEnded, GitRowsRead
from parley.ui.screens.history import ChangeScreen, HistoryScreen, Source
from parley.ui.screens.main import MainScreen
from parley.ui.widgets.rowlist import RowList
from tests.conftest import Messages
from tests.gitrepo import CLAIM, PERSON, Repo, no_user_git_config, truce_repo


@pytest.fixture(autouse=True)
def _git_config(monkeypatch: pytest.MonkeyPatch) -> None:
    no_user_git_config(monkeypatch)


def dossier(tmp_path: Path) -> Repo:
    repo = truce_repo(tmp_path / "repo")
    repo.write("claims/truce.toml", CLAIM.format(text="No truce now."))
    message = "[b]Correct[/b] \x1b[31mwording\n\nAs the transcript [i]has[/i] it."
    repo.commit(message, author="[@click=app.quit]Eve")
    return repo


def rows_text(screen: HistoryScreen) -> list[str]:
    listing = screen.query_one(RowList)
    return [screen.render_row(row, 110).plain for row in listing.rows]


async def test_h_lists_the_commits_of_the_highlighted_record(
    tmp_path: Path, messages: Messages
) -> None:
    repo = dossier(tmp_path)
    app = ParleyApp(repo.root, load(repo.root), watch=False)
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await pilot.pause()
        await pilot.press("3", "H")  # the claims tab: the one statement
        await messages.wait(GitReadEnded)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        rows = rows_text(screen)
        assert len(rows) == 2
        assert "[@click=app.quit]Eve  [b]Correct[/b] \\x1b[31mwording" in rows[0]
        assert '    text: "No truce." → "No truce now."' in rows[0]
        assert "Add the truce statement" in rows[1] and "created" in rows[1]
        assert str(screen.query_one(RowList).border_title) == "truce: 2 commits"
        mark = messages.mark()
        await pilot.press("enter")
        await messages.wait(
            Worker.StateChanged, after=mark, where=lambda m: m.state is WorkerState.SUCCESS
        )
        await pilot.pause()
        assert isinstance(app.screen, ChangeScreen)
        text = str(app.screen.query_one("#change-text", Static).render())
        assert 'reported_by[1].excerpt: "No truce." → "No truce now."' in text
        # The whole message, read from git once the change is shown, literally.
        assert "\\x1b[31mwording\n\nAs the transcript [i]has[/i] it.\n\ntext:" in text
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_not_a_repository_is_a_message_and_a_problem(
    tmp_path: Path, messages: Messages
) -> None:
    folder = tmp_path / "plain"
    (folder / "people").mkdir(parents=True)
    (folder / "people" / "vladimir-medinsky.toml").write_text(PERSON, encoding="utf-8")
    app = ParleyApp(folder, load(folder), watch=False)
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await pilot.pause()
        await pilot.press("H")
        ended = await messages.wait(GitReadEnded)
        # The worker ends after it reported git's failure: the problem outlives it.
        await messages.wait(Worker.StateChanged, where=lambda m: m.state is WorkerState.SUCCESS)
        await pilot.pause()
        assert ended.error is not None and "is not in a git repository" in ended.error
        listing = app.screen.query_one(RowList)
        assert "is not in a git repository" in listing.empty_text
        assert any("is not in a git repository" in p.message for p in app.app_problems)
        assert app.is_running


class Slow:
    """A history that gives one entry, then waits until it is stopped (at most 20 s)."""

    def __init__(self, first: object) -> None:
        self.first = first
        self.stopped = threading.Event()

    @property
    def notes(self) -> list[str]:
        return []

    def entries(self) -> Iterator[object]:
        yield self.first
        if self.stopped.wait(20):
            raise Cancelled("stopped")

    def cancel(self) -> None:
        self.stopped.set()


async def test_esc_stops_the_reading_then_goes_back(tmp_path: Path, messages: Messages) -> None:
    repo = dossier(tmp_path)
    from parley.files.record_log import RecordLog

    path = repo.root / "claims/truce.toml"
    first = next(RecordLog(repo.root, path).entries())
    slow = Slow(first)

    class SlowHistory(HistoryScreen):
        def open_source(self) -> Source:
            return slow

    app = ParleyApp(repo.root, load(repo.root), watch=False)
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await pilot.pause()
        screen = SlowHistory(repo.root, "truce", path, "No truce now.")
        await app.push_screen(screen)
        await messages.wait(GitRowsRead, where=lambda m: bool(m.rows))
        await pilot.pause()
        listing = screen.query_one(RowList)
        assert len(listing.rows) == 1 and "reading" in str(listing.border_subtitle)
        await pilot.press("escape")
        ended = await messages.wait(GitReadEnded)
        await pilot.pause()
        assert ended.stopped and slow.stopped.is_set()
        assert app.screen is screen and str(listing.border_subtitle) == "stopped"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


def test_row_of_uncommitted_change(tmp_path: Path) -> None:
    repo = dossier(tmp_path)
    repo.write("claims/truce.toml", CLAIM.format(text="Draft."))
    from parley.files.record_log import RecordLog

    entries = list(RecordLog(repo.root, repo.root / "claims/truce.toml").entries())
    screen = HistoryScreen(repo.root, "truce", repo.root / "claims/truce.toml", "x")
    screen.entries = list(entries)
    first = screen.render_row(Row(position=0), 100).plain
    assert first.startswith("not committed")


async def test_c_lists_the_records_changed_since_a_revision(
    tmp_path: Path, messages: Messages
) -> None:
    from parley.ui.screens.changes import AskRevision, ChangesScreen

    repo = dossier(tmp_path)
    repo.write("claims/draft.toml", CLAIM.format(text="A draft."))
    app = ParleyApp(repo.root, load(repo.root), watch=False)
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await pilot.pause()
        await pilot.press("C")
        await pilot.pause()
        assert isinstance(app.screen, AskRevision)
        await pilot.press(*"HEAD~1", "enter")  # HEAD is selected: typing replaces it
        await messages.wait(GitReadEnded)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ChangesScreen)
        listing = screen.query_one(RowList)
        assert str(listing.border_title) == (
            "HEAD~1 (2025-05-17) .. the working tree: 2 records differ"
        )
        assert [r.heading for r in listing.rows if r.heading] == ["Statements: 1 added, 1 changed"]
        texts = [screen.render_row(r, 110).plain for r in listing.rows if r.heading is None]
        assert texts[0].startswith("added    draft\n")
        change = '"No truce." → "No truce now."'
        assert texts[1] == f"changed  truce\n    text: {change}; reported_by[1].excerpt: {change}"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_c_with_nothing_changed_says_so(tmp_path: Path, messages: Messages) -> None:
    repo = dossier(tmp_path)
    app = ParleyApp(repo.root, load(repo.root), watch=False)
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await pilot.pause()
        await pilot.press("C", "enter")  # HEAD, as offered
        await messages.wait(GitReadEnded)
        await pilot.pause()
        listing = app.screen.query_one(RowList)
        assert listing.rows == [] and listing.empty_text == "No record differs from HEAD."
