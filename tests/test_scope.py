"""What an export covers: a person's, a round's or a contested point's records, or all."""

from __future__ import annotations

import pytest

from parley.dossier.load import load
from parley.dossier.model import Claim, Kind
from parley.export.scope import Scope, ScopeError

from .conftest import DOSSIERS

INDEX = load(DOSSIERS).index


def test_the_whole_dossier_is_every_record() -> None:
    assert Scope().whole
    assert len(Scope().records(INDEX)) == len(INDEX)
    assert Scope().claims(INDEX) == INDEX.ids(Kind.CLAIM)


def test_a_person_brings_their_statements_and_the_articles_reporting_them() -> None:
    scope = Scope(person="serhii-kyslytsia")
    claims = scope.claims(INDEX)
    assert claims and all(INDEX.get_as(c, Claim).speaker == "serhii-kyslytsia" for c in claims)  # type: ignore[union-attr]
    records = set(scope.records(INDEX))
    assert "serhii-kyslytsia" in records
    for claim_id in claims:
        assert set(INDEX.articles_reporting(claim_id)) <= records
    # someone who never spoke with him and sat at no round with him stays out
    assert "donald-trump" not in records


def test_a_point_is_the_claims_that_contest_it() -> None:
    claims = Scope(point="what-was-agreed").claims(INDEX)
    assert "medinsky-prisoner-exchange-agreed" in claims
    assert all("what-was-agreed" in INDEX.get_as(c, Claim).contested for c in claims)  # type: ignore[union-attr]


def test_a_round_brings_its_people() -> None:
    records = Scope(round="istanbul-2025-05-16").records(INDEX)
    assert "istanbul-2025-05-16" in records
    assert "vladimir-medinsky" in records


@pytest.mark.parametrize(
    ("scope", "message"),
    [
        (Scope(person="nobody"), "no person with the id 'nobody'"),
        (Scope(person="istanbul-2025-05-16"), "no person"),
        (Scope(round="serhii-kyslytsia"), "no round"),
        (Scope(point="no-such-point"), "no contested point named 'no-such-point'"),
    ],
)
def test_a_scope_naming_what_is_not_there_says_so(scope: Scope, message: str) -> None:
    with pytest.raises(ScopeError, match=message):
        scope.check(INDEX)
