"""Filters and sort: each facet narrows as it says, in the index and on every list that shows
statements; `f` picks, `F` clears, `s` sorts, and the filter outlives moves and reloads."""

from __future__ import annotations

import gc
import shutil
import weakref
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from textual.content import Content
from textual.pilot import Pilot

from parley.dossier.filters import (
    Filter,
    Lens,
    Sort,
    apply,
    choices,
    claim_side,
    facets,
    independent_sources,
)
from parley.dossier.index import Index
from parley.dossier.load import load
from parley.dossier.model import Article, Claim, ClaimKind, Kind, Person, Reliability
from parley.present.panes import linked_view, navigator_rows
from parley.present.timeline import timeline_view
from parley.ui.app import ParleyApp
from parley.ui.messages import DossierChanged
from parley.ui.screens import filter_form
from parley.ui.screens.filter_form import FilterScreen
from parley.ui.screens.main import MainScreen
from parley.ui.widgets.rowlist import RowList

from .conftest import DOSSIERS, Messages

KYS = "serhii-kyslytsia"
MEDINSKY = "vladimir-medinsky"
ROUND = "istanbul-2025-05-16"
UNITED24 = "UNITED24 Media"


@pytest.fixture(scope="module")
def index() -> Index:
    return load(DOSSIERS).index


def claims(index: Index) -> list[Claim]:
    found = [index.get_as(i, Claim) for i in index.ids(Kind.CLAIM)]
    return [c for c in found if c is not None]


def outlets_of(index: Index, claim: Claim) -> set[str]:
    found = [index.get_as(a, Article) for a in index.articles_reporting(claim.id)]
    return {a.outlet for a in found if a is not None and a.outlet}


# Each facet, a filter on it, and the same test written out claim by claim.
FACETS: list[tuple[str, Filter, Callable[[Index, Claim], bool]]] = [
    ("side", Filter(sides=frozenset({"russia"})), lambda ix, c: claim_side(ix, c) == "russia"),
    ("person", Filter(people=frozenset({MEDINSKY})), lambda ix, c: c.speaker == MEDINSKY),
    ("round", Filter(rounds=frozenset({ROUND})), lambda ix, c: c.round == ROUND),
    ("topic", Filter(topics=frozenset({"ceasefire"})), lambda ix, c: "ceasefire" in c.topics),
    ("outlet", Filter(outlets=frozenset({UNITED24})), lambda ix, c: UNITED24 in outlets_of(ix, c)),
    (
        "quote",
        Filter(types=frozenset({ClaimKind.QUOTE})),
        lambda ix, c: c.type is ClaimKind.QUOTE,
    ),
    ("disputed", Filter(disputed=True), lambda ix, c: bool(ix.contradictions(c.id))),
    ("undisputed", Filter(disputed=False), lambda ix, c: not ix.contradictions(c.id)),
    ("sources", Filter(min_sources=2), lambda ix, c: independent_sources(ix, c.id) >= 2),
]


@pytest.mark.parametrize(("name", "wanted", "expected"), FACETS, ids=[f[0] for f in FACETS])
def test_each_facet_narrows_the_statements_to_those_that_have_it(
    index: Index, name: str, wanted: Filter, expected: Callable[[Index, Claim], bool]
) -> None:
    every = index.ids(Kind.CLAIM)
    kept = apply(index, every, wanted)
    assert kept == [c.id for c in claims(index) if expected(index, c)]
    assert 0 < len(kept) < len(every), f"{name}: the fixture should show the facet narrowing"


