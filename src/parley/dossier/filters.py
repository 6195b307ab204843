"""Narrowing and ordering lists of statements and articles: plain Python over the index.

A ``Filter`` names the values wanted per facet (side, round, topic, outlet, ...);
within a facet any value will do, across facets all must hold. The facets of
every claim are gathered once per ``Index``, on first use, into sets of ids per
value, so applying a filter is a few set operations and one list comprehension
over the ids a pane lists: no record is read on a keypress.
"""

from __future__ import annotations

import weakref
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from functools import cached_property
from itertools import chain, compress
from operator import attrgetter
from typing import Any

from parley.dossier.grades import best_reliability
from parley.dossier.index import Index, per_index
from parley.dossier.model import (
    CREDIBILITY_MEANINGS,
    RELIABILITY_MEANINGS,
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
        """The filter in a few words, for a pane title: ``side Russia · quote · ≥2 sources``.

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


def _credited(claim: Claim) -> str:
    """Who a claim without a speaker is credited to, for sorting."""
    return (claim.credited_as or claim.side or claim.narrator or "").casefold()


def independent_sources(index: Index, claim_id: str) -> int:
    """Distinct outlets among a statement's reports; an article without an outlet counts alone."""
    source_of = facets(index)._source_of
    return len({source_of[a] for a in index.articles_reporting(claim_id) if a in source_of})


def claim_side(index: Index, claim: Claim) -> str | None:
    """The side a statement is credited to: its own, or its speaker's."""
    if claim.side:
        return claim.side
    person = index.get_as(claim.speaker, Person)
    return person.side if person else None


class Facets:
    """Per facet value, the ids of the claims (and articles) that have it.

    Each table is gathered on first use, from the index's own reverse links
    where it has them (a person's claims, a round's, an article's), so a filter
    on one facet never pays for the others.
    """

    def __init__(self, index: Index) -> None:
        # Kept per index, weakly: a strong reference back would keep every old index alive.
        self._index = weakref.ref(index)
        self.claims: list[str] = index.ids(Kind.CLAIM)
        self._records = index.records
        self._cache: dict[Filter, frozenset[str] | None] = {}

    @property
    def index(self) -> Index:
        index = self._index()
        assert index is not None, "facets outlived their index"
        return index

    def _claim(self, claim_id: str) -> Claim:
        claim = self._records[claim_id]
        assert isinstance(claim, Claim)
        return claim

    def _column(self, key: str) -> Iterator[Any]:
        """One key of every claim, in the order of ``self.claims``.

        ``map`` with ``attrgetter`` runs in C: no Python call per claim, which is
        what gathering a table at 100k claims costs otherwise.
        """
        return map(attrgetter(key), map(self._records.__getitem__, self.claims))

    def _having(self, key: str) -> list[str]:
        """The claims whose ``key`` is set (not None, not empty)."""
        return list(compress(self.claims, self._column(key)))

    @cached_property
    def people(self) -> dict[str, set[str]]:
        index = self.index
        found = {p: set(index.claims_by_person(p)) for p in index.ids(Kind.PERSON)}
        return {p: ids for p, ids in found.items() if ids}

    @cached_property
    def sides(self) -> dict[str, set[str]]:
        index = self.index
        found: dict[str, set[str]] = {}
        for person_id, said in self.people.items():
            person = index.get_as(person_id, Person)
            if person is not None:
                found.setdefault(person.side, set()).update(said)
        for claim_id in self._having("side"):
            found.setdefault(self._claim(claim_id).side or "", set()).add(claim_id)
        return found

    @cached_property
    def rounds(self) -> dict[str, set[str]]:
        index = self.index
        found = {r: set(index.claims_of_round(r)) for r in index.ids(Kind.ROUND)}
        return {r: ids for r, ids in found.items() if ids}

    @cached_property
    def topics(self) -> dict[str, set[str]]:
        found: defaultdict[str, list[str]] = defaultdict(list)
        for claim_id, topics in zip(self.claims, self._column("topics"), strict=True):
            for topic in topics:
                found[topic].append(claim_id)
        return {topic: set(ids) for topic, ids in found.items()}

    @cached_property
    def _source_of(self) -> dict[str, str | tuple[str]]:
        """Each article's outlet; for an article naming none, its own id in a tuple.

        A tuple never equals an outlet's name, so such an article counts as a
        source of its own, whatever outlets are called.
        """
        index = self.index
        found: dict[str, str | tuple[str]] = {}
        for article_id in index.ids(Kind.ARTICLE):
            article = index.get_as(article_id, Article)
            found[article_id] = article.outlet if article and article.outlet else (article_id,)
        return found

    @cached_property
    def article_outlets(self) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for article_id, outlet in self._source_of.items():
            if isinstance(outlet, str):
                found.setdefault(outlet, set()).add(article_id)
        return found

    @cached_property
    def outlets(self) -> dict[str, set[str]]:
        index = self.index
        return {
            outlet: set().union(*(index.claims_reported_by(a) for a in articles))
            for outlet, articles in self.article_outlets.items()
        }

    @cached_property
    def sources(self) -> dict[int, set[str]]:
        """Claims by their number of independent sources (exactly n).

        Counted in C: each outlet's claims once, and each article naming no
        outlet's claims once more, since such an article is a source of its own.
        """
        index = self.index
        unnamed = [a for a, source in self._source_of.items() if not isinstance(source, str)]
        counts = Counter(
            chain(*self.outlets.values(), *(index.claims_reported_by(a) for a in unnamed))
        )
        found: defaultdict[int, list[str]] = defaultdict(list)
        for claim_id, count in counts.items():
            found[count].append(claim_id)
        return {count: set(ids) for count, ids in found.items()}

    @cached_property
    def types(self) -> dict[ClaimKind, set[str]]:
        quotes = set(compress(self.claims, map(ClaimKind.QUOTE.__eq__, self._column("type"))))
        return {ClaimKind.QUOTE: quotes, ClaimKind.PARAPHRASE: set(self.claims) - quotes}

    @cached_property
    def disputed(self) -> dict[bool, set[str]]:
        contradictions = self.index.contradictions
        disputed = {c for c in self.claims if contradictions(c)}
        return {True: disputed, False: set(self.claims) - disputed}

    @cached_property
    def article_reliability(self) -> dict[Reliability, set[str]]:
        index = self.index
        found: dict[Reliability, set[str]] = {}
        for article_id in index.ids(Kind.ARTICLE):
            article = index.get_as(article_id, Article)
            if article is not None and article.reliability:
                found.setdefault(article.reliability, set()).add(article_id)
        return found

    @cached_property
    def reliability(self) -> dict[Reliability, set[str]]:
        """Claims by the best reliability among their sources."""
        found: dict[Reliability, set[str]] = {}
        if not self.article_reliability:  # nothing graded: no claim to look at
            return found
        index = self.index
        graded = set().union(
            *(index.claims_reported_by(a) for ids in self.article_reliability.values() for a in ids)
        )
        for claim_id in graded:
            best = best_reliability(index, claim_id)
            if best is not None:
                found.setdefault(best, set()).add(claim_id)
        return found

    @cached_property
    def credibility(self) -> dict[int, set[str]]:
        found: dict[int, set[str]] = {}
        for claim_id in self._having("credibility"):
            grade = self._claim(claim_id).credibility
            if grade is not None:
                found.setdefault(grade, set()).add(claim_id)
        return found

    @cached_property
    def _speaker_rank(self) -> dict[str, int]:
        """Each claim's place when listed by speaker's name, then by date.

        People sorted by name, each with their claims (kept in date order by the
        index), then the claims credited to a side or an article: no key per claim.
        """
        index = self.index
        people = [p for p in (index.get_as(i, Person) for i in self.people) if p is not None]
        people.sort(key=lambda p: (p.name.casefold(), p.id))
        ordered = [c for p in people for c in index.claims_by_person(p.id)]
        spoken = set(ordered)
        rest = [c for c in self.claims if c not in spoken]
        rest.sort(key=lambda c: _credited(self._claim(c)))  # stable: by date within each
        return {claim_id: n for n, claim_id in enumerate(ordered + rest)}

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
        rank = self._speaker_rank
        try:
            # The C-level lookup as the key: no Python call per element.
            return sorted(ids, key=rank.__getitem__)
        except KeyError:  # an id that is no claim's (a broken link): it goes first
            return sorted(ids, key=lambda i: rank.get(i, -1))


facets = per_index(Facets)
"""The facets of an index, gathered on first use and kept as long as the index lives."""


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
        return [choice(r, f"{r.value}  {RELIABILITY_MEANINGS[r]}") for r in Reliability]
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
