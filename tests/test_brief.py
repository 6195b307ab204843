"""Markdown briefs: what they contain, that no record can break them, and `x` in the browser."""

from __future__ import annotations

import os
import stat
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from markdown_it import MarkdownIt
from markdown_it.token import Token
from textual.pilot import Pilot
from textual.widgets import Input

from parley.dossier.index import Index
from parley.dossier.load import load
from parley.dossier.model import Article, Claim, Kind, Person, Round
from parley.export import brief
from parley.export.scope import Scope, ScopeError
from parley.ui.app import ParleyApp
from parley.ui.screens.disputes import DisputesScreen
from parley.ui.screens.main import MainScreen
from parley.ui.screens.save_as import SaveAs

from .conftest import DOSSIERS, Messages

PERSON = "serhii-kyslytsia"
ROUND = "istanbul-2025-05-16"
POINT = "first-round-outcome"


@pytest.fixture(scope="module")
def index() -> Index:
    return load(DOSSIERS).index


# -- reading a brief the way a Markdown reader does -----------------------------------


def parse(markdown: str) -> list[Token]:
    return MarkdownIt("commonmark").enable("table").parse(markdown)


def inline_text(token: Token) -> str:
    """What an inline token reads as: escapes and entities decoded, line breaks as newlines."""
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        else:
            parts.extend(inline_text(child) if child.children else child.content)
    return "".join(parts)


def read(markdown: str) -> str:
    """The brief as its reader sees it: every line of text, in order."""
    return "\n".join(inline_text(t) for t in parse(markdown) if t.type == "inline")


def headings(markdown: str, level: int) -> list[str]:
    tokens = parse(markdown)
    return [
        inline_text(tokens[n + 1])
        for n, t in enumerate(tokens)
        if t.type == "heading_open" and t.tag == f"h{level}"
    ]


def table_rows(markdown: str) -> list[list[str]]:
    """Each body row of every table, as its cells read."""
    rows: list[list[str]] = []
    tokens = parse(markdown)
    in_body = False
    for token in tokens:
        if token.type in ("tbody_open", "tbody_close"):
            in_body = token.type == "tbody_open"
        elif in_body and token.type == "tr_open":
            rows.append([])
        elif in_body and token.type == "inline":
            rows[-1].append(inline_text(token))
    return rows


def folded(text: str) -> str:
    return " ".join(text.split())


# -- the bundled dossier's briefs ------------------------------------------------------


def sources_of(index: Index, claim_id: str) -> list[Article]:
    return [a for i in index.articles_reporting(claim_id) if (a := index.get_as(i, Article))]


def test_a_person_brief_has_every_statement_with_its_sources(index: Index) -> None:
    markdown = brief.export(index, Scope(person=PERSON))
    text = folded(read(markdown))
    claims = index.claims_by_person(PERSON)
    assert headings(markdown, 1) == ["Brief: Serhii Kyslytsia"]
    assert headings(markdown, 2)[:2] == ["Who", "Statements"]
    statements = [h for h in headings(markdown, 3) if h[0].isdigit()]
    assert len(statements) == len(claims) > 20
    assert f"{len(claims)} statements" in text  # the summary counts them
    for claim_id in claims:
        claim = index.get_as(claim_id, Claim)
        assert claim is not None
        assert folded(claim.text) in text
        for article in sources_of(index, claim_id):
            assert folded(article.title) in text
            excerpt = index.excerpt(claim_id, article.id)
            assert excerpt is None or folded(excerpt) in text
    # who the person is, as the sources give it
    assert "First Deputy Minister of Foreign Affairs of Ukraine" in text
    # statements are numbered in date order: the dated ones first, oldest first
    dates = [index.claim_date(c) for c in claims]
    known = [d for d in dates if d is not None]
    assert known == sorted(known) and dates[: len(known)] == known


def test_a_statement_is_marked_quote_or_paraphrase_and_contradicted(index: Index) -> None:
    markdown = brief.export(index, Scope(person=PERSON))
    quotes = [h for h in headings(markdown, 3) if h.endswith("· quote")]
    paraphrases = [h for h in headings(markdown, 3) if h.endswith("· paraphrase")]
    kinds = [index.get_as(c, Claim) for c in index.claims_by_person(PERSON)]
    assert len(quotes) == sum(1 for c in kinds if c and c.type.value == "quote") > 0
    assert len(paraphrases) == sum(1 for c in kinds if c and c.type.value == "paraphrase") > 0
    text = read(markdown)
    contradicted = [c for c in index.claims_by_person(PERSON) if index.contradictions(c)]
    assert text.count("⚡ Contradicted by") >= len(contradicted) > 0