def test_facets_combine_all_must_hold_and_values_within_one_any_will_do(index: Index) -> None:
    every = index.ids(Kind.CLAIM)
    russian_quotes = Filter(sides=frozenset({"russia"}), types=frozenset({ClaimKind.QUOTE}))
    assert apply(index, every, russian_quotes) == [
        "medinsky-mood-after-talks-good",
        "medinsky-russia-ready-to-fight-forever",
        "medinsky-war-is-russians-killing-russians",
    ]
    both_sides = apply(index, every, Filter(sides=frozenset({"russia", "ukraine"})))
    one = set(apply(index, every, Filter(sides=frozenset({"russia"}))))
    other = set(apply(index, every, Filter(sides=frozenset({"ukraine"}))))
    assert set(both_sides) == one | other and not one & other
    # A filter narrows any list of statements, not only the list of all of them.
    said = index.claims_by_person(KYS)
    assert apply(index, said, Filter(types=frozenset({ClaimKind.QUOTE}))) == [
        c
        for c in said
        if index.get_as(c, Claim).type is ClaimKind.QUOTE  # type: ignore[union-attr]
    ]


def test_no_filter_and_date_order_give_the_list_back_untouched(index: Index) -> None:
    every = index.ids(Kind.CLAIM)
    assert apply(index, every, Filter()) is every


def test_sort_by_speaker_groups_each_speaker_in_date_order(index: Index) -> None:
    every = index.ids(Kind.CLAIM)
    by_speaker = apply(index, every, Filter(), Sort.SPEAKER)
    assert sorted(by_speaker) == sorted(every) and by_speaker != every
    people = [index.get_as(index.get_as(c, Claim).speaker, Person) for c in by_speaker]  # type: ignore[union-attr]
    names = [p.name.casefold() for p in people if p is not None]
    assert names == sorted(names)
    medinsky = [c for c in by_speaker if c in index.claims_by_person(MEDINSKY)]
    assert medinsky == index.claims_by_person(MEDINSKY)  # by date within a speaker
    assert Sort.DATE.next() is Sort.SPEAKER and Sort.SPEAKER.next() is Sort.DATE


def test_describe_says_the_filter_in_a_few_words(index: Index) -> None:
    wanted = Filter(sides=frozenset({"russia"}), types=frozenset({ClaimKind.QUOTE}), min_sources=2)
    assert wanted.describe(index) == "side Russia · quote · ≥2 sources"
    assert Filter(people=frozenset({MEDINSKY})).describe(index) == "person Vladimir Medinsky"
    assert Filter(disputed=False).describe() == "not disputed"
    assert Lens(Filter(), Sort.SPEAKER).describe(index) == "by speaker"
    assert Lens().describe(index) == ""


def test_toggling_adds_and_removes_a_value(index: Index) -> None:
    wanted = Filter().toggled("sides", "russia").toggled("min_sources", 2)
    assert wanted == Filter(sides=frozenset({"russia"}), min_sources=2)
    assert wanted.toggled("sides", "russia").toggled("min_sources", 2) == Filter()
    assert Filter(disputed=True).toggled("disputed", False) == Filter(disputed=False)


def write(folder: Path, name: str, text: str) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def article(folder: Path, article_id: str, outlet: str | None, extra: str = "") -> None:
    given = f'outlet = "{outlet}"\n{extra}' if outlet else extra
    unknown = "" if outlet else '[unknown]\noutlet = "Not named."\n'
    write(
        folder,
        f"articles/{article_id}.toml",
        f'title = "Report {article_id}"\n{given}language = "en"\npublished = 2025-05-16\n'
        f'url = "https://example.org/{article_id}"\nauthors = ["A. Writer"]\n'
        f'outlet_kind = "news agency"\n{unknown}',
    )


def claim(folder: Path, claim_id: str, articles: list[str], extra: str = "") -> None:
    reports = "".join(f'[[reported_by]]\narticle = "{a}"\nexcerpt = "Said."\n\n' for a in articles)
    write(
        folder,
        f"claims/{claim_id}.toml",
        f'side = "ukraine"\ntype = "quote"\ntext = "Said."\n{extra}\n{reports}',
    )


