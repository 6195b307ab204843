"""Lookups and reverse links over a set of records.

Built once per load in one pass over the records; every question the UI asks
is then a dictionary lookup, never a scan.
"""

from __future__ import annotations

import datetime as dt
import functools
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TypeVar

from parley.dossier.fields import structure_keys
from parley.dossier.model import AnyRecord, Article, Claim, Kind, Person, Round

R = TypeVar("R", Round, Person, Claim, Article)

_NO_DATE = dt.date.max


class _Links:
    """The reverse links of a set of records, gathered in one pass, in load order."""

    def __init__(self) -> None:
        self.claims_by_person: defaultdict[str, list[str]] = defaultdict(list)
        self.claims_relayed_by: defaultdict[str, list[str]] = defaultdict(list)
        self.claims_by_article: defaultdict[str, list[str]] = defaultdict(list)
        self.claims_by_round: defaultdict[str, list[str]] = defaultdict(list)
        self.contradictions: defaultdict[str, set[str]] = defaultdict(set)
        self.rounds_by_person: defaultdict[str, list[str]] = defaultdict(list)
        self.citations: defaultdict[str, int] = defaultdict(int)

    def add(self, record: AnyRecord) -> None:
        if isinstance(record, Claim):
            self._add_claim(record)
        elif isinstance(record, Round):
            for person in _round_people(record):
                self.rounds_by_person[person].append(record.id)
            for article in record.articles:
                self.citations[article] += 1
            for delegation in record.delegations:
                for article in delegation.articles:
                    self.citations[article] += 1
        elif isinstance(record, Person):
            for role in record.roles:
                self.citations[role.article] += 1

    def _add_claim(self, claim: Claim) -> None:
        if claim.speaker:
            self.claims_by_person[claim.speaker].append(claim.id)
        if claim.via:
            self.claims_relayed_by[claim.via].append(claim.id)
        if claim.round:
            self.claims_by_round[claim.round].append(claim.id)
        reporters = [r.article for r in claim.reported_by]
        if claim.narrator and claim.narrator not in reporters:
            reporters.append(claim.narrator)
        for article in dict.fromkeys(reporters):
            self.claims_by_article[article].append(claim.id)
            self.citations[article] += 1
        for other in claim.contradicts:
            self.contradictions[claim.id].add(other)
            self.contradictions[other].add(claim.id)


