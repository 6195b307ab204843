"""Narrowing and ordering lists of statements and articles: plain Python over the index.

A ``Filter`` names the values wanted per facet (side, round, topic, outlet, ...);
within a facet any value will do, across facets all must hold. The facets of
every claim are gathered once per ``Index``, on first use, into sets of ids per
value, so applying a filter is a few set operations and one list comprehension
over the ids a pane lists: no record is read on a keypress.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from typing import Any

from parley.dossier.grades import best_reliability
from parley.dossier.index import Index
from parley.dossier.model import (
    CREDIBILITY_MEANINGS,
    Article,
    Claim,
    ClaimKind,
    Kind,
    Person,
    Reliability,
    Round,
    cut_at_word,
)
from parley.dossier.text import first_line, side_label


class Sort(StrEnum):
    """How statement lists are ordered."""

    DATE = "date"
    SPEAKER = "speaker"

    def next(self) -> Sort:
        """The next order in the cycle ``s`` steps through."""
        members = list(Sort)
        return members[(members.index(self) + 1) % len(members)]


SET_FACETS = (
    "people", "sides", "rounds", "topics", "outlets", "types", "reliability", "credibility",
)  # fmt: skip
"""The facets that hold a set of values: any one of them will do."""
ARTICLE_FACETS = ("outlets", "reliability")
"""The facets that say something about an article, not only about a statement."""
SOURCE_STEPS = (2, 3, 4)
"""The minimum numbers of independent sources the picker offers."""


@dataclass(frozen=True)
class Filter:
    """What a statement must be to be listed; an empty facet does not narrow."""

    people: frozenset[str] = frozenset()
    sides: frozenset[str] = frozenset()
    rounds: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()
    outlets: frozenset[str] = frozenset()
    types: frozenset[ClaimKind] = frozenset()
    disputed: bool | None = None
    min_sources: int = 0  # distinct outlets among the reports; 0 does not narrow
    # Admiralty grades: a statement's best source's reliability, and its own credibility.
    reliability: frozenset[Reliability] = frozenset()
    credibility: frozenset[int] = frozenset()

    @property
    def active(self) -> bool:
        return self != Filter()

    @property
    def narrows_articles(self) -> bool:
        """Whether the filter says anything about articles (their outlet or reliability)."""
        return any(getattr(self, facet) for facet in ARTICLE_FACETS)

    def toggled(self, facet: str, value: object) -> Filter:
        """This filter with ``value`` added to ``facet``, or taken out when it was in."""
        current = getattr(self, facet)
        changed: dict[str, Any] = {}
        if isinstance(current, frozenset):
            changed[facet] = current ^ {value}
        else:
            default = next(f.default for f in fields(self) if f.name == facet)
            changed[facet] = default if current == value else value
        return replace(self, **changed)

    def only(self, facets: Iterable[str]) -> Filter:
        """This filter with every facet but ``facets`` cleared."""
        keep = set(facets)
        kept: dict[str, Any] = {
            f.name: getattr(self, f.name) for f in fields(self) if f.name in keep
        }
        return replace(Filter(), **kept)

    def describe(self, index: Index | None = None) -> str:
        """The filter in a few words, for a pane title: ``side russia · quote · ≥2 sources``.

        Plain text from the records: the UI makes it safe before showing it.
        """
        parts: list[str] = []
        if self.people:
            parts.append(_values("person", self.people, lambda i: _person_name(index, i)))
        if self.sides:
            parts.append(_values("side", self.sides, side_label))
        if self.rounds:
            parts.append(_values("round", self.rounds, lambda i: _round_name(index, i)))
        if self.topics:
            parts.append(_values("topic", self.topics, lambda t: t.replace("-", " ")))
        if self.outlets:
            parts.append(_values("outlet", self.outlets, str))
        if self.types:
            parts.append(" or ".join(t.value for t in ClaimKind if t in self.types))
        if self.disputed is not None:
            parts.append("disputed" if self.disputed else "not disputed")
        if self.min_sources:
            parts.append(f"≥{self.min_sources} sources")
        if self.reliability:
            parts.append(_values("reliability", frozenset(self.reliability), str))
        if self.credibility:
            parts.append(f"credibility {', '.join(str(n) for n in sorted(self.credibility))}")
        return " · ".join(parts)


def _values(name: str, values: frozenset[str], label: Callable[[str], str]) -> str:
    return f"{name} " + ", ".join(sorted(str(label(v)) for v in values))


def _person_name(index: Index | None, person_id: str) -> str:
    person = index.get_as(person_id, Person) if index else None
    return person.name if person else person_id


def _round_name(index: Index | None, round_id: str) -> str:
    round_ = index.get_as(round_id, Round) if index else None
    return cut_at_word(first_line(round_.title), 32) if round_ else round_id


# -- the facets of one index ------------------------------------------------------


def independent_sources(index: Index, claim_id: str) -> int:
    """Distinct outlets among a statement's reports; an article without an outlet counts alone."""
    outlets: set[str] = set()
    for article_id in index.articles_reporting(claim_id):
        article = index.get_as(article_id, Article)
        outlets.add(article.outlet if article and article.outlet else f"\0{article_id}")
    return len(outlets)