def test_independent_sources_are_distinct_outlets_and_each_unnamed_outlet_alone(
    tmp_path: Path,
) -> None:
    for article_id, outlet in [
        ("wire-a", "Wire"),
        ("wire-b", "Wire"),
        ("paper", "Paper"),
        ("anon-a", None),
        ("anon-b", None),
    ]:
        article(tmp_path, article_id, outlet)
    claim(tmp_path, "one-outlet-twice", ["wire-a", "wire-b"])
    claim(tmp_path, "two-outlets", ["wire-a", "paper"])
    claim(tmp_path, "two-unnamed", ["anon-a", "anon-b"])
    claim(tmp_path, "outlet-and-unnamed", ["wire-b", "anon-a"])
    index = load(tmp_path).index
    counts = {c: independent_sources(index, c) for c in index.ids(Kind.CLAIM)}
    assert counts == {
        "one-outlet-twice": 1,
        "two-outlets": 2,
        "two-unnamed": 2,
        "outlet-and-unnamed": 2,
    }
    every = index.ids(Kind.CLAIM)
    assert "one-outlet-twice" not in apply(index, every, Filter(min_sources=2))
    assert len(apply(index, every, Filter(min_sources=2))) == 3


def test_grades_narrow_statements_by_best_source_and_credibility_and_articles_too(
    tmp_path: Path,
) -> None:
    article(tmp_path, "good", "Wire", 'reliability = "A"\n')
    article(tmp_path, "poor", "Paper", 'reliability = "E"\n')
    article(tmp_path, "ungraded", "Post")
    claim(tmp_path, "confirmed", ["good", "poor"], "credibility = 2\n")
    claim(tmp_path, "doubtful", ["poor"], "credibility = 5\n")
    claim(tmp_path, "unknown", ["ungraded"])
    index = load(tmp_path).index
    assert not load(tmp_path).errors
    every = index.ids(Kind.CLAIM)
    a, e = Reliability.A, Reliability.E
    assert apply(index, every, Filter(reliability=frozenset({a}))) == ["confirmed"]
    assert apply(index, every, Filter(reliability=frozenset({e}))) == ["doubtful"]
    assert apply(index, every, Filter(credibility=frozenset({2, 5}))) == ["confirmed", "doubtful"]
    both = Filter(reliability=frozenset({e}), credibility=frozenset({2}))
    assert apply(index, every, both) == []
    assert both.describe(index) == "reliability E · credibility 2"
    articles = index.ids(Kind.ARTICLE)
    assert Lens(Filter(reliability=frozenset({a}))).articles(index, articles) == ["good"]
    offered = dict(choices(index))["Reliability of the best source (A-F)"]
    assert [(c.label, c.count) for c in offered] == [
        ("A  completely reliable", 1),
        ("E  unreliable", 1),
    ]


def test_facets_follow_an_edit_that_patches_the_index(index: Index) -> None:
    """An edit of a claim's kind keeps the index's lists but must not keep old facets."""
    quotes = Filter(types=frozenset({ClaimKind.QUOTE}))
    every = index.ids(Kind.CLAIM)
    before = apply(index, every, quotes)
    paraphrase = next(c for c in claims(index) if c.type is ClaimKind.PARAPHRASE)
    patched = index.with_records(
        {paraphrase.id: paraphrase.model_copy(update={"type": ClaimKind.QUOTE})}
    )
    assert paraphrase.id in apply(patched, every, quotes)
    assert apply(index, every, quotes) == before


def test_choices_offer_each_value_the_dossier_has_with_its_count(index: Index) -> None:
    sections = dict(choices(index))
    sides = {c.value: c.count for c in sections["Side"]}
    assert sides["russia"] == len(
        apply(index, index.ids(Kind.CLAIM), Filter(sides=frozenset({"russia"})))
    )
    assert [c.label for c in sections["Quote or paraphrase"]] == ["quote", "paraphrase"]
    assert {c.value for c in sections["Outlet"]} == {
        UNITED24,
        "PISM (Polish Institute of International Affairs)",
    }
    assert MEDINSKY in {c.value for c in sections["Person"]}
    assert facets(index) is facets(index)  # gathered once per index


