"""The hand-editing loop: edit in $EDITOR, see changes live, problems pane."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

import parley.ui.app
from parley.dossier.load import load
from parley.dossier.model import Kind
from parley.files.editor import edit_argv, editor_command
from parley.ui.app import ParleyApp
from parley.ui.messages import DossierChanged, WatcherReady
from parley.ui.screens.main import MainScreen
from parley.ui.screens.problems import ProblemsScreen
from parley.ui.screens.record_form import ReportForm
from parley.ui.widgets.detail import DetailPane
from parley.ui.widgets.rowlist import RowList

from .conftest import DOSSIERS, Messages

KYS = "serhii-kyslytsia"


@pytest.fixture
def dossier(tmp_path: Path) -> Path:
    folder = tmp_path / "dossiers"
    shutil.copytree(DOSSIERS, folder)
    return folder


class FakeEditor:
    """Stands in for $EDITOR: records how it was called and edits the file."""

    def __init__(self, change: tuple[str, str] | None = None) -> None:
        self.calls: list[list[str]] = []
        self.change = change

    def __call__(self, argv: list[str]) -> None:
        self.calls.append(argv)
        if self.change:
            path = Path(argv[-1])
            old, new = self.change
            path.write_text(path.read_text("utf-8").replace(old, new, 1), "utf-8")


def test_editor_is_visual_then_editor_then_fallbacks() -> None:
    assert editor_command({"VISUAL": "code --wait", "EDITOR": "vim"}) == ["code", "--wait"]
    assert editor_command({"EDITOR": "vim -u NONE"}) == ["vim", "-u", "NONE"]
    assert edit_argv(Path("a.toml"), 7, {"EDITOR": "vim"}) == ["vim", "+7", "a.toml"]


async def test_e_opens_the_report_line_and_keeps_the_selection(
    dossier: Path, monkeypatch: pytest.MonkeyPatch, messages: Messages
) -> None:
    editor = FakeEditor(("Serhii Kyslytsia", "Serhii Kyslytsia (edited)"))
    monkeypatch.setattr(parley.ui.app, "run_editor", editor)
    app = ParleyApp(dossier, load(dossier), watch=False)
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press("tab", "j", "tab")  # a statement, then its first report
        await pilot.pause()
        claim_id = screen.query_one("#top", RowList).current.record_id  # type: ignore[union-attr]
        report = screen.query_one("#bottom", RowList).current
        assert report is not None and claim_id
        await pilot.press("e")
        await pilot.pause()
        [argv] = editor.calls
        path = dossier / "claims" / f"{claim_id}.toml"
        assert argv[-1] == str(path)
        line = int(argv[-2].removeprefix("+"))
        assert path.read_text("utf-8").splitlines()[line - 1].startswith("excerpt = ")
        # Same place afterwards: the statement and the report are still highlighted.
        assert screen.query_one("#top", RowList).current.record_id == claim_id  # type: ignore[union-attr]
        assert screen.query_one("#bottom", RowList).current == report
        # Now edit the person: the folder is re-read and the new name shows.
        await pilot.press("escape", "e")
        await messages.wait(DossierChanged)
        await pilot.pause()
        assert editor.calls[-1][-1] == str(dossier / "people" / f"{KYS}.toml")
        assert screen.selected == KYS
        assert screen.index.get(KYS).name == "Serhii Kyslytsia (edited)"  # type: ignore[union-attr]


async def test_changes_from_elsewhere_show_live(dossier: Path, messages: Messages) -> None:
    app = ParleyApp(dossier, load(dossier))
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await messages.wait(WatcherReady)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press("tab", "j", "j")
        await pilot.pause()
        highlighted = screen.query_one("#top", RowList).current
        before = screen.index.count(Kind.CLAIM)
        new = dossier / "claims" / "kyslytsia-new-statement.toml"
        new.write_text(
            'speaker = "serhii-kyslytsia"\ntype = "paraphrase"\n'
            'text = "A statement added while parley runs."\n', "utf-8"
        )  # fmt: skip
        # A save can come as several batches of events: wait for the one that completes it.
        await messages.wait(
            DossierChanged, where=lambda m: m.dossier.index.count(Kind.CLAIM) == before + 1
        )
        await pilot.pause()
        assert screen.selected == KYS
        assert screen.query_one("#top", RowList).current == highlighted
        ids = [r.record_id for r in screen.query_one("#top", RowList).rows]
        assert "kyslytsia-new-statement" in ids
        # Break the person's file: the person stays, marked stale, with the problem.
        person = dossier / "people" / f"{KYS}.toml"
        person.write_text(person.read_text("utf-8").replace('side = "ukraine"', "side = "))
        await messages.wait(DossierChanged, where=lambda m: KYS in m.dossier.stale)
        await pilot.press("escape")
        await pilot.pause()
        text = screen.query_one(DetailPane).content.plain
        assert "Stale" in text and "Serhii Kyslytsia" in text
        assert "1 error " in str(screen.query_one("#problems", Static).render())
        navigator = screen.query_one("#navigator", RowList)
        drawn = {
            r.record_id: navigator._renderer(r, 80).plain for r in navigator.rows if r.record_id
        }
        assert drawn[KYS].startswith("⚠stale")
        await pilot.press("3")
        await pilot.pause()
        navigator = screen.query_one("#navigator", RowList)
        drawn = {
            r.record_id: navigator._renderer(r, 80).plain for r in navigator.rows if r.record_id
        }
        assert "A statement added while parley runs." in drawn["kyslytsia-new-statement"]
        assert not any(text.startswith("missing record") for text in drawn.values())
        await pilot.press("backspace")  # history brings back the stale person
        await pilot.pause()
        assert screen.selected == KYS and screen.kind is Kind.PERSON
        new.unlink()
        await messages.wait(
            DossierChanged, where=lambda m: m.dossier.index.count(Kind.CLAIM) == before
        )
        await pilot.pause()
        assert screen.selected == KYS


async def test_problems_pane_opens_the_editor_and_clears_when_fixed(
    dossier: Path, monkeypatch: pytest.MonkeyPatch, messages: Messages
) -> None:
    bad = dossier / "people" / "rustem-umerov.toml"
    bad.write_text(bad.read_text("utf-8").replace("aliases", "alias", 1), "utf-8")
    editor = FakeEditor(("alias ", "aliases "))
    monkeypatch.setattr(parley.ui.app, "run_editor", editor)
    app = ParleyApp(dossier, load(dossier), watch=False)
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await pilot.pause()
        await pilot.press("exclamation_mark")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProblemsScreen)
        assert screen.problems[0].path == bad and screen.problems[0].is_error
        await pilot.press("enter")
        await messages.wait(DossierChanged)
        await pilot.pause()
        [argv] = editor.calls
        assert argv[-1] == str(bad)
        line = int(argv[-2].removeprefix("+"))
        assert bad.read_text("utf-8").splitlines()[line - 1].startswith("aliases")
        assert not any(p.is_error for p in screen.problems)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        assert "0 errors" in str(app.screen.query_one("#problems", Static).render())


@pytest.mark.long
async def test_n_creates_a_claim_for_the_picked_person(dossier: Path, messages: Messages) -> None:
    from parley.ui.screens.record_form import RecordForm
    from parley.ui.screens.search import SearchScreen

    app = ParleyApp(dossier, load(dossier), watch=False)
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await pilot.pause()
        await pilot.press("tab", "n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RecordForm) and form.kind is Kind.CLAIM
        assert form.values()["speaker"] == KYS
        await pilot.press("ctrl+s")  # not valid yet: nothing is written
        await pilot.pause()
        assert app.screen is form
        assert "problem" in str(form.query_one("#summary", Static).render())
        form.query_one("#f-text", TextArea).focus()
        await pilot.press(*"We are ready [sic] to meet.")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ReportForm)
        await pilot.press(*"pism", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("tab", *"We are ready to meet.", "ctrl+s")
        await pilot.pause()
        assert app.screen is form and form.reports[0].article == "pism-bulletin-2025-05-20"
        await pilot.press("ctrl+s")
        await messages.wait(DossierChanged)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen)
        new_id = "kyslytsia-we-are-ready-sic-to-meet"
        assert screen.selected == new_id and screen.kind is Kind.CLAIM
        text = (dossier / "claims" / f"{new_id}.toml").read_text("utf-8")
        assert text.startswith("#:schema ../schema/claim.json\n")
        assert 'text = "We are ready [sic] to meet."' in text
        assert not load(dossier).errors


async def open_report_form(app: ParleyApp, pilot: Pilot[None], claim_id: str) -> ReportForm:
    """Go to a claim and press `a`."""
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, MainScreen)
    screen.go_to(claim_id)
    await pilot.pause()
    await pilot.press("a")
    await pilot.pause()
    form = app.screen
    assert isinstance(form, ReportForm)
    return form


async def fill_report_form(app: ParleyApp, pilot: Pilot[None], claim_id: str) -> ReportForm:
    """Go to a claim, press `a`, and fill in an article and an excerpt."""
    form = await open_report_form(app, pilot, claim_id)
    form.query_one("#f-article", Input).value = "pism-bulletin-2025-05-20"
    form.query_one("#f-excerpt", TextArea).text = "An excerpt."
    return form


async def test_a_adds_a_report_keeping_the_file_and_refuses_if_it_changed(
    dossier: Path, messages: Messages
) -> None:
    claim_id = "kyslytsia-they-know-our-background"
    path = dossier / "claims" / f"{claim_id}.toml"
    path.write_text("# my own comment\n" + path.read_text("utf-8"), "utf-8")
    original = path.read_text("utf-8")
    app = ParleyApp(dossier, load(dossier), watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await fill_report_form(app, pilot, claim_id)
        screen = app.screen_stack[-2]
        assert isinstance(screen, MainScreen)
        # Someone else edits the file meanwhile: parley refuses and keeps the form.
        path.write_text(original + "\n# edited elsewhere\n", "utf-8")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "changed on disk" in str(form.query_one("#summary", Static).render())
        assert form.query_one("#f-excerpt", TextArea).text == "An excerpt."
        assert path.read_text("utf-8") == original + "\n# edited elsewhere\n"
        await pilot.press("escape")
    # Fresh start: the report is appended, every byte the user wrote is kept.
    before = path.read_text("utf-8")
    app = ParleyApp(dossier, load(dossier), watch=False)
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        form = await fill_report_form(app, pilot, claim_id)
        screen = app.screen_stack[-2]
        assert isinstance(screen, MainScreen)
        await pilot.press("ctrl+s")
        await messages.wait(DossierChanged)
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        after = path.read_text("utf-8")
        assert after.startswith(before)
        assert "pism-bulletin-2025-05-20" in screen.index.articles_reporting(claim_id)
