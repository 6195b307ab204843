"""Update an ``Index`` for a few changed records, without rebuilding it.

A reload that changes one file changes one record (or two, for a rename); the
index after it must answer exactly as ``Index(records, paths)`` built afresh
would. Each list the index keeps is copied only where a changed record sits in
it, and put back in display order with ``bisect``; the old index stays valid
(the app may go back to it when a screen fails to show the new one).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, insort
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parley.dossier.index import _NO_DATE, Index, _round_people
from parley.dossier.model import AnyRecord, Article, Claim, Kind, Person, Round
from parley.dossier.read import PATH_ORDER

Change = tuple[AnyRecord, Path] | None
"""A record's new version and the file it comes from, or None when no record has the id."""

_CITING = (Round, Person)  # the kinds ``Index.referrers`` keeps apart
_RESORT_ABOVE = 2_000  # moved claims: past this, one sort beats a bisect each


@dataclass
class Reindexed:
    """The new index, and what moved in it (what search and the checks must look at again)."""

    index: Index
    moved: set[str] = field(default_factory=set)
    """Records whose place among the others of their kind changed, or that came or went."""
    reordered: set[Kind] = field(default_factory=set)
    """Kinds whose list of ids (``Index.ids``) is not what it was."""
    points: set[str] = field(default_factory=set)
    """Contested points whose claims changed."""


def updated(index: Index, changes: Mapping[str, Change]) -> Reindexed:
    """``index`` with each id of ``changes`` given its new record (and path), or dropped."""
    new = object.__new__(Index)
    new.__dict__.update(index.__dict__)
    new.records = dict(index.records)
    if any(c is None or index.paths.get(i) != c[1] for i, c in changes.items()):
        new.paths = dict(index.paths)  # else shared: an edit in place moves no file
    for record_id, change in changes.items():
        if change is None:
            new.records.pop(record_id, None)
            new.paths.pop(record_id, None)
        else:
            new.records[record_id] = change[0]
            if new.paths is not index.paths:
                new.paths[record_id] = change[1]
    result = Reindexed(new)
    redated = _redate(index, new, changes)
    _reorder_claims(index, new, redated, result)
    speakers = _relink_claims(index, new, redated)
    _recount_citations(index, new, changes)
    _relink_rounds(index, new, changes)
    _reorder_others(index, new, changes, result, reweigh=speakers)
    _recontradict(index, new, changes, redated)
    result.points = _regroup(index, new, redated)
    _recite(index, new, changes)
    return result


def _as(record: AnyRecord | None, kind: type[Claim]) -> Claim | None:
    return record if isinstance(record, kind) else None


def _published(record: AnyRecord | None) -> dt.date | None:
    return record.published if isinstance(record, Article) else None


def _redate(index: Index, new: Index, changes: Mapping[str, Change]) -> set[str]:
    """Give a new date to each changed claim and each claim of an article whose date changed.

    Returns those claims' ids (with the claims that went): every claim whose
    place in a list of claims must be looked at again.
    """
    redated: set[str] = set()
    for record_id in changes:
        before, after = index.records.get(record_id), new.records.get(record_id)
        if isinstance(before, Claim) or isinstance(after, Claim):
            redated.add(record_id)
        if _published(before) != _published(after) or type(before) is not type(after):
            redated.update(index.claims_reported_by(record_id))
    dated: dict[str, dt.date | None] = {}
    for claim_id in redated:
        claim = _as(new.records.get(claim_id), Claim)
        dated[claim_id] = new._compute_claim_date(claim) if claim is not None else None
    old = index._claim_dates
    if all(old.get(c) == d for c, d in dated.items()):
        return redated  # the dates are shared: an edit of wording changes none
    dates = new._claim_dates = dict(old)
    for claim_id, date in dated.items():
        if date is None:
            dates.pop(claim_id, None)
        else:
            dates[claim_id] = date
    return redated


def _claim_key(new: Index) -> Callable[[str], tuple[dt.date, str]]:
    dates = new._claim_dates
    return lambda claim_id: (dates[claim_id], claim_id)


def _claim_links(claim: Claim | None) -> Iterable[tuple[str, str]]:
    """Each (list, key) of the index that holds ``claim``: as ``_Links._add_claim`` fills them."""
    if claim is None:
        return
    if claim.speaker:
        yield "_claims_by_person", claim.speaker
    if claim.via:
        yield "_claims_relayed_by", claim.via
    if claim.round:
        yield "_claims_by_round", claim.round
    reporters = [r.article for r in claim.reported_by]
    if claim.narrator:
        reporters.append(claim.narrator)
    for article in dict.fromkeys(reporters):
        yield "_claims_by_article", article