def test_panes_narrow_their_statements_and_say_why_when_none_match(index: Index) -> None:
    lens = Lens(Filter(types=frozenset({ClaimKind.QUOTE})))
    view = linked_view(index, KYS, lens)
    assert view.title == "Statements by Serhii Kyslytsia · quote"
    own = [r.record_id for r in view.rows if r.record_id and r.tag != "relayed"]
    assert own == apply(index, index.claims_by_person(KYS), lens.filter)
    turkish = Lens(Filter(sides=frozenset({"turkey"})))
    view = linked_view(index, KYS, turkish)
    assert len(view.rows) == 0
    assert view.empty == "No statements match: side Turkey; F clears."
    russian = Lens(Filter(sides=frozenset({"russia"})))
    # Articles are narrowed by outlet only: a side says nothing about an article.
    assert len(navigator_rows(index, Kind.ARTICLE, russian)) == index.count(Kind.ARTICLE)
    by_outlet = navigator_rows(index, Kind.ARTICLE, Lens(Filter(outlets=frozenset({UNITED24}))))
    assert [r.record_id for r in by_outlet] == ["united24-kyslytsia-times-interview"]


# -- through the app -----------------------------------------------------------------


@asynccontextmanager
async def browsing(
    folder: Path = DOSSIERS, **run: Any
) -> AsyncIterator[tuple[ParleyApp, Pilot[None], MainScreen]]:
    app = ParleyApp(folder, load(folder), watch=False)
    async with app.run_test(size=(120, 40), **run) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen)
        yield app, pilot, screen


def pane(screen: MainScreen, name: str) -> RowList:
    return screen.query_one(f"#{name}", RowList)


def ids(listing: RowList) -> list[str]:
    return [r.record_id for r in listing.rows if r.record_id]


async def pick(pilot: Pilot[None], *labels: str) -> None:
    """In the open picker, move to each value by its label with `j` and toggle it with space."""
    screen = pilot.app.screen
    assert isinstance(screen, FilterScreen)
    listing = screen.query_one(RowList)
    for label in labels:
        target = next(
            n
            for n, row in enumerate(listing.rows)
            if row.position is not None and screen.choices[row.position].label == label
        )
        await pilot.press("g", *["j"] * sum(1 for r in listing.rows[:target] if r.selectable))
        assert listing.cursor == target
        await pilot.press("space")


async def filter_by(pilot: Pilot[None], *labels: str) -> None:
    await pilot.press("f")
    await pilot.pause()
    await pick(pilot, *labels)
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_f_narrows_every_statement_list_and_titles_say_so() -> None:
    async with browsing() as (app, pilot, screen):
        index = screen.index
        await filter_by(pilot, "quote")
        assert isinstance(app.screen, MainScreen)
        top = pane(screen, "top")
        assert top.border_title == "Statements by Serhii Kyslytsia · quote"
        quotes = {c.id for c in claims(index) if c.type is ClaimKind.QUOTE}
        assert ids(top) and set(ids(top)) <= quotes
        # The Claims tab: how many of how many, and by what.
        await pilot.press("3")
        await pilot.pause()
        navigator = pane(screen, "navigator")
        assert set(ids(navigator)) == quotes
        assert navigator.border_title == f"Claims ({len(quotes)} of 92) · quote"
        # A round's statements, on another page: the filter stays as the user moves.
        await pilot.press("1")
        await pilot.pause()
        screen.go_to(ROUND)
        await pilot.pause()
        bottom = pane(screen, "bottom")
        assert bottom.border_title == "Statements about this round · quote"
        assert set(ids(bottom)) == quotes & set(index.claims_of_round(ROUND))


async def test_combined_facets_and_F_clears_them_all() -> None:
    async with browsing() as (_app, pilot, screen):
        await pilot.press("3")
        await filter_by(pilot, "Russia", "quote")
        navigator = pane(screen, "navigator")
        assert ids(navigator) == [
            "medinsky-mood-after-talks-good",
            "medinsky-russia-ready-to-fight-forever",
            "medinsky-war-is-russians-killing-russians",
        ]
        assert navigator.border_title == "Claims (3 of 92) · side Russia · quote"
        await pilot.press("F")
        await pilot.pause()
        assert ids(navigator) == screen.index.ids(Kind.CLAIM)
        assert navigator.border_title == "Claims (92)"