class Index:
    """Answers what the UI asks about a dossier without scanning it."""

    def __init__(
        self, records: Iterable[AnyRecord], paths: Mapping[str, Path] | None = None
    ) -> None:
        self.records: dict[str, AnyRecord] = {}
        self.paths: dict[str, Path] = dict(paths or {})
        by_kind: dict[Kind, list[str]] = {kind: [] for kind in Kind}
        links = _Links()
        for record in records:
            self.records[record.id] = record
            by_kind[record.kind].append(record.id)
            links.add(record)
        self._claim_dates: dict[str, dt.date] = {}
        self._side_weight = self._side_weights(links.claims_by_person)
        self._by_kind = {kind: self._sorted(kind, ids) for kind, ids in by_kind.items()}
        self._order_links(links)
        self._rounds_by_person = dict(links.rounds_by_person)
        self._citations = dict(links.citations)
        self._dispute_groups: list[tuple[str, list[str]]] | None = None
        # Made on first use, by an incremental reload (``reindex.py``): who cites each article.
        self._citing: dict[str, list[str]] | None = None
        self._points: dict[str, list[str]] | None = None

    def _side_weights(self, claims_by_person: Mapping[str, list[str]]) -> dict[str, int]:
        """How many claims each side's people made: the parties list before the bystanders."""
        weight: dict[str, int] = defaultdict(int)
        for speaker_id, said in claims_by_person.items():
            speaker = self.records.get(speaker_id)
            if isinstance(speaker, Person):
                weight[speaker.side] += len(said)
        return weight

    def _order_links(self, links: _Links) -> None:
        """Keep each list of linked claims in display order, as the panes show them."""
        order = {cid: n for n, cid in enumerate(self._by_kind[Kind.CLAIM])}

        def claims_in_order(ids: list[str]) -> list[str]:
            # Every id here is a claim's, so the C-level lookup serves as the key:
            # no Python call per element.
            return sorted(ids, key=order.__getitem__)

        self._claims_by_person = {k: claims_in_order(v) for k, v in links.claims_by_person.items()}
        self._claims_relayed_by = {
            k: claims_in_order(v) for k, v in links.claims_relayed_by.items()
        }
        self._claims_by_article = {
            k: claims_in_order(v) for k, v in links.claims_by_article.items()
        }
        self._claims_by_round = {k: claims_in_order(v) for k, v in links.claims_by_round.items()}
        self._contradictions = {
            k: sorted((i for i in v if i in self.records), key=lambda i: order.get(i, 0))
            for k, v in links.contradictions.items()
        }

    def with_records(self, updated: Mapping[str, AnyRecord]) -> Index:
        """A copy showing new versions of records whose links and sort keys are unchanged.

        Every reverse link and ordering depends only on ``structure`` (who, which
        round, which articles, dates, names), so when an edit leaves that alone,
        as fixing a quote or an excerpt does, the lists are shared as they are and
        only the records themselves are swapped.
        """
        copy = object.__new__(Index)
        copy.__dict__.update(self.__dict__)
        copy.records = {**self.records, **updated}
        return copy

    # -- ordering ---------------------------------------------------------

    def _sorted(self, kind: Kind, ids: list[str]) -> list[str]:
        records = self.records
        if kind is Kind.CLAIM:
            for cid in ids:
                self._claim_dates[cid] = self._compute_claim_date(records[cid])  # type: ignore[arg-type]
            return sorted(ids, key=lambda i: (self._claim_dates[i], i))
        if kind is Kind.ROUND:
            return sorted(ids, key=lambda i: (_round_date(records[i]), i))  # type: ignore[arg-type]
        if kind is Kind.ARTICLE:
            return sorted(ids, key=lambda i: (records[i].published or _NO_DATE, i))  # type: ignore[union-attr]
        if kind is Kind.PERSON:
            weight = self._side_weight

            def person_key(i: str) -> tuple[int, str, str]:
                person = records[i]
                assert isinstance(person, Person)
                return (-weight.get(person.side, 0), person.side, person.name.casefold())

            return sorted(ids, key=person_key)
        return sorted(ids)

    def _compute_claim_date(self, claim: Claim) -> dt.date:
        if claim.said_on:
            return claim.said_on
        dates = [
            a.published
            for r in claim.reported_by
            if isinstance(a := self.records.get(r.article), Article) and a.published
        ]
        return min(dates) if dates else _NO_DATE

    def claim_date(self, claim_id: str) -> dt.date | None:
        """When a claim was said, else when it was first reported, else None."""
        date = self._claim_dates.get(claim_id, _NO_DATE)
        return None if date == _NO_DATE else date

    def round_date(self, round_id: str) -> dt.date | None:
        """When a round met: its date, else the month its ``when`` names, else None."""
        round_ = self.get_as(round_id, Round)
        date = _round_date(round_) if round_ else _NO_DATE
        return None if date == _NO_DATE else date

    # -- lookups ----------------------------------------------------------

    def __contains__(self, record_id: object) -> bool:
        return record_id in self.records

    def __len__(self) -> int:
        return len(self.records)

    def get(self, record_id: str) -> AnyRecord | None:
        """The record with this id, of any kind."""
        return self.records.get(record_id)

    def get_as(self, record_id: str | None, kind: type[R]) -> R | None:
        """The record with this id if it is of the given type."""
        record = self.records.get(record_id) if record_id else None
        return record if isinstance(record, kind) else None

    def _existing(self, ids: list[str]) -> list[str]:
        """``ids`` without repeats and without ids no record has, in their order."""
        return [i for i in dict.fromkeys(ids) if i in self.records]

    def ids(self, kind: Kind) -> list[str]:
        """Every id of one kind, in display order (claims and rounds by date)."""
        return self._by_kind[kind]

    def count(self, kind: Kind) -> int:
        return len(self._by_kind[kind])

    def counts(self) -> dict[Kind, int]:
        return {kind: len(ids) for kind, ids in self._by_kind.items()}

    def path(self, record_id: str) -> Path | None:
        return self.paths.get(record_id)

    # -- reverse links -------------------------------------------------------

    def claims_by_person(self, person_id: str) -> list[str]:
        """Claims the person made, oldest first."""
        return self._claims_by_person.get(person_id, [])

    def claims_relayed_by(self, person_id: str) -> list[str]:
        """Claims of others that this person relayed (``via``)."""
        return self._claims_relayed_by.get(person_id, [])

    def claims_by_side(self, side: str) -> list[str]:
        """Claims credited to a side as a whole, oldest first (a scan: nothing keeps them)."""
        claims = self.records
        return [c for c in self._by_kind[Kind.CLAIM] if getattr(claims[c], "side", None) == side]

    def articles_reporting(self, claim_id: str) -> list[str]:
        """Articles that report a claim, in the claim's order."""
        claim = self.get_as(claim_id, Claim)
        if claim is None:
            return []
        narrator = [claim.narrator] if claim.narrator else []
        return self._existing([r.article for r in claim.reported_by] + narrator)

    def claims_reported_by(self, article_id: str) -> list[str]:
        """Claims an article reports or states itself."""
        return self._claims_by_article.get(article_id, [])

    def claims_of_round(self, round_id: str) -> list[str]:
        """Claims about a round."""
        return self._claims_by_round.get(round_id, [])

    def people_of_round(self, round_id: str) -> list[str]:
        """The chair, the delegations (heads first), then anyone else quoted about it."""
        round_ = self.get_as(round_id, Round)
        if round_ is None:
            return []
        people = _round_people(round_)
        for claim_id in self.claims_of_round(round_id):
            claim = self.records[claim_id]
            if isinstance(claim, Claim) and claim.speaker:
                people.append(claim.speaker)
        return self._existing(people)

    def rounds_of_person(self, person_id: str) -> list[str]:
        """Rounds where the person chaired or sat in a delegation."""
        return self._rounds_by_person.get(person_id, [])

    def contradictions(self, claim_id: str) -> list[str]:
        """Claims that conflict with this one, whichever side declared the link."""
        return self._contradictions.get(claim_id, [])

    def referrers(self, ref: str) -> set[str]:
        """Every record that refers to ``ref``, and a few more (its own contradictions)."""
        if self._citing is None:
            self._citing = self._citers()
        found: set[str] = set()
        for table in (
            self._claims_by_person,
            self._claims_relayed_by,
            self._claims_by_round,
            self._claims_by_article,
            self._contradictions,
            self._rounds_by_person,
            self._citing,
        ):
            found.update(table.get(ref, ()))
        return found

    def _citers(self) -> dict[str, list[str]]:
        """The rounds and people citing each article (the claims are in ``claims_reported_by``)."""
        citing: defaultdict[str, list[str]] = defaultdict(list)
        for kind in (Kind.ROUND, Kind.PERSON):
            for record_id in self._by_kind[kind]:
                record = self.records[record_id]
                if isinstance(record, Round):
                    articles = [*record.articles]
                    for delegation in record.delegations:
                        articles.extend(delegation.articles)
                elif isinstance(record, Person):
                    articles = [role.article for role in record.roles]
                for article in articles:
                    citing[article].append(record_id)
        return dict(citing)

    def contesting(self, point: str) -> list[str]:
        """The claims naming a contested point, in date order (once per naming)."""
        if self._points is None:
            self.disputes()
            self._points = dict(self._dispute_groups or ())
        return self._points.get(point, [])

    def citation_count(self, article_id: str) -> int:
        """How many times records cite the article."""
        return self._citations.get(article_id, 0)

    def excerpt(self, claim_id: str, article_id: str) -> str | None:
        """The excerpt in which an article reports a claim."""
        claim = self.get_as(claim_id, Claim)
        if claim is None:
            return None
        for report in claim.reported_by:
            if report.article == article_id:
                return report.excerpt
        return None

    def most_quoted_person(self) -> str | None:
        """The person with the most statements: where the browser opens."""
        people = self._by_kind[Kind.PERSON]
        if not people:
            return None
        return max(people, key=lambda p: len(self._claims_by_person.get(p, [])))

    def sides(self) -> list[str]:
        """Every side, in the order people are listed."""
        seen: dict[str, None] = {}
        for person_id in self._by_kind[Kind.PERSON]:
            person = self.records[person_id]
            if isinstance(person, Person):
                seen.setdefault(person.side, None)
        return list(seen)

    def disputes(self) -> list[Dispute]:
        """Contested points: the claims naming each point in ``contested``, in date order."""
        # Grouping scans every claim: done once, on first use (the loader's checks),
        # so opening the Disputes view costs nothing.
        if self._dispute_groups is None:
            self._dispute_groups = [(d.topic, d.claims) for d in self._disputes()]
        return [Dispute(topic, list(claims)) for topic, claims in self._dispute_groups]

    def _disputes(self) -> list[Dispute]:
        by_point: dict[str, list[str]] = {}
        for claim_id in self._by_kind[Kind.CLAIM]:
            claim = self.records[claim_id]
            if isinstance(claim, Claim):
                for point in claim.contested:
                    by_point.setdefault(point, []).append(claim_id)
        disputes = [Dispute(point, ids) for point, ids in by_point.items()]
        return sorted(
            disputes, key=lambda d: (self._claim_dates.get(d.claims[0], _NO_DATE), d.topic)
        )


