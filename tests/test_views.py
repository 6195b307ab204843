"""What each pane lists, without a terminal."""

from __future__ import annotations

import pytest

from parley.dossier.index import Index
from parley.dossier.load import load
from parley.dossier.model import Kind
from parley.present.panes import (
    IdRows,
    JoinedRows,
    Row,
    heading,
    linked_view,
    navigator_rows,
    related_view,
)

from .conftest import DOSSIERS

KYS = "serhii-kyslytsia"


@pytest.fixture(scope="module")
def index() -> Index:
    return load(DOSSIERS).index


def test_lazy_rows_behave_like_a_list_of_rows() -> None:
    rows = JoinedRows([[heading("Ukraine")], IdRows(["a", "b"]), [heading("Russia")],
                       IdRows(["c"], claim_id="x")])  # fmt: skip
    assert len(rows) == 5
    assert rows[1] == Row("a") and rows[-1] == Row("c", claim_id="x")
    assert [r.record_id for r in rows] == [None, "a", "b", None, "c"]
    assert rows.find("b") == 2 and rows.find("c", "x") == 4 and rows.find("c", "y") is None
    assert rows.find("nobody") is None
    with pytest.raises(IndexError):
        rows[5]


def test_people_are_grouped_under_their_side(index: Index) -> None:
    rows = navigator_rows(index, Kind.PERSON)
    assert rows[0].heading == "Ukraine"
    people = [r.record_id for r in rows if r.selectable]
    assert len(people) == index.count(Kind.PERSON) and KYS in people


def test_a_person_shows_statements_then_the_reports_of_the_highlighted_one(
    index: Index,
) -> None:
    top = linked_view(index, KYS)
    assert top.title == "Statements by Serhii Kyslytsia"
    said = [r.record_id for r in top.rows if r.selectable and r.tag is None]
    assert said == index.claims_by_person(KYS)
    assert [r.record_id for r in top.rows if r.tag == "relayed"] == index.claims_relayed_by(KYS)
    first = top.rows[0]
    bottom = related_view(index, KYS, first)
    assert [r.record_id for r in bottom.rows] == index.articles_reporting(first.record_id or "")
    assert all(r.claim_id == first.record_id for r in bottom.rows)


def test_a_claim_shows_speaker_reports_and_contradictions(index: Index) -> None:
    claim = "kyslytsia-main-result-not-achieved"
    top = linked_view(index, claim)
    assert top.rows[1] == Row(KYS, tag="speaker")
    assert top.rows.find("unknown-outlet-2025-05-25-kyslytsia-interview", claim) is not None  # type: ignore[attr-defined]
    assert [r.record_id for r in related_view(index, claim, None).rows] == index.contradictions(
        claim
    )
