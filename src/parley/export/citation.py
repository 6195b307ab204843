"""What a citation says, before any format: who, what, when, where, and each report.

``claim_citation`` and ``article_source`` gather it from the index; ``cite.py``
writes it as text, ``markdown.py`` as Markdown and ``csl.py`` as CSL-JSON. The
strings here are the records' own, unescaped: each format escapes them its way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from parley.dossier.grades import badge
from parley.dossier.index import Index
from parley.dossier.model import MONTHS, Article, Claim, ClaimKind, Person, Round
from parley.dossier.text import side_label


class CiteError(ValueError):
    """The id names nothing citable: no record, or a person or a round."""


def day_text(date: dt.date | None) -> str:
    """``16 May 2025``, the way a citation gives a date; ``undated`` for none."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}" if date else "undated"


def grade(article: Article) -> str | None:
    """The article's source reliability (A-F), when the record carries one."""
    return article.reliability.value if article.reliability else None


@dataclass(frozen=True)
class Source:
    """An article as a citation names it, with the excerpt that reports the statement."""

    article_id: str
    outlet: str | None
    title: str
    published: dt.date | None
    url: str | None
    authors: tuple[str, ...]
    language: str
    reliability: str | None
    excerpt: str | None = None

    @property
    def outlet_text(self) -> str:
        return self.outlet or "outlet not named"


@dataclass(frozen=True)
class ClaimCitation:
    """One statement: who said it, what, when and where, and every report of it."""

    claim_id: str
    voice: Literal["person", "side", "narrator"]
    who: str
    role: str | None
    credited_as: str | None
    relayed_by: str | None
    kind: ClaimKind
    text: str
    said_on: dt.date | None
    reported_on: dt.date | None
    round_title: str | None
    place: str | None
    round_date: str | None
    occasion: str | None
    badge: str
    """The Admiralty grade as the app shows it (``dossier.grades.badge``), or empty."""
    reports: tuple[Source, ...]

    @property
    def is_quote(self) -> bool:
        return self.kind is ClaimKind.QUOTE

    @property
    def when(self) -> str:
        """When it was said, or when it was first reported, or that nobody says."""
        if self.said_on:
            return day_text(self.said_on)
        if self.reported_on:
            return f"reported {day_text(self.reported_on)}"
        return "date unknown"

    @property
    def where(self) -> str:
        """The round (title, place, date) and the occasion as the source gives it."""
        parts = [p for p in (self.round_title, self.place, self.round_date) if p]
        return "; ".join(p for p in (", ".join(parts), self.occasion or "") if p)

    @property
    def who_detail(self) -> str:
        """What follows the name: the role, or what kind of voice it is, and how it is credited."""
        details = {
            "person": [self.role or ""],
            "side": ["a side, no person named"],
            "narrator": ["the article in its own voice, crediting nobody"],
        }[self.voice]
        if self.credited_as:
            details.append(f"credited as “{self.credited_as}”")
        if self.relayed_by:
            details.append(f"relayed by {self.relayed_by}")
        return "; ".join(d for d in details if d)


def article_source(article: Article, excerpt: str | None = None) -> Source:
    """An article as a citation's source, with the excerpt it gives (if any)."""
    return Source(
        article_id=article.id,
        outlet=article.outlet,
        title=article.title,
        published=article.published,
        url=article.url,
        authors=tuple(article.authors),
        language=article.language,
        reliability=grade(article),
        excerpt=excerpt,
    )


def _reports(index: Index, claim: Claim) -> tuple[Source, ...]:
    sources = [
        article_source(article, report.excerpt)
        for report in claim.reported_by
        if (article := index.get_as(report.article, Article)) is not None
    ]
    narrator = index.get_as(claim.narrator, Article)
    if narrator is not None and all(s.article_id != narrator.id for s in sources):
        sources.insert(0, article_source(narrator))
    return tuple(sources)


def _role(person: Person, claim: Claim) -> str | None:
    """The person's role as an article reporting this claim gives it, else the first known."""
    reporting = [r.article for r in claim.reported_by]
    for article_id in reporting:
        for role in person.roles:
            if role.article == article_id:
                return role.title
    return person.role or None


def _who(
    index: Index, claim: Claim
) -> tuple[Literal["person", "side", "narrator"], str, str | None]:
    if claim.speaker:
        person = index.get_as(claim.speaker, Person)
        if person is None:
            return "person", claim.speaker, None
        return "person", person.name, _role(person, claim)
    if claim.side:
        return "side", side_label(claim.side), None
    narrator = index.get_as(claim.narrator, Article)
    name = (narrator.outlet or f"“{narrator.title}”") if narrator else str(claim.narrator)
    return "narrator", name, None


def claim_citation(index: Index, claim_id: str) -> ClaimCitation:
    """Everything a citation of the statement ``claim_id`` says."""
    claim = index.get_as(claim_id, Claim)
    if claim is None:
        raise CiteError(f"no statement with the id {claim_id!r}")
    voice, who, role = _who(index, claim)
    round_ = index.get_as(claim.round, Round)
    via = index.get_as(claim.via, Person)
    reports = _reports(index, claim)
    dates = [s.published for s in reports if s.published]
    return ClaimCitation(
        claim_id=claim_id,
        voice=voice,
        who=who,
        role=role,
        credited_as=claim.credited_as,
        relayed_by=via.name if via else claim.via,
        kind=claim.type,
        text=claim.text,
        said_on=claim.said_on,
        reported_on=min(dates) if dates else None,
        round_title=round_.title if round_ else None,
        place=round_.place if round_ else None,
        round_date=(day_text(round_.date) if round_.date else round_.when) if round_ else None,
        occasion=claim.occasion,
        badge=badge(index, claim_id),
        reports=reports,
    )
