"""The conflict view: both sides of a merge conflict, keeping one, a file changed meanwhile."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from textual.widgets import Static

import parley.ui.app
from parley.dossier.load import load
from parley.dossier.model import Claim
from parley.ui.app import ParleyApp
from parley.ui.messages import DossierChanged, WatcherReady
from parley.ui.screens.conflict import ConflictScreen
from parley.ui.screens.problems import ProblemsScreen
from parley.ui.widgets.detail import DetailPane

from .conflicts import CLAIM, conflicted_repo, git, needs_git, small_dossier
from .conftest import Messages

OURS, THEIRS = 'text = "We will talk soon."', 'text = "We will talk, maybe."'


def text_of(screen: ConflictScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def side_text(screen: ConflictScreen, side: str) -> str:
    return text_of(screen, f"#conflict-{side} Static")


async def open_conflict(app: ParleyApp, pilot: object) -> ConflictScreen:
    """``!`` then enter on the first problem (the conflict: errors come first)."""
    await pilot.press("exclamation_mark")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, ProblemsScreen)
    assert app.screen.problems[0].message.startswith("unresolved merge conflict")
    await pilot.press("enter")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    screen = app.screen
    assert isinstance(screen, ConflictScreen)
    return screen


def two_sided(folder: Path) -> Path:
    """A conflicted claim written by hand (no git): the wording and the date differ."""
    text = CLAIM.replace(
        'text = "We will talk."',
        f"<<<<<<< HEAD\n{OURS}\n=======\n{THEIRS}\n>>>>>>> feature",
    )
    return small_dossier(folder, text)


async def test_enter_on_the_conflict_shows_both_sides_with_the_difference_marked(
    tmp_path: Path,
) -> None:
    two_sided(tmp_path)
    app = ParleyApp(tmp_path, load(tmp_path), watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_conflict(app, pilot)
        assert "claims/talk.toml  conflict 1 of 1, lines 4-8" in text_of(screen, "#conflict-title")
        ours, theirs = side_text(screen, "ours"), side_text(screen, "theirs")
        assert "≠ text: We will talk soon." in ours and "≠ text: We will talk, maybe." in theirs
        assert "  speaker: jane-speaker" in ours and "  speaker: jane-speaker" in theirs
        assert screen.query_one("#conflict-ours").has_class("-chosen")
        await pilot.press("right")
        assert screen.query_one("#conflict-theirs").has_class("-chosen")
        assert not screen.query_one("#conflict-ours").has_class("-chosen")
        await pilot.press("escape")
        assert isinstance(app.screen, ProblemsScreen)


async def test_keeping_theirs_rewrites_only_the_block_and_the_record_loads(
    tmp_path: Path,
) -> None:
    claim = two_sided(tmp_path)
    before = claim.read_bytes()
    app = ParleyApp(tmp_path, load(tmp_path), watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_conflict(app, pilot)
        await pilot.press("right", "enter")
        await pilot.pause()
        assert claim.read_bytes() == before.replace(
            f"<<<<<<< HEAD\n{OURS}\n=======\n".encode(), b""
        ).replace(b"\n>>>>>>> feature\n", b"\n")
        assert claim.read_text().startswith("# Said at the press conference")  # the comment
        assert isinstance(app.screen, ProblemsScreen)  # the view closed: nothing left
        assert app.dossier is not None and not app.dossier.errors
        record = app.dossier.index.get_as("talk", Claim)
        assert record is not None and record.text == "We will talk, maybe."


async def test_a_file_changed_since_shown_is_not_written(tmp_path: Path) -> None:
    claim = two_sided(tmp_path)
    app = ParleyApp(tmp_path, load(tmp_path), watch=False)  # no watcher: the view cannot know
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_conflict(app, pilot)
        edited = claim.read_text().replace("# Said", "# Someone else's edit. Said")
        claim.write_text(edited)
        await pilot.press("enter")
        await pilot.pause()
        assert claim.read_text() == edited
        assert app.screen is screen
        status = text_of(screen, "#conflict-status")
        assert status.startswith("Nothing was written: claims/talk.toml changed on disk")
        assert any(n.message.startswith("Nothing was written") for n in app._notifications)


async def test_two_blocks_are_kept_one_at_a_time(tmp_path: Path) -> None:
    text = CLAIM.replace(
        'text = "We will talk."', f"<<<<<<< HEAD\n{OURS}\n=======\n{THEIRS}\n>>>>>>> feature"
    ).replace(
        "said_on = 2025-05-16",
        "<<<<<<< HEAD\nsaid_on = 2025-05-16\n=======\nsaid_on = 2025-05-17\n>>>>>>> feature",
    )
    claim = small_dossier(tmp_path, text)
    assert len([p for p in load(tmp_path).errors]) == 2
    app = ParleyApp(tmp_path, load(tmp_path), watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_conflict(app, pilot)
        assert "conflict 1 of 2, lines 4-8" in text_of(screen, "#conflict-title")
        await pilot.press("enter")  # ours
        await pilot.pause()
        assert app.screen is screen
        assert "conflict 1 of 1, lines 5-9" in text_of(screen, "#conflict-title")
        assert "≠ said_on: 2025-05-17" in side_text(screen, "theirs")
        assert text_of(screen, "#conflict-status").startswith("Kept ours for lines 4-8; 1 more")
        await pilot.press("l", "enter")
        await pilot.pause()
        assert "<<<<<<<" not in claim.read_text()
        assert 'text = "We will talk soon."\n' in claim.read_text()
        assert "said_on = 2025-05-17\n" in claim.read_text()
        assert isinstance(app.screen, ProblemsScreen)


async def test_e_opens_the_file_at_the_first_marker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    claim = two_sided(tmp_path)
    calls: list[list[str]] = []
    monkeypatch.setattr(parley.ui.app, "run_editor", calls.append)
    monkeypatch.setenv("EDITOR", "myeditor")
    app = ParleyApp(tmp_path, load(tmp_path), watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_conflict(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        assert calls == [["myeditor", "+4", str(claim)]]


async def test_a_side_that_is_not_toml_is_shown_as_its_lines(tmp_path: Path) -> None:
    small_dossier(tmp_path, CLAIM.replace(
        'text = "We will talk."', f'<<<<<<< HEAD\n{OURS}\n=======\ntext = "broken\n>>>>>>> b'
    ))  # fmt: skip
    app = ParleyApp(tmp_path, load(tmp_path), watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_conflict(app, pilot)
        theirs = side_text(screen, "theirs")
        assert theirs.startswith("Not valid TOML on this side:")
        assert "line 7: TOML syntax" in theirs and 'text = "broken' in theirs
        assert "≠ text: We will talk soon." in side_text(screen, "ours")


@needs_git
async def test_git_merge_abort_while_the_view_is_open_writes_nothing(
    tmp_path: Path, messages: Messages
) -> None:
    repo = tmp_path / "repo"
    claim = conflicted_repo(repo, OURS, THEIRS)
    app = ParleyApp(repo, load(repo))
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await messages.wait(WatcherReady)
        screen = await open_conflict(app, pilot)
        mark = messages.mark()
        git(repo, "merge", "--abort")
        await messages.wait(DossierChanged, after=mark, where=lambda m: claim in m.changed)
        await pilot.pause()
        reverted = claim.read_bytes()
        assert b"<<<<<<<" not in reverted and OURS.encode() in reverted
        assert app.screen is screen
        assert text_of(screen, "#conflict-status").startswith("The conflict is gone")
        await pilot.press("enter", "right", "enter")
        await pilot.pause()
        assert claim.read_bytes() == reverted
        assert app.dossier is not None and not app.dossier.errors
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        assert not any(p.is_error for p in app.screen.problems)
    status = subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True,
                            text=True, timeout=30, check=True)  # fmt: skip
    assert status.stdout == ""


async def test_e_on_a_record_whose_file_got_a_conflict_opens_the_view(tmp_path: Path) -> None:
    claim = small_dossier(tmp_path)
    app = ParleyApp(tmp_path, load(tmp_path), watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")  # the statements: the one there is
        await pilot.pause()
        claim.write_text(CLAIM.replace(
            'text = "We will talk."', f"<<<<<<< HEAD\n{OURS}\n=======\n{THEIRS}\n>>>>>>> b"
        ))  # fmt: skip
        assert await app.refresh_dossier({claim})
        await pilot.pause()
        main = app.screen
        detail = main.query_one(DetailPane).content.plain
        assert "Stale" in detail and "e shows both sides of the merge conflict" in detail
        await pilot.press("e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConflictScreen)
        assert "≠ text: We will talk soon." in side_text(screen, "ours")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is main
        assert 'text = "We will talk soon."\n' in claim.read_text()
        assert app.dossier is not None and not app.dossier.stale and not app.dossier.errors


async def test_labels_and_values_are_shown_as_text_never_as_markup(tmp_path: Path) -> None:
    small_dossier(tmp_path, CLAIM.replace(
        'text = "We will talk."',
        '<<<<<<< [b]HEAD\x1b[31m\ntext = "[red]ours[/red]"\n=======\n'
        'text = "theirs\\u0007"\n>>>>>>> [link=x]feature',
    ))  # fmt: skip
    app = ParleyApp(tmp_path, load(tmp_path), watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_conflict(app, pilot)
        ours = screen.query_one("#conflict-ours")
        assert ours._border_title is not None
        assert ours._border_title.plain == "ours: [b]HEAD\\x1b[31m"
        theirs = screen.query_one("#conflict-theirs")
        assert theirs._border_title is not None
        assert theirs._border_title.plain == "theirs: [link=x]feature"
        assert "≠ text: [red]ours[/red]" in side_text(screen, "ours")
        assert "≠ text: theirs\\x07" in side_text(screen, "theirs")
