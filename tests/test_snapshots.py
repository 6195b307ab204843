"""What the main screens look like, at 80x24, 120x40 and 200x60 (SVGs in __snapshots__)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from parley.dossier.load import load
from parley.ui.app import ParleyApp

from .conflicts import conflict_in_copy
from .conftest import DOSSIERS, FIXTURES, ROOT

SnapCompare = Callable[..., bool]


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> ParleyApp:
    # A relative path keeps the header the same wherever the repository is cloned; the
    # frozen copy keeps the screens the same when the bundled dossier is corrected.
    monkeypatch.chdir(FIXTURES)
    return ParleyApp(Path("dossiers"), load("dossiers"), watch=False)


async def no_blink(pilot: Pilot[Any]) -> None:
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause()


SIZES = [(120, 40), (80, 24), (200, 60)]


@pytest.mark.parametrize("size", SIZES)
def test_person_view(snap_compare: SnapCompare, app: ParleyApp, size: tuple[int, int]) -> None:
    """Kyslytsia's statements, focused: each row is read whole or to a word and "…"."""
    assert snap_compare(app, press=["tab", "j"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_round_view(snap_compare: SnapCompare, app: ParleyApp, size: tuple[int, int]) -> None:
    """The 16 May round, its statements focused, each with its speaker."""
    assert snap_compare(app, press=["1", "j", "tab", "tab"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_claims_list(snap_compare: SnapCompare, app: ParleyApp, size: tuple[int, int]) -> None:
    """Every statement, oldest first: who said it, when, and the text over three lines."""
    assert snap_compare(app, press=["3", "j"], terminal_size=size)


def test_claim_view(snap_compare: SnapCompare, app: ParleyApp) -> None:
    assert snap_compare(app, press=["3", "j", "j", "j", "tab"], terminal_size=(120, 40))


def test_search(snap_compare: SnapCompare, app: ParleyApp) -> None:
    assert snap_compare(
        app, press=["slash", *"Kislitsa"], terminal_size=(120, 40), run_before=no_blink
    )


@pytest.mark.parametrize("size", SIZES)
def test_disputes(snap_compare: SnapCompare, app: ParleyApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, press=["d", "j", "j", "j"], terminal_size=size)


def test_help(snap_compare: SnapCompare, app: ParleyApp) -> None:
    assert snap_compare(app, press=["question_mark"], terminal_size=(120, 40))


@pytest.fixture
def frozen_app(monkeypatch: pytest.MonkeyPatch) -> ParleyApp:
    """The app on the frozen copy of the bundled dossier, by a relative path (as ``app``)."""
    monkeypatch.chdir(ROOT)
    folder = Path("tests/fixtures/dossiers")
    return ParleyApp(folder, load(folder), watch=False)


def test_timeline(snap_compare: SnapCompare, frozen_app: ParleyApp) -> None:
    """Rounds as marked rows of their own among the statements, in date order."""
    assert snap_compare(frozen_app, press=["t"], terminal_size=(120, 40))


def test_filtered_claims(snap_compare: SnapCompare, frozen_app: ParleyApp) -> None:
    """The Claims tab narrowed to one side: the title says by what and how many of how many."""
    assert snap_compare(frozen_app, press=["3", "f", "space", "ctrl+s"], terminal_size=(120, 40))


# -- the reader ------------------------------------------------------------------------------


@pytest.fixture
def reader_app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> ParleyApp:
    """The app on a small dossier whose one article has its archived text."""
    from .test_reader import make_dossier

    make_dossier(tmp_path / "dossier")
    monkeypatch.chdir(tmp_path)
    return ParleyApp(Path("dossier"), load("dossier"), watch=False)


def test_reader(snap_compare: SnapCompare, reader_app: ParleyApp) -> None:
    """The archived text: the reported quote highlighted and labelled, its statement beside it,
    a suggestion underlined in another colour."""
    assert snap_compare(reader_app, press=["4", "r", "right_square_bracket"],
                        terminal_size=(120, 40))  # fmt: skip


def test_reader_selection(snap_compare: SnapCompare, reader_app: ParleyApp) -> None:
    """A selection grown by a sentence from the reported quote."""
    assert snap_compare(reader_app, press=["4", "r", "right_square_bracket", "v", "j", "j"],
                        terminal_size=(120, 40))  # fmt: skip


def test_reader_narrow(snap_compare: SnapCompare, reader_app: ParleyApp) -> None:
    """At 80x24 the statement goes below the text, and the labels stay beside it."""
    press = ["4", "r", "right_square_bracket", "right_square_bracket"]
    assert snap_compare(reader_app, press=press, terminal_size=(80, 24))


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_conflict_view(
    snap_compare: SnapCompare,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
) -> None:
    """A claim two branches reworded: both sides, the fields that differ marked."""
    conflict_in_copy(DOSSIERS, tmp_path / "dossiers")
    monkeypatch.chdir(tmp_path)
    app = ParleyApp(Path("dossiers"), load("dossiers"), watch=False)
    assert snap_compare(app, press=["exclamation_mark", "enter", "right"], terminal_size=size)