def test_a_round_brief_says_when_where_who_and_what_was_said(index: Index) -> None:
    markdown = brief.export(index, Scope(round=ROUND))
    text = read(markdown)
    round_ = index.get_as(ROUND, Round)
    assert round_ is not None
    assert headings(markdown, 1) == ["Brief: First round of direct talks (16 May 2025)"]
    for expected in ("Date: 16 May 2025", "Place: Istanbul, Türkiye",
                     "Venue: Dolmabahçe Palace", "Chair: Hakan Fidan",
                     "Vladimir Medinsky (head)", "Rustem Umerov (head)"):  # fmt: skip
        assert expected in text
    claims = index.claims_of_round(ROUND)
    assert len([h for h in headings(markdown, 3) if h[0].isdigit()]) == len(claims)
    for claim_id in claims:
        claim = index.get_as(claim_id, Claim)
        assert claim is not None and folded(claim.text) in folded(text)


def test_a_point_brief_sets_every_version_side_by_side(index: Index) -> None:
    markdown = brief.export(index, Scope(point=POINT))
    dispute = next(d for d in index.disputes() if d.topic == POINT)
    assert headings(markdown, 1) == ["Brief: the contested point “First round outcome”"]
    rows = table_rows(markdown)
    assert len(rows) == len(dispute.claims) == 3
    for row, claim_id in zip(rows, dispute.claims, strict=True):
        claim = index.get_as(claim_id, Claim)
        assert claim is not None
        assert folded(claim.text) in row[3]
        for article in sources_of(index, claim_id):
            assert (article.outlet or folded(article.title)[:10]) in row[4]
    assert "Medinsky" in rows[0][1] and "Kyslytsia" in rows[2][1]


def test_the_whole_dossier_brief_lists_the_rounds_and_every_statement(index: Index) -> None:
    markdown = brief.export(index, Scope())
    assert headings(markdown, 1) == ["Brief: the whole dossier"]
    assert headings(markdown, 2) == ["Rounds", "Statements", "Contested points"]
    statements = [h for h in headings(markdown, 3) if h[0].isdigit()]
    assert len(statements) == index.count(Kind.CLAIM)
    points = [h for h in headings(markdown, 3) if not h[0].isdigit()]
    assert len(points) == len(index.disputes())


def test_a_scope_naming_nothing_is_refused(index: Index) -> None:
    with pytest.raises(ScopeError):
        brief.export(index, Scope(person="nobody-at-all"))


# -- hostile records ------------------------------------------------------------------

ESC = "\x1b]0;PWNED\x07\x1b[2J"
HOSTILE = {
    "name": "# Boss | *bold* [x](javascript:alert(1)) <b>html</b> `tick`",
    "title": "Title | with\n# a heading\nand `ticks` and <script>alert(1)</script>",
    "outlet": "Outlet | *star* & &amp; \u202egnp.exe",
    "text": (
        "First line *emph* _under_ [link](http://evil.example) ![img](x.png)\n"
        "# Not a heading\n- not a list\n> not a quote\n| not | a | row |\n"
        "1. not numbered\n```\nnot a fence\n```\n---\n<div>not html</div>\n"
        f"    not code {ESC}"
    ),
    "excerpt": "Excerpt | pipe\n\n## heading in excerpt\n<!-- comment -->\n+ item\n= under",
    "credited_as": "=== | ### ***",
    "occasion": "<http://autolink.example> & \\escaped\\",
}


def hostile_dossier(root: Path) -> Path:
    """Two people contradicting each other on one point, every string hostile."""

    def write(folder: str, name: str, data: dict[str, Any]) -> None:
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / f"{name}.toml").write_text(tomli_w.dumps(data), encoding="utf-8")

    write("rounds", "r1", {"title": HOSTILE["title"], "date": _date(), "place": HOSTILE["outlet"],
                           "venue": HOSTILE["name"], "chair": "p1",
                           "delegations": [{"side": "red", "head": "p1"},
                                           {"side": "blue", "head": "p2"}]})  # fmt: skip
    for n, side in ((1, "red"), (2, "blue")):
        role = {"title": HOSTILE["title"], "article": "a1"}
        aliases = [HOSTILE["credited_as"]]
        write("people", f"p{n}", {"name": f"{HOSTILE['name']} {n}", "side": side,
                                  "aliases": aliases, "roles": [role]})  # fmt: skip
        write("claims", f"c{n}", {
            "speaker": f"p{n}", "text": f"{HOSTILE['text']} {n}",
            "type": "quote" if n == 1 else "paraphrase", "round": "r1",
            "credited_as": HOSTILE["credited_as"], "occasion": HOSTILE["occasion"],
            "contested": ["the-point"], **({"contradicts": ["c1"]} if n == 2 else {}),
            "reported_by": [{"article": "a1", "excerpt": f"{HOSTILE['excerpt']} {n}"}],
        })  # fmt: skip
    write("articles", "a1", {"title": HOSTILE["title"], "outlet": HOSTILE["outlet"],
                             "url": "javascript:alert(1)", "published": _date(),
                             "authors": [HOSTILE["name"]], "language": "en",
                             "outlet_kind": "other"})  # fmt: skip
    return root