def claim_side(index: Index, claim: Claim) -> str | None:
    """The side a statement is credited to: its own, or its speaker's."""
    if claim.side:
        return claim.side
    person = index.get_as(claim.speaker, Person)
    return person.side if person else None


class Facets:
    """Per facet value, the ids of the claims (and articles) that have it; built once."""

    def __init__(self, index: Index) -> None:
        self.people: dict[str, set[str]] = {}
        self.sides: dict[str, set[str]] = {}
        self.rounds: dict[str, set[str]] = {}
        self.topics: dict[str, set[str]] = {}
        self.outlets: dict[str, set[str]] = {}
        self.types: dict[ClaimKind, set[str]] = {kind: set() for kind in ClaimKind}
        self.disputed: dict[bool, set[str]] = {True: set(), False: set()}
        self.sources: dict[int, set[str]] = {}  # exactly n independent sources
        self.reliability: dict[Reliability, set[str]] = {}
        self.credibility: dict[int, set[str]] = {}
        self.article_outlets: dict[str, set[str]] = {}
        self.article_reliability: dict[Reliability, set[str]] = {}
        for article_id in index.ids(Kind.ARTICLE):
            article = index.get_as(article_id, Article)
            if article is not None and article.outlet:
                self.article_outlets.setdefault(article.outlet, set()).add(article_id)
            if article is not None and article.reliability:
                self.article_reliability.setdefault(article.reliability, set()).add(article_id)
        outlet_of = {a: o for o, ids in self.article_outlets.items() for a in ids}
        for claim_id in index.ids(Kind.CLAIM):
            claim = index.get_as(claim_id, Claim)
            if claim is not None:
                self._add(index, claim, outlet_of)
        claims = index.ids(Kind.CLAIM)
        self._speaker_rank = self._rank_by_speaker(index, claims)
        self._cache: dict[Filter, frozenset[str] | None] = {}

    def _add(self, index: Index, claim: Claim, outlet_of: dict[str, str]) -> None:
        cid = claim.id
        if claim.speaker:
            self.people.setdefault(claim.speaker, set()).add(cid)
        side = claim_side(index, claim)
        if side:
            self.sides.setdefault(side, set()).add(cid)
        if claim.round:
            self.rounds.setdefault(claim.round, set()).add(cid)
        for topic in claim.topics:
            self.topics.setdefault(topic, set()).add(cid)
        reporters = index.articles_reporting(cid)
        outlets = {outlet_of.get(a, f"\0{a}") for a in reporters}
        for outlet in outlets:
            if not outlet.startswith("\0"):
                self.outlets.setdefault(outlet, set()).add(cid)
        self.sources.setdefault(len(outlets), set()).add(cid)
        self.types[claim.type].add(cid)
        self.disputed[bool(index.contradictions(cid))].add(cid)
        reliability = best_reliability(index, cid) if self.article_reliability else None
        if reliability:
            self.reliability.setdefault(reliability, set()).add(cid)
        if claim.credibility is not None:
            self.credibility.setdefault(claim.credibility, set()).add(cid)

    @staticmethod
    def _rank_by_speaker(index: Index, claims: Sequence[str]) -> dict[str, int]:
        """Each claim's place when listed by speaker's name, then by date."""

        def name(claim_id: str) -> str:
            claim = index.get_as(claim_id, Claim)
            if claim is None:
                return ""
            if claim.speaker:
                return _person_name(index, claim.speaker).casefold()
            return (claim.credited_as or claim.side or claim.narrator or "").casefold()

        # A stable sort keeps the index's date order among one speaker's claims.
        return {cid: n for n, cid in enumerate(sorted(claims, key=name))}

    def count(self, facet: str, value: object) -> int:
        """How many statements have ``value`` in ``facet`` (for ``min_sources``: at least)."""
        if facet == "min_sources":
            assert isinstance(value, int)
            return sum(len(ids) for n, ids in self.sources.items() if n >= value)
        table: dict[object, set[str]] = getattr(self, facet)
        return len(table.get(value, ()))

    def allowed(self, wanted: Filter) -> frozenset[str] | None:
        """The claims the filter lets through, or None when it lets every claim through."""
        if wanted not in self._cache:
            if len(self._cache) > 16:
                self._cache.clear()
            self._cache[wanted] = self._allowed(wanted)
        return self._cache[wanted]

    def _allowed(self, wanted: Filter) -> frozenset[str] | None:
        groups: list[set[str]] = []
        for facet in SET_FACETS:
            values = getattr(wanted, facet)
            if values:
                table: dict[object, set[str]] = getattr(self, facet)
                groups.append(set().union(*(table.get(v, set()) for v in values)))
        if wanted.disputed is not None:
            groups.append(self.disputed[wanted.disputed])
        if wanted.min_sources:
            groups.append(
                set().union(*(ids for n, ids in self.sources.items() if n >= wanted.min_sources))
            )
        if not groups:
            return None
        groups.sort(key=len)  # intersect from the smallest: the cost is its size
        return frozenset(groups[0].intersection(*groups[1:]))

    def allowed_articles(self, wanted: Filter) -> set[str] | None:
        """The articles the filter lets through (by outlet and reliability), or None for all."""
        groups: list[set[str]] = []
        if wanted.outlets:
            groups.append(
                set().union(*(self.article_outlets.get(o, set()) for o in wanted.outlets))
            )
        if wanted.reliability:
            groups.append(
                set().union(*(self.article_reliability.get(r, set()) for r in wanted.reliability))
            )
        return groups[0].intersection(*groups[1:]) if groups else None

    def by_speaker(self, ids: list[str]) -> list[str]:
        """``ids`` ordered by speaker, then date."""
        # Every id is a claim's: the C-level lookup is the key, no Python call per element.
        return sorted(ids, key=self._speaker_rank.__getitem__)


