"""Which part of a dossier an export covers: a person, a round, a contested point, or all."""

from __future__ import annotations

from dataclasses import dataclass

from parley.dossier.index import Index
from parley.dossier.model import Article, Claim, Kind, Person, Round


class ScopeError(ValueError):
    """The scope names a record or point the dossier does not have."""


@dataclass(frozen=True)
class Scope:
    """At most one of ``person``, ``round`` and ``point``; none means the whole dossier."""

    person: str | None = None
    round: str | None = None
    point: str | None = None

    @property
    def whole(self) -> bool:
        return not (self.person or self.round or self.point)

    def check(self, index: Index) -> None:
        """Raise ``ScopeError`` when the scope names what the dossier lacks."""
        if self.person and index.get_as(self.person, Person) is None:
            raise ScopeError(f"no person with the id {self.person!r}")
        if self.round and index.get_as(self.round, Round) is None:
            raise ScopeError(f"no round with the id {self.round!r}")
        if self.point and self.point not in {d.topic for d in index.disputes()}:
            raise ScopeError(f"no contested point named {self.point!r}")

    def claims(self, index: Index) -> list[str]:
        """The statements in scope, in the index's order (by date)."""
        if self.person:
            return index.claims_by_person(self.person)
        if self.round:
            return index.claims_of_round(self.round)
        if self.point:
            for dispute in index.disputes():
                if dispute.topic == self.point:
                    return dispute.claims
            return []
        return index.ids(Kind.CLAIM)

    def records(self, index: Index) -> list[str]:
        """Every record the scope needs: its statements with who said them, their
        rounds and articles, and the scope's own person or round; the whole dossier
        when the scope is whole. Kinds in the order rounds, people, claims, articles."""
        if self.whole:
            return [i for kind in Kind for i in index.ids(kind)]
        wanted: set[str] = set()
        if self.person:
            wanted.add(self.person)
            wanted.update(index.rounds_of_person(self.person))
        if self.round:
            wanted.add(self.round)
            wanted.update(index.people_of_round(self.round))
        for claim_id in self.claims(index):
            claim = index.get_as(claim_id, Claim)
            if claim is None:
                continue
            wanted.add(claim_id)
            wanted.update(i for i in (claim.speaker, claim.via, claim.round) if i)
            wanted.update(index.articles_reporting(claim_id))
        return [i for kind in Kind for i in index.ids(kind) if i in wanted]


def article_ids(index: Index, record_ids: list[str]) -> list[str]:
    """The articles among ``record_ids``."""
    return [i for i in record_ids if index.get_as(i, Article) is not None]