def _structure_keys() -> dict[Kind, list[tuple[str, tuple[str, ...]]]]:
    """Per kind, each key the index reads, with the keys it reads inside its tables."""
    keys: dict[Kind, list[tuple[str, tuple[str, ...]]]] = {}
    for kind in Kind:
        inside: dict[str, tuple[str, ...]] = {}
        for key, sub in structure_keys(kind):
            inside[key] = inside.get(key, ()) + ((sub,) if sub else ())
        keys[kind] = list(inside.items())
    return keys


_STRUCTURE = _structure_keys()


def _frozen(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


def structure(record: AnyRecord) -> tuple[object, ...]:
    """What the index derives from a record: links, dates and names, not text.

    The keys are those ``fields.FIELDS`` marks as read by the index.
    """
    parts: list[object] = [type(record)]
    for key, inside in _STRUCTURE[record.kind]:
        value = getattr(record, key)
        if inside:
            parts.append(tuple(tuple(_frozen(getattr(t, k)) for k in inside) for t in value))
        else:
            parts.append(_frozen(value))
    return tuple(parts)


class Dispute:
    """A contested point: claims that contradict each other."""

    __slots__ = ("claims", "topic")

    def __init__(self, topic: str, claims: list[str]) -> None:
        self.topic = topic
        self.claims = claims

    @property
    def title(self) -> str:
        return self.topic.replace("-", " ").capitalize()

    def __repr__(self) -> str:
        return f"Dispute({self.topic!r}, {self.claims!r})"


def _round_people(round_: Round) -> list[str]:
    """The chair, then each delegation's head and members, each once."""
    people = [round_.chair] if round_.chair else []
    for delegation in round_.delegations:
        people.extend(delegation.people)
    return list(dict.fromkeys(people))


def _round_date(round_: Round) -> dt.date:
    if round_.date:
        return round_.date
    if round_.when:
        digits = "".join(ch for ch in round_.when if ch.isdigit())
        if len(digits) >= 4:
            year = int(digits[-4:]) if len(digits) > 4 else int(digits)
            months = [
                "jan", "feb", "mar", "apr", "may", "jun",
                "jul", "aug", "sep", "oct", "nov", "dec",
            ]  # fmt: skip
            lowered = round_.when.lower()
            month = next((n for n, m in enumerate(months, 1) if m in lowered), 1)
            try:
                return dt.date(year, month, 1)
            except ValueError:
                return _NO_DATE
    return _NO_DATE


T = TypeVar("T")


def per_index(build: Callable[[Index], T]) -> Callable[[Index], T]:
    """``build`` made once per index, on first use, and kept as long as that index lives.

    Keyed by the index object: a reload, even one that patches records
    (``Index.with_records``), makes a new index, so what is kept is never stale.
    """
    made: weakref.WeakKeyDictionary[Index, T] = weakref.WeakKeyDictionary()

    @functools.wraps(build)
    def get(index: Index) -> T:
        found = made.get(index)
        if found is None:
            found = made[index] = build(index)
        return found

    return get