_FACETS: weakref.WeakKeyDictionary[Index, Facets] = weakref.WeakKeyDictionary()


def facets(index: Index) -> Facets:
    """The facets of ``index``, gathered on first use and kept as long as the index lives.

    Keyed by the index object itself: a reload, even one that patches records
    (``Index.with_records``), makes a new index, so facets are never stale.
    """
    found = _FACETS.get(index)
    if found is None:
        found = _FACETS[index] = Facets(index)
    return found


# -- applying ----------------------------------------------------------------------


@dataclass(frozen=True)
class Lens:
    """A filter and an order: how the lists of statements are shown."""

    filter: Filter = field(default_factory=Filter)
    sort: Sort = Sort.DATE

    @property
    def active(self) -> bool:
        """Whether the lens changes any list."""
        return self.filter.active or self.sort is not Sort.DATE

    def claims(self, index: Index, ids: list[str]) -> list[str]:
        """The statements among ``ids`` the filter lets through, in the lens's order."""
        return apply(index, ids, self.filter, self.sort)

    def articles(self, index: Index, ids: list[str]) -> list[str]:
        """The articles among ``ids`` the filter lets through (by outlet and reliability)."""
        allowed = facets(index).allowed_articles(self.filter)
        return ids if allowed is None else [i for i in ids if i in allowed]

    def describe(self, index: Index | None = None) -> str:
        """The filter and a sort other than by date, for a title; empty when inactive."""
        parts = [self.filter.describe(index)] if self.filter.active else []
        if self.sort is not Sort.DATE:
            parts.append(f"by {self.sort.value}")
        return " · ".join(parts)


