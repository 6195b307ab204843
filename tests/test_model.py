"""Each record kind accepts a complete record and rejects each hand-editing mistake."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from parley.dossier.model import Article, Claim, Person, Round, is_valid_id
from parley.dossier.text import first_line, side_label

ARTICLE: dict[str, Any] = {
    "id": "pism-2025-05-20",
    "title": "Delegations Meet",
    "outlet": "PISM",
    "outlet_kind": "think tank",
    "published": dt.date(2025, 5, 20),
    "authors": ["Anna Maria Dyner"],
    "language": "en",
    "unknown": {"url": "No address in the text."},
}
CLAIM: dict[str, Any] = {
    "id": "c1",
    "speaker": "serhii-kyslytsia",
    "type": "quote",
    "text": "We never reached that point.",
    "reported_by": [{"article": "a1", "excerpt": "We never reached that point."}],
}


def errors(model: Any, data: dict[str, Any]) -> list[str]:
    with pytest.raises(ValidationError) as info:
        model.model_validate(data)
    return [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in info.value.errors()]


def test_complete_records_validate() -> None:
    assert Article.model_validate(ARTICLE).outlet == "PISM"
    claim = Claim.model_validate(CLAIM)
    assert claim.reported_by[0].article == "a1"
    person = Person.model_validate(
        {"id": "p", "name": "Serhii Kyslytsia", "side": "ukraine",
         "roles": [{"title": "Deputy Foreign Minister", "article": "a1"}]}
    )  # fmt: skip
    assert person.role == "Deputy Foreign Minister"
    round_ = Round.model_validate(
        {"id": "r", "title": "First round", "date": dt.date(2025, 5, 16), "place": "Istanbul",
         "delegations": [{"side": "russia", "head": "m", "members": ["a", "m"]}]}
    )  # fmt: skip
    assert round_.delegations[0].people == ["m", "a"]


def test_unknown_key_is_an_error() -> None:
    assert any("extra_forbidden" in e or "Extra inputs" in e for e in errors(
        Claim, {**CLAIM, "speakr": "x"}))  # fmt: skip


def test_date_must_be_a_toml_date_not_a_string() -> None:
    assert errors(Article, {**ARTICLE, "published": "2025-05-20"})


def test_missing_explainable_key_needs_a_reason() -> None:
    data = {k: v for k, v in ARTICLE.items() if k != "published"}
    assert any("'published' is missing" in e for e in errors(Article, data))
    data["unknown"] = {**ARTICLE["unknown"], "published": "No date in the text."}
    assert Article.model_validate(data).published is None


def test_key_both_given_and_unknown_is_an_error() -> None:
    data = {**ARTICLE, "unknown": {"published": "?", "url": "none"}}
    assert any("given and also listed" in e for e in errors(Article, data))


def test_only_explainable_keys_may_be_unknown() -> None:
    data = {**ARTICLE, "unknown": {"url": "none", "title": "?"}}
    assert any("only these keys can be unknown" in e for e in errors(Article, data))


@pytest.mark.parametrize(
    "who",
    [{}, {"speaker": "p", "side": "russia"}, {"side": "russia", "narrator": "a1"}],
)
def test_claim_needs_exactly_one_speaker(who: dict[str, str]) -> None:
    data = {k: v for k, v in CLAIM.items() if k != "speaker"} | who
    assert any("exactly one of speaker" in e for e in errors(Claim, data))


def test_claim_kind_is_quote_or_paraphrase() -> None:
    assert errors(Claim, {**CLAIM, "type": "rumour"})


def test_claim_cannot_contradict_itself() -> None:
    assert any("itself" in e for e in errors(Claim, {**CLAIM, "contradicts": ["c1"]}))


def test_references_must_be_slugs() -> None:
    assert errors(Claim, {**CLAIM, "speaker": "Serhii Kyslytsia"})


def test_duplicate_alias_and_empty_text_are_errors() -> None:
    base = {"id": "p", "name": "X", "side": "ukraine"}
    assert errors(Person, {**base, "aliases": ["A", "A"]})
    assert errors(Person, {**base, "name": "   "})


def test_two_delegations_for_one_side() -> None:
    data = {"id": "r", "title": "R", "date": dt.date(2025, 5, 16), "place": "Istanbul",
            "delegations": [{"side": "russia"}, {"side": "russia"}]}  # fmt: skip
    assert any("two delegations" in e for e in errors(Round, data))


def test_round_without_date_needs_reason() -> None:
    data = {"id": "r", "title": "June round", "place": "Istanbul", "when": "June 2025"}
    assert errors(Round, data)
    ok = Round.model_validate({**data, "unknown": {"date": "No source gives the day."}})
    assert ok.date_text == "June 2025"


def test_ids_and_labels() -> None:
    assert is_valid_id("istanbul-2025-05-16")
    assert not is_valid_id("Istanbul 2025")
    assert not is_valid_id("double--hyphen")
    assert side_label("united-states") == "United States"
    assert first_line("\n  first\nsecond", 4) == "fir…"