def _date() -> Any:
    import datetime as dt

    return dt.date(2025, 5, 16)


@pytest.fixture
def hostile(tmp_path: Path) -> Index:
    dossier = load(hostile_dossier(tmp_path / "hostile"))
    assert not dossier.errors, [str(p) for p in dossier.errors]
    return dossier.index


@pytest.mark.parametrize(
    "scope", [Scope(), Scope(person="p1"), Scope(round="r1"), Scope(point="the-point")]
)
def test_hostile_records_cannot_break_the_brief(hostile: Index, scope: Scope) -> None:
    markdown = brief.export(hostile, scope)
    tokens = parse(markdown)
    everything = [t for t in tokens for t in [t, *(t.children or [])]]
    made = {t.type for t in everything}
    # Nothing a record holds became markup: no HTML, link, image, code, emphasis or rule.
    for kind in ("html_block", "html_inline", "link_open", "image", "fence", "code_block",
                 "em_open", "strong_open", "hr", "s_open"):  # fmt: skip
        assert kind not in made, kind
    codes = {t.content for t in everything if t.type == "code_inline"}
    assert codes <= {"c1", "c2"}  # only the ids the brief puts in code spans
    # The structure is the brief's own: one title, its sections, one heading per statement
    # or point, one table row per version.
    statements = 1 if scope.person else 2
    assert len(headings(markdown, 1)) == 1
    assert len(headings(markdown, 3)) == statements + 1
    assert len(table_rows(markdown)) == 2
    assert all(len(row) == 5 for row in table_rows(markdown))
    blocks = [t for t in tokens if t.type == "blockquote_open"]
    assert len(blocks) == 2 * statements  # the statement and its excerpt
    # A terminal shown the file sees no escape code or bidi override.
    for char in "\x1b\x07\u202e":
        assert char not in markdown


def test_hostile_text_reads_back_exactly(hostile: Index) -> None:
    markdown = brief.export(hostile, Scope(point="the-point"))
    text = read(markdown)
    claim = hostile.get_as("c1", Claim)
    person = hostile.get_as("p1", Person)
    assert claim is not None and person is not None
    # The statement's text, every line of it, as the record has it (entities decoded; the
    # reader used here shows the terminal codes as U+FFFD, which the file spells &#27;).
    shown = claim.text.replace("\x1b", "\ufffd").replace("\x07", "\ufffd")
    assert "\n".join(line.lstrip() for line in shown.split("\n")) in text
    assert "&#27;\\]0;PWNED&#7;" in markdown
    assert person.name in text and HOSTILE["outlet"] in text
    assert HOSTILE["occasion"] in text and folded(HOSTILE["title"]) in text


def test_exporting_never_changes_a_file(tmp_path: Path) -> None:
    root = hostile_dossier(tmp_path / "hostile")
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    index = load(root).index
    for scope in (Scope(), Scope(person="p2"), Scope(round="r1"), Scope(point="the-point")):
        brief.export(index, scope)
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


# -- `x` in the browser and the disputes view -------------------------------------------


def notes(app: ParleyApp) -> list[str]:
    return [n.message for n in app._notifications]


def app_on_fixture() -> ParleyApp:
    return ParleyApp(DOSSIERS, load(DOSSIERS), watch=False)


@asynccontextmanager
async def browsing_in(
    folder: Path, monkeypatch: pytest.MonkeyPatch, messages: Messages
) -> AsyncIterator[tuple[ParleyApp, Pilot[None]]]:
    """The browser on the frozen fixture, run from ``folder`` (where briefs are saved)."""
    monkeypatch.chdir(folder)
    app = app_on_fixture()
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await pilot.pause()
        yield app, pilot


async def press_enter_to_save(pilot: Pilot[None], messages: Messages) -> SaveAs.Finished:
    """Enter in the modal, and the end of the save it starts (written in a thread)."""
    mark = messages.mark()
    await pilot.press("enter")
    finished = await messages.wait(SaveAs.Finished, after=mark)
    await pilot.pause()
    return finished


async def test_x_saves_the_brief_of_the_person_in_view(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messages: Messages
) -> None:
    async with browsing_in(tmp_path, monkeypatch, messages) as (app, pilot):
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.selected == PERSON
        await pilot.press("x")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, SaveAs)
        assert modal.query_one(Input).value == f"{PERSON}-brief.md"
        await press_enter_to_save(pilot, messages)
        assert app.screen is screen
    saved = tmp_path / f"{PERSON}-brief.md"
    assert saved.read_text(encoding="utf-8").startswith("# Brief: Serhii Kyslytsia\n")
    assert any(n.startswith("Brief saved to ") and n.endswith(str(saved)) for n in notes(app))


