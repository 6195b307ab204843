"""The forms without traps: what a user types is kept, keys do what the footer says."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from parley.dossier.index import Index
from parley.dossier.load import load
from parley.dossier.model import Claim, Kind
from parley.dossier.search import SearchIndex
from parley.files.ids import slugify
from parley.files.records import record_toml
from parley.present.forms import ReportDraft, prefill, suggested_id
from parley.ui.app import ParleyApp
from parley.ui.commands import ParleyCommands
from parley.ui.screens.discard import DiscardForm
from parley.ui.screens.main import MainScreen
from parley.ui.screens.record_form import RecordForm
from parley.ui.screens.search import SearchScreen
from parley.ui.widgets.keybar import KeyBar
from parley.ui.widgets.rowlist import RowList

from .conftest import DOSSIERS
from .test_editing import open_report_form

KYS = "serhii-kyslytsia"
CLAIM_IN_ROUND = "kyslytsia-main-result-not-achieved"  # said at istanbul-2025-05-16
ARTICLES_WITH_TIMES = {"united24-kyslytsia-times-interview",
                       "unknown-outlet-kyslytsya-times-talks-halted"}  # fmt: skip


@pytest.fixture
def dossier(tmp_path: Path) -> Path:
    folder = tmp_path / "dossiers"
    shutil.copytree(DOSSIERS, folder)
    return folder


@pytest.fixture(scope="module")
def index() -> Index:
    return load(DOSSIERS).index


async def new_claim_form(app: ParleyApp, pilot: Pilot[None]) -> RecordForm:
    """Pick Kyslytsia, move to her statements and press `n`."""
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, MainScreen)
    screen.go_to(KYS)
    await pilot.pause()
    await pilot.press("tab", "n")
    await pilot.pause()
    form = app.screen
    assert isinstance(form, RecordForm)
    return form


def keybar_text(app: ParleyApp) -> str:
    return str(app.screen.query_one(KeyBar).render())


async def test_typing_in_a_prefilled_field_adds_to_its_value(dossier: Path) -> None:
    app = ParleyApp(dossier, load(dossier), watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await new_claim_form(app, pilot)
        speaker = form.query_one("#f-speaker", Input)
        assert app.focused is speaker
        await pilot.press("backspace", "a")
        await pilot.pause()
        assert speaker.value == KYS


def test_a_new_claim_takes_the_round_of_the_statement_in_context(index: Index) -> None:
    values, _ = prefill(Kind.CLAIM, index, CLAIM_IN_ROUND)
    assert values["round"] == "istanbul-2025-05-16"
    values, _ = prefill(Kind.CLAIM, index, KYS, highlighted=CLAIM_IN_ROUND)
    assert values == {"speaker": KYS, "round": "istanbul-2025-05-16", "type": "paraphrase"}


def test_a_part_of_an_id_finds_the_record(index: Index) -> None:
    hits = SearchIndex(index).search("times", kinds=frozenset({Kind.ARTICLE}))
    assert {h.record_id for h in hits} == ARTICLES_WITH_TIMES
    assert {h.record_id for h in SearchIndex(index).search("times")} >= ARTICLES_WITH_TIMES


async def test_the_article_picker_lists_every_article_before_anything_is_typed(
    dossier: Path,
) -> None:
    app = ParleyApp(dossier, load(dossier), watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_report_form(app, pilot, CLAIM_IN_ROUND)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        rows = app.screen.query_one(RowList).rows
        assert len([r for r in rows if r.record_id]) == len(list(dossier.glob("articles/*.toml")))


async def test_ctrl_p_opens_the_palette_in_a_form_and_the_footer_shows_the_forms_keys(
    dossier: Path,
) -> None:
    app = ParleyApp(dossier, load(dossier), watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await new_claim_form(app, pilot)
        await pilot.pause()
        keys = keybar_text(app)
        assert "Save" in keys and "Reload" in keys and "Disputes" not in keys
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        assert form.query_one("#f-speaker", Input).value == KYS
        # The palette offers the form's actions, not the browser's behind it.
        titles = {a.title for a in ParleyCommands(form).offered()}
        assert {"Save", "Reload", "Help"} <= titles and "Disputes" not in titles


async def test_after_picking_an_article_tab_moves_to_the_excerpt(dossier: Path) -> None:
    app = ParleyApp(dossier, load(dossier), watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_report_form(app, pilot, CLAIM_IN_ROUND)
        await pilot.press(*"pism", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("enter")
        await pilot.pause()
        article = form.query_one("#f-article", Input)
        assert app.screen is form and app.focused is article
        await pilot.press("tab", *"Said so.")
        await pilot.pause()
        assert article.value == "pism-bulletin-2025-05-20"
        assert form.query_one("#f-excerpt", TextArea).text == "Said so."


async def test_esc_asks_before_throwing_typed_text_away(dossier: Path) -> None:
    app = ParleyApp(dossier, load(dossier), watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await new_claim_form(app, pilot)
        await pilot.press("escape")  # nothing typed: closes at once
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        form = await new_claim_form(app, pilot)
        form.query_one("#f-text", TextArea).focus()
        await pilot.press(*"Words.", "escape")
        await pilot.pause()
        assert isinstance(app.screen, DiscardForm)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is form and form.values()["text"] == "Words."
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DiscardForm)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_a_mistyped_reference_gets_a_did_you_mean(dossier: Path) -> None:
    app = ParleyApp(dossier, load(dossier), watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await new_claim_form(app, pilot)
        await pilot.press("backspace")
        await pilot.pause()
        error = str(form.query_one("#f-speaker-error", Static).render())
        assert f"did you mean {KYS!r}?" in error


async def test_ctrl_l_reloads_the_changed_file_and_saves_keeping_what_was_typed(
    dossier: Path,
) -> None:
    path = dossier / "claims" / f"{CLAIM_IN_ROUND}.toml"
    app = ParleyApp(dossier, load(dossier), watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_report_form(app, pilot, CLAIM_IN_ROUND)
        form.query_one("#f-article", Input).value = "pism-bulletin-2025-05-20"
        form.query_one("#f-excerpt", TextArea).text = "An excerpt."
        path.write_text(path.read_text("utf-8") + "\n# edited elsewhere\n", "utf-8")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "ctrl+l" in str(form.query_one("#summary", Static).render())
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    text = path.read_text("utf-8")
    assert "# edited elsewhere" in text and 'excerpt = "An excerpt."' in text
    assert not load(dossier).errors


def test_new_ids_end_where_a_phrase_ends() -> None:
    text = "Russia came to Istanbul to buy time, not to negotiate a ceasefire"
    assert slugify(text, max_words=9) == "russia-came-to-istanbul-to-buy-time"
    assert slugify("We will talk to the", max_len=14) == "we-will-talk"
    assert slugify("kyslytsia We will not give up.", max_words=9) == "kyslytsia-we-will-not-give-up"


def test_a_long_claim_is_named_without_a_hanging_word(index: Index) -> None:
    values = {"speaker": KYS, "text": "They came to buy time, not to end the war at all"}
    assert suggested_id(Kind.CLAIM, values, index) == "kyslytsia-they-came-to-buy-time"


def test_new_files_give_keys_in_the_order_of_the_bundled_files() -> None:
    report = {"article": "a-b", "excerpt": "Words."}
    data = {"speaker": KYS, "type": "quote", "text": "Words.", "round": "istanbul-2025-05-16",
            "notes": "A note.", "reported_by": [report]}  # fmt: skip
    text = record_toml(Kind.CLAIM, data)
    keys = [line.split(" =")[0] for line in text.splitlines() if " = " in line]
    assert keys == ["speaker", "type", "text", "round", "notes", "article", "excerpt"]
    bundled = (DOSSIERS / "claims" / f"{CLAIM_IN_ROUND}.toml").read_text("utf-8")
    order = [k for k in tomllib.loads(bundled) if k in data and k != "reported_by"]
    assert [k for k in keys if k in order] == order


async def test_n_on_a_highlighted_statement_takes_its_round(dossier: Path) -> None:
    app = ParleyApp(dossier, load(dossier), watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen.go_to(KYS)
        await pilot.pause()
        await pilot.press("tab")
        rows = [r.record_id for r in screen.top.rows if r.record_id]
        claims = [screen.index.get_as(r, Claim) for r in rows]
        rounds = [c.round for c in claims if c is not None]
        n = next(i for i, r in enumerate(rounds) if r)  # the first said in a round
        for _ in range(n):
            await pilot.press("down")
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RecordForm)
        assert form.values()["round"] == rounds[n] and form.values()["speaker"] == KYS


async def test_a_claim_saved_from_the_form_is_named_at_a_phrase_and_ordered_like_the_others(
    dossier: Path,
) -> None:
    app = ParleyApp(dossier, load(dossier), watch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await new_claim_form(app, pilot)
        form.query_one("#f-text", TextArea).text = "They came to buy time, not to end the war"
        form.reports.append(ReportDraft("pism-bulletin-2025-05-20", "They came to buy time"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    text = (dossier / "claims" / "kyslytsia-they-came-to-buy-time.toml").read_text("utf-8")
    keys = [line.split(" =")[0] for line in text.splitlines() if " = " in line]
    assert keys[:4] == ["speaker", "type", "text", "round"]