async def test_an_empty_result_says_why_and_how_to_clear_it() -> None:
    async with browsing() as (_app, pilot, screen):
        await filter_by(pilot, "Turkey")  # Kyslytsia speaks for Ukraine, relays no Turk
        top = pane(screen, "top")
        assert not top.rows
        assert top.empty_text == "No statements match: side Turkey; F clears."


async def test_s_sorts_by_speaker_then_by_date_again() -> None:
    async with browsing() as (_app, pilot, screen):
        await pilot.press("3", "s")
        await pilot.pause()
        navigator = pane(screen, "navigator")
        every = screen.index.ids(Kind.CLAIM)
        assert ids(navigator) == apply(screen.index, every, Filter(), Sort.SPEAKER)
        assert navigator.border_title == "Claims (92) · by speaker"
        await pilot.press("s")
        await pilot.pause()
        assert ids(navigator) == every
        assert navigator.border_title == "Claims (92)"


async def test_the_highlighted_statement_stays_in_view_when_the_order_changes() -> None:
    """Sorting moves the highlighted row; the list follows it rather than keeping its scroll."""
    async with browsing() as (_app, pilot, screen):
        await pilot.press("3", "g")
        await pilot.pause()
        navigator = pane(screen, "navigator")
        first = navigator.current
        assert first is not None and first.record_id
        await pilot.press("s")
        await pilot.pause()
        assert navigator.current == first
        top = navigator.cursor * navigator.row_height
        view = navigator.scroll_offset.y, navigator.scroll_offset.y + navigator.size.height
        assert view[0] <= top and top + navigator.row_height <= view[1], (top, view)


async def test_the_picker_works_with_the_mouse_and_esc_leaves_the_filter_alone() -> None:
    async with browsing() as (app, pilot, screen):
        await pilot.press("f")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, FilterScreen)
        listing = picker.query_one(RowList)
        # The first row is the heading "Side"; the second line is its first value.
        await pilot.click(listing, offset=(4, 1))
        await pilot.pause()
        assert picker.wanted == Filter(sides=frozenset({"ukraine"}))
        await pilot.click(listing, offset=(4, 0))  # a heading toggles nothing
        await pilot.pause()
        assert picker.wanted == Filter(sides=frozenset({"ukraine"}))
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and not screen.lens.filter.active
        await pilot.press("f")
        await pilot.pause()
        await pilot.click(app.screen.query_one(RowList), offset=(4, 1))
        await pilot.click("#apply")
        await pilot.pause()
        assert screen.lens.filter == Filter(sides=frozenset({"ukraine"}))


async def test_the_filter_survives_a_reload(tmp_path: Path, messages: Messages) -> None:
    folder = tmp_path / "dossiers"
    shutil.copytree(DOSSIERS, folder)
    async with browsing(folder, message_hook=messages) as (app, pilot, screen):
        await pilot.press("3")
        await filter_by(pilot, "Russia", "quote")
        write(
            folder,
            "claims/medinsky-new-quote.toml",
            'speaker = "vladimir-medinsky"\ntype = "quote"\ntext = "A new quote."\n'
            "said_on = 2025-05-17\n",
        )
        assert await app.refresh_dossier()
        await messages.wait(DossierChanged)
        await pilot.pause()
        navigator = pane(screen, "navigator")
        assert "medinsky-new-quote" in ids(navigator)
        assert len(ids(navigator)) == 4
        assert navigator.border_title == "Claims (4 of 93) · side Russia · quote"


