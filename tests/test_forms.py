"""The new-record form's rules, without a terminal."""

from __future__ import annotations

import datetime as dt

import pytest

from parley.dossier.index import Index
from parley.dossier.load import load
from parley.dossier.model import Kind
from parley.present.forms import ReportDraft, check_form, prefill, suggested_id

from .conftest import DOSSIERS


@pytest.fixture(scope="module")
def index() -> Index:
    return load(DOSSIERS).index


def test_a_complete_claim_is_valid_and_named_from_its_text(index: Index) -> None:
    result = check_form(
        Kind.CLAIM,
        {"speaker": "serhii-kyslytsia", "type": "quote", "text": "We will not give up.",
         "said_on": "2025-06-02", "topics": "ceasefire, talks"},
        index,
        [ReportDraft("pism-bulletin-2025-05-20", "We will not give up.")],
    )  # fmt: skip
    assert result.ok, result.errors
    assert result.record_id == "kyslytsia-we-will-not-give-up"
    assert result.data["said_on"] == dt.date(2025, 6, 2)
    assert result.data["topics"] == ["ceasefire", "talks"]
    assert result.data["reported_by"][0]["article"] == "pism-bulletin-2025-05-20"


def test_errors_land_on_their_fields(index: Index) -> None:
    result = check_form(
        Kind.CLAIM,
        {"speaker": "serhii-kyslytsa", "type": "quote", "text": " ", "said_on": "2 June",
         "round": "serhii-kyslytsia"},
        index,
        [ReportDraft("no-such-article", "x")],
    )  # fmt: skip
    assert result.errors["said_on"] == "write the date as YYYY-MM-DD"
    assert "text" in result.errors
    assert result.errors["speaker"] == (
        "no person with id 'serhii-kyslytsa'; did you mean 'serhii-kyslytsia'?"
    )
    assert result.errors["round"] == "no round with id 'serhii-kyslytsia'"
    assert "no article with id 'no-such-article'" in result.errors["reported_by"]


def test_exactly_one_speaker_is_the_loaders_rule(index: Index) -> None:
    result = check_form(
        Kind.CLAIM, {"speaker": "serhii-kyslytsia", "side": "russia", "type": "quote",
                     "text": "x"}, index)  # fmt: skip
    assert "exactly one of speaker" in result.errors["side"]


def test_an_article_needs_each_unknown_explained(index: Index) -> None:
    values = {"title": "New piece", "outlet": "Example", "outlet_kind": "independent",
              "authors": "A. Writer", "language": "en", "url": "https://example.org"}  # fmt: skip
    result = check_form(Kind.ARTICLE, values, index)
    assert "'published' is missing" in result.errors["published"]
    result = check_form(Kind.ARTICLE, {**values, "unknown.published": "No date given."}, index)
    assert result.ok and result.data["unknown"] == {"published": "No date given."}


def test_ids_are_unique_and_well_formed(index: Index) -> None:
    values = {"name": "Serhii Kyslytsia", "side": "ukraine"}
    assert suggested_id(Kind.PERSON, values, index) == "serhii-kyslytsia-2"
    result = check_form(Kind.PERSON, values, index, record_id="serhii-kyslytsia")
    assert "already used" in result.errors["id"]
    assert "id" in check_form(Kind.PERSON, values, index, record_id="Bad Id").errors


def test_prefill_from_what_is_selected(index: Index) -> None:
    values, reports = prefill(Kind.CLAIM, index, "serhii-kyslytsia")
    assert values["speaker"] == "serhii-kyslytsia"
    _, reports = prefill(Kind.CLAIM, index, "pism-bulletin-2025-05-20")
    assert reports == [ReportDraft("pism-bulletin-2025-05-20", "")]