async def test_escape_closes_the_modal_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messages: Messages
) -> None:
    async with browsing_in(tmp_path, monkeypatch, messages) as (app, pilot):
        await pilot.press("1", "x")  # a round's page
        await pilot.pause()
        assert isinstance(app.screen, SaveAs)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert list(tmp_path.iterdir()) == []


async def test_a_claim_page_exports_its_contested_point(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messages: Messages
) -> None:
    async with browsing_in(tmp_path, monkeypatch, messages) as (app, pilot):
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen.go_to("kyslytsia-main-result-not-achieved")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, SaveAs)
        assert "First round outcome" in str(app.screen.query_one("#save-as-title").render())
        assert app.screen.query_one(Input).value == f"{POINT}-brief.md"
        await press_enter_to_save(pilot, messages)
    text = (tmp_path / f"{POINT}-brief.md").read_text(encoding="utf-8")
    assert text.startswith("# Brief: the contested point “First round outcome”")


async def test_an_articles_page_exports_the_whole_dossier_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messages: Messages
) -> None:
    async with browsing_in(tmp_path, monkeypatch, messages) as (app, pilot):
        await pilot.press("4", "x")
        await pilot.pause()
        assert isinstance(app.screen, SaveAs)
        assert "the whole dossier" in str(app.screen.query_one("#save-as-title").render())
        assert app.screen.query_one(Input).value == "dossier-brief.md"


async def test_the_disputes_view_exports_the_point_in_view(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messages: Messages
) -> None:
    monkeypatch.chdir(tmp_path)
    app = app_on_fixture()
    index = load(DOSSIERS).index
    second = index.disputes()[1]
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await pilot.pause()
        await pilot.press("d", "j")
        await pilot.pause()
        assert isinstance(app.screen, DisputesScreen)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, SaveAs)
        app.screen.query_one(Input).value = "point.md"
        await press_enter_to_save(pilot, messages)
        assert isinstance(app.screen, DisputesScreen)
    text = (tmp_path / "point.md").read_text(encoding="utf-8")
    assert text.startswith(f"# Brief: the contested point “{second.title}”")
    assert len(table_rows(text)) == len(second.claims)


@pytest.mark.parametrize("target", ["a-folder", "read-only.md"])
async def test_a_failed_save_is_told_listed_and_keeps_the_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messages: Messages, target: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a-folder").mkdir()
    read_only = tmp_path / "read-only.md"
    read_only.write_text("keep me\n", encoding="utf-8")
    read_only.chmod(stat.S_IRUSR | stat.S_IRGRP)
    app = app_on_fixture()
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, SaveAs)
        modal.query_one(Input).value = target
        if target == "read-only.md":
            await pilot.press("enter")  # it exists: the first enter asks to press it again
        await press_enter_to_save(pilot, messages)
        assert app.screen is modal  # still asking, with the name as typed
        assert modal.query_one(Input).value == target
        assert any("cannot save the export" in n and target in n for n in notes(app))
        assert any(target in p.message for p in app.app_problems)
        modal.query_one(Input).value = "fixed.md"  # corrected, it saves
        await press_enter_to_save(pilot, messages)
        assert isinstance(app.screen, MainScreen)
        assert app.app_problems == []
    assert read_only.read_text(encoding="utf-8") == "keep me\n"
    assert (tmp_path / "fixed.md").is_file()
    assert [n for n in os.listdir(tmp_path) if n.startswith(".")] == []  # no temp file left


async def test_an_existing_file_is_replaced_only_on_a_second_enter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messages: Messages
) -> None:
    monkeypatch.chdir(tmp_path)
    existing = tmp_path / f"{PERSON}-brief.md"
    existing.write_text("an older brief\n", encoding="utf-8")
    app = app_on_fixture()
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, SaveAs)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is modal
        assert existing.read_text(encoding="utf-8") == "an older brief\n"
        assert any(n.endswith("exists: enter again to replace it.") for n in notes(app))
        await press_enter_to_save(pilot, messages)
        assert isinstance(app.screen, MainScreen)
    assert existing.read_text(encoding="utf-8").startswith("# Brief: Serhii Kyslytsia\n")


async def test_an_export_that_fails_unexpectedly_is_told_not_fatal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messages: Messages
) -> None:
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)

    def broken(index: Index, scope: Scope) -> str:
        raise RuntimeError("the brief broke")

    monkeypatch.setattr(brief, "export", broken)
    app = app_on_fixture()
    async with app.run_test(size=(120, 40), message_hook=messages) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, SaveAs)
        finished = await press_enter_to_save(pilot, messages)
        assert isinstance(finished.error, RuntimeError)
        assert app.screen is modal and app.is_running
        assert any("cannot save the export" in n for n in notes(app))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert list(here.iterdir()) == []