def test_sorting_a_list_with_a_broken_link_in_it_does_not_fail(tmp_path: Path) -> None:
    """A claim that names a person in ``contradicts`` is an error in the file, not a crash."""
    write(tmp_path, "people/someone.toml", 'name = "Someone"\nside = "ukraine"\n')
    write(
        tmp_path,
        "claims/odd.toml",
        'side = "ukraine"\ntype = "quote"\ntext = "Said."\ncontradicts = ["someone"]\n',
    )
    dossier = load(tmp_path)
    assert dossier.errors
    listed = dossier.index.contradictions("odd")
    assert listed == ["someone"]
    assert Lens(sort=Sort.SPEAKER).claims(dossier.index, listed) == ["someone"]


async def test_hostile_outlet_names_are_shown_escaped_in_the_picker_and_titles(
    tmp_path: Path,
) -> None:
    article(tmp_path, "odd", "[b]Bold[/b] \\u001b]0;PWNED\\u0007 Wire")
    claim(tmp_path, "said", ["odd"])
    async with browsing(tmp_path) as (app, pilot, screen):
        await pilot.press("4", "f")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, FilterScreen)
        listing = picker.query_one(RowList)
        row = next(
            n
            for n, r in enumerate(listing.rows)
            if r.position is not None and picker.choices[r.position].facet == "outlets"
        )
        drawn = listing._render_row(row, 66)[0].text
        assert "[b]Bold[/b] \\x1b]0;PWNED\\x07 Wire" in drawn
        assert "\x1b" not in drawn
        listing.cursor = row
        await pilot.press("space", "ctrl+s")
        await pilot.pause()
        # Textual keeps a title as markup: what shows is the markup read back.
        title = Content.from_markup(str(pane(screen, "navigator").border_title))
        assert title.plain == "Articles (1 of 1) · outlet [b]Bold[/b] \\x1b]0;PWNED\\x07 Wire"


# The label the picker shows for each facet's value in FACETS, in the same order.
PICKER_LABELS = [
    "Russia",
    "Vladimir Medinsky",
    "2025-05-16  First round of direct talks",
    "ceasefire",
    UNITED24,
    "quote",
    "disputed",
    "not disputed",
    "at least 2",
]


@pytest.mark.long
@pytest.mark.parametrize(
    ("label", "facet"), list(zip(PICKER_LABELS, FACETS, strict=True)), ids=[f[0] for f in FACETS]
)
async def test_each_facet_picked_with_keys_narrows_the_claims_tab(
    label: str, facet: tuple[str, Filter, Callable[[Index, Claim], bool]]
) -> None:
    _name, wanted, expected = facet
    async with browsing() as (_app, pilot, screen):
        await pilot.press("3")
        await filter_by(pilot, label)
        assert screen.lens.filter == wanted
        navigator = pane(screen, "navigator")
        index = screen.index
        assert ids(navigator) == [c.id for c in claims(index) if expected(index, c)]
        assert str(navigator.border_title).endswith(wanted.describe(index))


def test_an_old_index_and_its_facets_are_freed_after_a_reload() -> None:
    """What is kept per index must not keep the index alive: memory stays flat over reloads."""
    index = load(DOSSIERS).index
    apply(index, index.ids(Kind.CLAIM), Filter(sides=frozenset({"russia"})), Sort.SPEAKER)
    timeline_view(index, Lens())
    gone = weakref.ref(index)
    del index
    gc.collect()
    assert gone() is None


async def test_a_big_dossier_counts_the_values_off_the_key_path(
    monkeypatch: pytest.MonkeyPatch, messages: Messages
) -> None:
    """Past the threshold the picker opens at once, says it is counting, then lists."""
    monkeypatch.setattr(filter_form, "COUNT_IN_THREAD", 10)
    async with browsing(message_hook=messages) as (app, pilot, screen):
        mark = messages.mark()
        await pilot.press("f")
        picker = app.screen
        assert isinstance(picker, FilterScreen)
        await messages.wait(FilterScreen.Listed, after=mark)
        await pilot.pause()
        assert [c.label for c in picker.choices[:2]] == ["Ukraine", "Russia"]
        await pilot.press("space", "ctrl+s")
        await pilot.pause()
        assert screen.lens.filter == Filter(sides=frozenset({"ukraine"}))
