"""The bundled dossier holds up: rules a careful editor would check, stated as tests.

These read the live ``dossiers/`` folder on purpose: they are about its data, not the code.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from parley.cli import main
from parley.dossier.index import Index
from parley.dossier.load import load
from parley.dossier.model import Article, Claim, Person, Round

from .conftest import BUNDLED_DOSSIERS

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED_NOTE = re.compile(r"Seed text: (\S+?\.txt)")
# A seed file's number standing alone ("002", "(004)"), not part of 1,000 or 2025.
SEED_NUMBER = re.compile(r"(?<![\d.,])00\d(?!\d)")
# The hedges with which an article gives words as its own reading, not as someone's.
OWN_READING = re.compile(r"\b(suggests that|This is indicated by|This means that)\b")


@pytest.fixture(scope="module")
def index() -> Index:
    return load(BUNDLED_DOSSIERS).index


def claims(index: Index) -> list[Claim]:
    return [c for i in index.ids(Claim.kind) if (c := index.get_as(i, Claim))]


def test_check_finds_no_error_and_no_doubtful_link(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(BUNDLED_DOSSIERS)]) == 0
    out = capsys.readouterr().out
    assert " 0 errors" in out
    warnings = [line for line in out.splitlines() if ": warning: " in line]
    # A person only mentioned is fine; any other warning is a question left open.
    assert all("made no claim and sat at no round" in line for line in warnings), warnings


def test_no_contested_point_has_a_single_claim(index: Index) -> None:
    lonely = [d.topic for d in index.disputes() if len(d.claims) < 2]
    assert not lonely


def test_no_article_contradicts_itself_in_its_own_voice(index: Index) -> None:
    for claim in claims(index):
        for other_id in index.contradictions(claim.id):
            other = index.get_as(other_id, Claim)
            assert other is not None
            assert not (claim.narrator and claim.narrator == other.narrator), (claim.id, other_id)


def test_claims_linked_as_contradicting_share_a_contested_point(index: Index) -> None:
    for claim in claims(index):
        for other_id in index.contradictions(claim.id):
            other = index.get_as(other_id, Claim)
            assert other is not None and set(claim.contested) & set(other.contested), (
                claim.id,
                other_id,
            )


def test_an_articles_own_reading_is_not_credited_to_a_person(index: Index) -> None:
    """PISM's "Trump also suggests that ..." is the bulletin's inference, not Trump's words."""
    for claim in claims(index):
        if claim.speaker or claim.side:
            for report in claim.reported_by:
                assert not OWN_READING.search(report.excerpt), claim.id


def test_the_disagreements_the_texts_hold_are_recorded(index: Index) -> None:
    points = {d.topic for d in index.disputes()}
    assert {
        "why-no-americans-at-the-table",
        "who-was-in-the-delegations",
        "delegation-2022-continuity",
        "russians-killing-russians-wording",
        "who-threatened-the-loss-of-relatives",
        "whether-the-talks-go-on",
    } <= points
    assert "ceasefire-agreed" not in points  # no source says a ceasefire was agreed


def test_the_pism_authors_own_assessments_are_statements(index: Index) -> None:
    own = [c for c in claims(index) if c.narrator == "pism-bulletin-2025-05-20"]
    assert len(own) >= 15


def test_notes_cite_articles_by_record_not_by_seed_file(index: Index) -> None:
    for record_id in index.records:
        record = index.get(record_id)
        assert record is not None
        texts = [record.notes or "", *record.unknown.values(), *record.inferred.values()]
        if isinstance(record, Claim):
            texts.append(record.occasion or "")
        for text in texts:
            text = SEED_NOTE.sub("", text)
            assert not SEED_NUMBER.search(text), (record_id, text)


def test_ids_name_no_outlet_the_record_says_is_unknown(index: Index) -> None:
    for article_id in index.ids(Article.kind):
        article = index.get_as(article_id, Article)
        assert article is not None
        if "outlet" in article.unknown:
            assert article_id.startswith("unknown-outlet-"), article_id
    assert not [i for i in index.records if "sputnik" in i]


def seed_texts(index: Index) -> str:
    if not SEEDS.is_dir():
        pytest.skip(f"seed texts not available at {SEEDS}")
    texts = []
    for article_id in index.ids(Article.kind):
        article = index.get_as(article_id, Article)
        match = SEED_NOTE.search(article.notes or "") if article else None
        assert match, article_id
        texts.append((SEEDS / match.group(1)).read_text("utf-8"))
    return "\n".join(texts)


def test_an_alias_no_article_uses_is_marked_inferred(index: Index) -> None:
    text = seed_texts(index)
    for person_id in index.ids(Person.kind):
        person = index.get_as(person_id, Person)
        assert person is not None
        unused = [a for a in person.aliases if a not in text]
        assert not unused or "aliases" in person.inferred, (person_id, unused)


def test_the_2022_place_and_the_first_rounds_chair_are_marked_inferred(index: Index) -> None:
    """No text says where the 2022 talks were; only one calls Fidan's role 'chaired'."""
    talks_2022 = index.get_as("talks-2022", Round)
    first = index.get_as("istanbul-2025-05-16", Round)
    assert talks_2022 is not None and "place" in talks_2022.inferred
    assert first is not None and first.chair == "hakan-fidan" and "chair" in first.inferred
