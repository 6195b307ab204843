"""The index answers the UI's questions, including reverse links."""

from __future__ import annotations

import datetime as dt

import pytest

from parley.dossier.index import Index
from parley.dossier.model import Article, Claim, Kind, Person, Round


@pytest.fixture
def index() -> Index:
    def article(id_: str, day: int) -> Article:
        return Article(id=id_, title=id_.upper(), outlet="O", outlet_kind="independent",
                       published=dt.date(2025, 5, day), authors=["A"], language="en",
                       url="https://example.org")  # fmt: skip

    def claim(id_: str, **kw: object) -> Claim:
        return Claim.model_validate({"id": id_, "type": "quote", "text": id_, **kw})

    return Index([
        article("a1", 20), article("a2", 16), article("a3", 25),
        Person(id="kys", name="Serhii Kyslytsia", side="ukraine"),
        Person(id="med", name="Vladimir Medinsky", side="russia"),
        Person(id="fid", name="Hakan Fidan", side="turkey"),
        Person(id="car", name="Oliver Carroll", side="united-kingdom"),
        Round(id="r1", title="First", date=dt.date(2025, 5, 16), place="Istanbul", chair="fid",
              delegations=[{"side": "russia", "head": "med"}, {"side": "ukraine",
                            "members": ["kys"]}]),  # type: ignore[list-item]
        Round(id="r0", title="2022", place="Istanbul", when="2022",
              unknown={"date": "not given"}),
        claim("late", speaker="kys", said_on=dt.date(2025, 11, 11),
              reported_by=[{"article": "a1", "excerpt": "x"}]),
        claim("early", speaker="kys", round="r1",
              reported_by=[{"article": "a2", "excerpt": "e2"}, {"article": "a1", "excerpt": "e1"}],
              contradicts=["hour"], contested=["first-meeting-length"]),
        claim("hour", narrator="a3", round="r1", contested=["first-meeting-length"]),
        claim("forever", speaker="med", via="car", round="r1", contradicts=["hour"],
              contested=["first-meeting-length"], reported_by=[{"article": "a3", "excerpt": "f"}]),
        claim("side", side="russia", reported_by=[{"article": "a2", "excerpt": "s"}]),
    ])  # fmt: skip


def test_claims_by_person_in_date_order(index: Index) -> None:
    assert index.claims_by_person("kys") == ["early", "late"]
    assert index.claims_by_person("nobody") == []
    assert index.claims_relayed_by("car") == ["forever"]
    assert index.claims_by_side("russia") == ["side"]


def test_articles_reporting_and_excerpts(index: Index) -> None:
    assert index.articles_reporting("early") == ["a2", "a1"]
    assert index.excerpt("early", "a1") == "e1"
    assert index.articles_reporting("hour") == ["a3"]


def test_claims_reported_by_article_includes_its_own_voice(index: Index) -> None:
    assert index.claims_reported_by("a1") == ["early", "late"]
    assert set(index.claims_reported_by("a3")) == {"hour", "forever"}


def test_round_people_and_claims(index: Index) -> None:
    assert index.people_of_round("r1") == ["fid", "med", "kys"]
    assert set(index.claims_of_round("r1")) == {"early", "hour", "forever"}
    assert index.rounds_of_person("kys") == ["r1"]


def test_contradictions_are_two_way(index: Index) -> None:
    assert index.contradictions("hour") == ["early", "forever"]
    assert index.contradictions("early") == ["hour"]
    [dispute] = index.disputes()
    assert dispute.topic == "first-meeting-length"
    assert set(dispute.claims) == {"early", "hour", "forever"}
    assert dispute.title == "First meeting length"


def test_lookup_and_ordering(index: Index) -> None:
    assert index.get("kys").name == "Serhii Kyslytsia"  # type: ignore[union-attr]
    assert index.get_as("kys", Claim) is None
    assert index.ids(Kind.ROUND) == ["r0", "r1"]
    assert index.ids(Kind.ARTICLE) == ["a2", "a1", "a3"]
    assert index.claim_date("early") == dt.date(2025, 5, 16)
    assert index.counts()[Kind.CLAIM] == 5
    # Sides whose people said most come first; the browser opens on the most quoted.
    assert index.sides() == ["ukraine", "russia", "turkey", "united-kingdom"]
    assert index.most_quoted_person() == "kys"