def _relink_claims(index: Index, new: Index, redated: set[str]) -> bool:
    """Take each redated claim out of its old lists and put it, in order, into its new ones.

    True when a claim's speaker changed, or a claim came or went (the sides' weights may have).
    """
    touched: dict[tuple[str, str], None] = {}
    for claim_id in redated:
        for link in _claim_links(_as(index.records.get(claim_id), Claim)):
            touched[link] = None
        for link in _claim_links(_as(new.records.get(claim_id), Claim)):
            touched[link] = None
    if not touched:
        return False
    copies: dict[str, dict[str, list[str]]] = {}
    key = _claim_key(new)
    for attr, owner in touched:
        table = copies.get(attr)
        if table is None:
            table = copies[attr] = dict(getattr(index, attr))
            setattr(new, attr, table)
        kept = [c for c in table.get(owner, ()) if c not in redated]
        for claim_id in redated:
            if (attr, owner) in _claim_links(_as(new.records.get(claim_id), Claim)):
                insort(kept, claim_id, key=key)
        if kept:
            table[owner] = kept
        else:
            table.pop(owner, None)
    return any(_speaker(index.records.get(c)) != _speaker(new.records.get(c)) for c in redated)


def _speaker(record: AnyRecord | None) -> str | None:
    return record.speaker if isinstance(record, Claim) else None


def _cited(record: AnyRecord | None) -> list[str]:
    """The articles a record cites, once per citation, as ``_Links.add`` counts them."""
    if isinstance(record, Claim):
        return _reporters(record)
    if isinstance(record, Round):
        cited = list(record.articles)
        for delegation in record.delegations:
            cited.extend(delegation.articles)
        return cited
    if isinstance(record, Person):
        return [role.article for role in record.roles]
    return []


def _reporters(claim: Claim) -> list[str]:
    return [owner for attr, owner in _claim_links(claim) if attr == "_claims_by_article"]


def _recount_citations(index: Index, new: Index, changes: Mapping[str, Change]) -> None:
    counts: dict[str, int] | None = None
    for record_id in changes:
        before, after = _cited(index.records.get(record_id)), _cited(new.records.get(record_id))
        if before == after:
            continue
        if counts is None:
            counts = new._citations = dict(index._citations)
        for article in before:
            counts[article] -= 1
            if not counts[article]:
                del counts[article]
        for article in after:
            counts[article] = counts.get(article, 0) + 1


def _recite(index: Index, new: Index, changes: Mapping[str, Change]) -> None:
    """Who cites each article (``Index.referrers``), for the rounds and people that changed."""
    if index._citing is None:
        index._citing = index._citers()  # made once, then kept up
    new._citing = index._citing
    table: dict[str, list[str]] | None = None
    for record_id in changes:
        before, after = index.records.get(record_id), new.records.get(record_id)
        if not isinstance(before, _CITING) and not isinstance(after, _CITING):
            continue
        was, now = _cited(before), _cited(after)
        if table is None:
            table = new._citing = dict(index._citing)
        for article in dict.fromkeys(was):
            table[article] = [i for i in table.get(article, ()) if i != record_id]
        for article in dict.fromkeys(now):
            table[article] = [*table.get(article, ()), record_id]


def _relink_rounds(index: Index, new: Index, changes: Mapping[str, Change]) -> None:
    """Each person's rounds, in load order (the order of the rounds' files)."""
    people: set[str] = set()
    rounds: set[str] = set()
    for record_id in changes:
        for version in (index.records.get(record_id), new.records.get(record_id)):
            if isinstance(version, Round):
                people.update(_round_people(version))
                rounds.add(record_id)
    if not people:
        return
    table = new._rounds_by_person = dict(index._rounds_by_person)

    for person in people:
        kept = [r for r in table.get(person, ()) if r not in rounds]
        for round_id in rounds:
            round_ = new.records.get(round_id)
            if isinstance(round_, Round) and person in _round_people(round_):
                kept.append(round_id)
        kept.sort(key=lambda i: _load_order(new, i))
        if kept:
            table[person] = kept
        else:
            table.pop(person, None)


def _reorder_claims(index: Index, new: Index, redated: set[str], result: Reindexed) -> None:
    """The claims in display order (date, then id), each redated claim moved to its place."""
    if not redated:
        return
    old_dates, dates = index._claim_dates, new._claim_dates
    moved = {
        c for c in redated if (c in old_dates) != (c in dates) or old_dates.get(c) != dates.get(c)
    }
    if not moved:
        return
    result.moved |= moved
    result.reordered.add(Kind.CLAIM)
    present = [c for c in moved if c in dates]
    key = _claim_key(new)
    if len(moved) > _RESORT_ABOVE:
        claims = [c for c in index._by_kind[Kind.CLAIM] if c not in moved]
        claims.extend(present)
        claims.sort(key=key)
    else:
        claims = list(index._by_kind[Kind.CLAIM])  # one copy in C, then a bisect each

        def old_key(claim_id: str) -> tuple[dt.date, str]:
            return (old_dates[claim_id], claim_id)

        for claim_id in moved:
            if claim_id in old_dates:
                del claims[bisect_left(claims, old_key(claim_id), key=old_key)]
        for claim_id in present:
            insort(claims, claim_id, key=key)
    new._by_kind = {**index._by_kind, Kind.CLAIM: claims}