def apply(index: Index, ids: list[str], wanted: Filter, sort: Sort = Sort.DATE) -> list[str]:
    """The claims among ``ids`` that ``wanted`` lets through, ordered by ``sort``.

    ``ids`` come in date order (the index's); an inactive filter and the date
    order give ``ids`` back as they are.
    """
    if not wanted.active and sort is Sort.DATE:
        return ids
    found = facets(index)
    allowed = found.allowed(wanted)
    kept = ids if allowed is None else [i for i in ids if i in allowed]
    return found.by_speaker(kept) if sort is Sort.SPEAKER else kept


# -- what the picker offers ----------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """One value the picker offers: the facet it belongs to, the value, its label and count."""

    facet: str
    value: object
    label: str
    count: int

    def picked(self, wanted: Filter) -> bool:
        current = getattr(wanted, self.facet)
        return self.value in current if isinstance(current, frozenset) else current == self.value


FACETS = (
    "sides", "types", "disputed", "min_sources", "reliability", "credibility", "rounds", "topics",
    "outlets", "people",
)  # fmt: skip
"""Every facet, in the order the picker shows them."""
TIMELINE_FACETS = ("people", "sides", "rounds", "topics")
SECTION_TITLES = {
    "sides": "Side",
    "types": "Quote or paraphrase",
    "disputed": "Disputed",
    "min_sources": "Independent sources",
    "rounds": "Round",
    "topics": "Topic",
    "outlets": "Outlet",
    "people": "Person",
    "reliability": "Reliability of the best source (A-F)",
    "credibility": "Credibility (1-6)",
}


def choices(index: Index, wanted: Iterable[str] = FACETS) -> list[tuple[str, list[Choice]]]:
    """Per facet, under its title, the values the dossier has, each with its statement count.

    Plain text from the records: the UI makes the labels safe.
    """
    found = facets(index)
    sections: list[tuple[str, list[Choice]]] = []
    for facet in wanted:
        offered = [c for c in _choices(index, found, facet) if c.count]
        if offered:
            sections.append((SECTION_TITLES[facet], offered))
    return sections


def _choices(index: Index, found: Facets, facet: str) -> list[Choice]:
    def choice(value: object, label: str) -> Choice:
        return Choice(facet, value, label, found.count(facet, value))

    if facet == "sides":
        return [choice(s, side_label(s)) for s in _ordered(index.sides(), found.sides)]
    if facet == "types":
        return [choice(t, t.value) for t in ClaimKind]
    if facet == "disputed":
        return [choice(True, "disputed"), choice(False, "not disputed")]
    if facet == "min_sources":
        return [choice(n, f"at least {n}") for n in SOURCE_STEPS]
    if facet == "reliability":
        return [choice(r, f"{r.value}  {r.meaning}") for r in Reliability]
    if facet == "credibility":
        return [choice(n, f"{n}  {meaning}") for n, meaning in CREDIBILITY_MEANINGS.items()]
    if facet == "rounds":
        return [
            choice(r, f"{_round_date(index, r)}  {_round_title(index, r)}")
            for r in index.ids(Kind.ROUND)
        ]
    if facet == "topics":
        return [choice(t, t.replace("-", " ")) for t in sorted(found.topics)]
    if facet == "outlets":
        return [choice(o, o) for o in sorted(found.outlets, key=str.casefold)]
    people = [p for p in index.ids(Kind.PERSON) if p in found.people]
    return [choice(p, _person_name(index, p)) for p in people]


def _ordered(first: list[str], every: Iterable[str]) -> list[str]:
    """``first`` in its order, then the rest of ``every`` sorted."""
    return first + sorted(set(every) - set(first))


def _round_title(index: Index, round_id: str) -> str:
    round_ = index.get_as(round_id, Round)
    return first_line(round_.title) if round_ else ""


def _round_date(index: Index, round_id: str) -> str:
    round_ = index.get_as(round_id, Round)
    return round_.date_text if round_ else ""