def _reorder_others(
    index: Index, new: Index, changes: Mapping[str, Change], result: Reindexed, *, reweigh: bool
) -> None:
    """Rounds, articles and people sorted again when one of theirs changed.

    People are sorted by how many claims their side made, so a new speaker or
    side may move them all.
    """
    kinds: dict[Kind, list[str]] = {}
    for record_id in changes:
        for version in (index.records.get(record_id), new.records.get(record_id)):
            if version is not None and version.kind is not Kind.CLAIM:
                kinds.setdefault(version.kind, []).append(record_id)
    if Kind.PERSON in kinds or reweigh:
        new._side_weight = new._side_weights(new._claims_by_person)
    if new._side_weight != index._side_weight:
        kinds.setdefault(Kind.PERSON, [])
    if not kinds:
        return
    by_kind = new._by_kind = dict(new._by_kind)
    for kind, changed in kinds.items():
        ids = [i for i in index._by_kind[kind] if i not in changes]
        ids.extend(i for i in dict.fromkeys(changed) if _kind(new, i) is kind)
        if kind is Kind.PERSON:  # equal names keep the files' order, as at load
            ids.sort(key=lambda i: _load_order(new, i))
        by_kind[kind] = new._sorted(kind, ids)
        if by_kind[kind] != index._by_kind[kind]:
            result.reordered.add(kind)
            # The changed records are looked at again anyway; the others moved only if
            # their order among themselves did (people, when the sides' ranking changed).
            was = [i for i in index._by_kind[kind] if i not in changes]
            if was != [i for i in by_kind[kind] if i not in changes]:
                result.moved.update(was)


def _kind(new: Index, record_id: str) -> Kind | None:
    record = new.records.get(record_id)
    return record.kind if record is not None else None


def _load_order(new: Index, record_id: str) -> Any:
    path = new.paths[record_id]
    return PATH_ORDER(path) if PATH_ORDER else path


def _recontradict(
    index: Index, new: Index, changes: Mapping[str, Change], redated: set[str]
) -> None:
    """Each contradiction list a change can reach, made again as ``Index`` makes it."""
    owners: set[str] = set()
    for record_id in changes:
        owners.add(record_id)
        owners.update(index._contradictions.get(record_id, ()))  # lists it may come or go from
        for version in (index.records.get(record_id), new.records.get(record_id)):
            if isinstance(version, Claim):
                owners.update(version.contradicts)
    for claim_id in redated:
        owners.update(index._contradictions.get(claim_id, ()))  # its place in them moved
    if not owners:
        return
    table = new._contradictions = dict(index._contradictions)
    changed_claims = [c for c in changes if isinstance(new.records.get(c), Claim)]
    claims = new._by_kind[Kind.CLAIM]
    dates = new._claim_dates
    # ``Index`` sorts by place among the claims, and any other record as the first claim.
    first = (dates[claims[0]], claims[0]) if claims else (_NO_DATE, "")

    def order(i: str) -> tuple[dt.date, str]:
        return (dates[i], i) if isinstance(new.records.get(i), Claim) else first

    for owner in owners:
        found = set(_outgoing(new, owner))
        for other in [*index._contradictions.get(owner, ()), *changed_claims]:
            claim = _as(new.records.get(other), Claim)
            if claim is not None and owner in claim.contradicts:
                found.add(other)
        existing = sorted((i for i in found if i in new.records), key=order)
        if existing or owner in table:
            table[owner] = existing


def _outgoing(new: Index, owner: str) -> list[str]:
    claim = _as(new.records.get(owner), Claim)
    return list(claim.contradicts) if claim is not None else []


def _regroup(index: Index, new: Index, redated: set[str]) -> set[str]:
    """The contested points of the redated claims, their groups made again in date order."""
    points: set[str] = set()
    for claim_id in redated:
        for version in (index.records.get(claim_id), new.records.get(claim_id)):
            if isinstance(version, Claim):
                points.update(version.contested)
    groups = index._dispute_groups
    if not points:
        return points
    if groups is None:
        new._points = None
        return points
    by_point = dict(groups)
    key = _claim_key(new)
    for point in points:
        kept = [c for c in by_point.get(point, ()) if c not in redated]
        for claim_id in redated:
            claim = _as(new.records.get(claim_id), Claim)
            if claim is not None:
                kept.extend(claim_id for p in claim.contested if p == point)
        kept.sort(key=key)
        if kept:
            by_point[point] = kept
        else:
            by_point.pop(point, None)
    dates = new._claim_dates

    def group_key(group: tuple[str, list[str]]) -> tuple[dt.date, str]:
        return (dates.get(group[1][0], _NO_DATE), group[0])

    # The other groups keep their place: their claims, and so their dates, are as they were.
    regrouped = [group for group in groups if group[0] not in points]
    for point in points:
        if point in by_point:
            insort(regrouped, (point, by_point[point]), key=group_key)
    new._points = by_point
    new._dispute_groups = regrouped
    return points
