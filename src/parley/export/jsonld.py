"""The ``jsonld`` export: schema.org JSON-LD of the statements, who made them and who reported them.

A direct quote is a ``Quotation`` (``spokenByCharacter`` the speaker, ``citation``
the reporting articles), a paraphrase a ``Claim`` (``author`` the speaker,
``appearance`` the reporting articles); both carry the exact ``text``, the day it
was said as ``dateCreated`` and the round as ``about``. Rounds are ``Event``s
(``attendee``: the chair and the delegations), people ``Person``s (aliases as
``alternateName``, roles as ``jobTitle``, their side as ``affiliation``), articles
``NewsArticle``s with ``headline``, ``url``, ``datePublished``, ``author`` and
``publisher`` (with the side whose state runs or funds the outlet as its
``funder``). A graded statement or article carries its Admiralty grade as
``contentRating``, a ``Rating`` whose ``ratingValue`` is the badge (``B2``) and
whose ``ratingExplanation`` names the scales and what each part means. Every
node carries the record id as ``identifier`` and ``_:<id>`` as ``@id``. ``<``,
``>`` and ``&`` are written as JSON escapes, so the document can be pasted into
an HTML ``<script type="application/ld+json">`` as it is.
"""

from __future__ import annotations

from typing import Any

from parley.dossier.index import Index
from parley.dossier.model import Article, Claim, ClaimKind, Person, Round
from parley.export.admiralty import Grade, article_grade, claim_grade
from parley.export.encode import collector_paused, encode, is_web_url
from parley.export.scope import Scope

Node = dict[str, Any]

# What would end a <script> element or start markup, and line ends JavaScript rejects.
_ESCAPES = str.maketrans(
    {
        "<": "\\u003c",
        ">": "\\u003e",
        "&": "\\u0026",
        "\u2028": "\\u2028",
        "\u2029": "\\u2029",
    }
)


def export(index: Index, scope: Scope) -> str:
    """The records in ``scope`` as one schema.org JSON-LD document."""
    with collector_paused():
        return encode(document(index, scope)).translate(_ESCAPES)


def document(index: Index, scope: Scope) -> Node:
    """The JSON-LD document as plain JSON values."""
    ids = scope.records(index)
    wanted = set(ids)
    graph: list[Node] = []
    sides: dict[str, None] = {}
    for record_id in ids:
        record = index.get(record_id)
        if isinstance(record, Round):
            graph.append(_round(record, wanted))
        elif isinstance(record, Person):
            graph.append(_person(record))
            sides[record.side] = None
        elif isinstance(record, Article):
            graph.append(_article(record))
            if record.affiliation:
                sides[record.affiliation] = None
        elif isinstance(record, Claim):
            graph.append(_claim(index, record, wanted))
            if record.side:
                sides[record.side] = None
    graph.extend(_side(side) for side in sides)
    return {"@context": "https://schema.org", "@graph": graph}


def node_id(record_id: str) -> str:
    """The node id of a record: a blank node named after it."""
    return f"_:{record_id}"


def side_node_id(side: str) -> str:
    # A dot, which no record id has, keeps a side's node apart from every record's.
    return f"_:side.{side}"


def _ref(record_id: str) -> Node:
    return {"@id": node_id(record_id)}


def _node(kind: str, record_id: str, **values: Any) -> Node:
    """A node with only the values that are given."""
    given = {k: v for k, v in values.items() if v not in (None, [], "")}
    return {"@type": kind, "@id": node_id(record_id), "identifier": record_id, **given}


def _side(side: str) -> Node:
    return {"@type": "Organization", "@id": side_node_id(side), "name": side}


def _round(round_: Round, wanted: set[str]) -> Node:
    people = [round_.chair] if round_.chair else []
    articles = list(round_.articles)
    for delegation in round_.delegations:
        people.extend(delegation.people)
        articles.extend(delegation.articles)
    location: Node | str = round_.place
    if round_.venue:
        location = {"@type": "Place", "name": round_.venue, "address": round_.place}
    return _node(
        "Event",
        round_.id,
        name=round_.title,
        startDate=round_.date.isoformat() if round_.date else None,
        location=location,
        attendee=[_ref(p) for p in dict.fromkeys(people) if p in wanted],
        subjectOf=[_ref(a) for a in dict.fromkeys(articles) if a in wanted],
    )


def _person(person: Person) -> Node:
    return _node(
        "Person",
        person.id,
        name=person.name,
        alternateName=list(person.aliases),
        jobTitle=[role.title for role in person.roles],
        affiliation={"@id": side_node_id(person.side)},
    )


def _rating(grade: Grade | None) -> Node | None:
    """A grade as a schema.org ``Rating``: the badge, and the scales and meanings in words."""
    if grade is None:
        return None
    return {
        "@type": "Rating",
        "ratingValue": grade.badge,
        "ratingExplanation": grade.explanation,
    }


def _publisher(article: Article) -> Node | None:
    """The outlet, funded by the side whose state runs or funds it (when the record says)."""
    if not (article.outlet or article.affiliation):
        return None
    publisher: Node = {"@type": "Organization"}
    if article.outlet:
        publisher["name"] = article.outlet
    if article.affiliation:
        publisher["funder"] = {"@id": side_node_id(article.affiliation)}
    return publisher


def _article(article: Article) -> Node:
    return _node(
        "NewsArticle",
        article.id,
        headline=article.title,
        url=article.url if article.url and is_web_url(article.url) else None,
        datePublished=article.published.isoformat() if article.published else None,
        author=[{"@type": "Person", "name": name} for name in article.authors],
        publisher=_publisher(article),
        inLanguage=article.language,
        contentRating=_rating(article_grade(article)),
    )


def _claim(index: Index, claim: Claim, wanted: set[str]) -> Node:
    speaker: Node | None = None
    if claim.speaker and claim.speaker in wanted:
        speaker = _ref(claim.speaker)
    elif claim.side:
        speaker = {"@id": side_node_id(claim.side)}
    articles = [_ref(a) for a in index.articles_reporting(claim.id) if a in wanted]
    quote = claim.type is ClaimKind.QUOTE
    return _node(
        "Quotation" if quote else "Claim",
        claim.id,
        text=claim.text,
        dateCreated=claim.said_on.isoformat() if claim.said_on else None,
        about=_ref(claim.round) if claim.round and claim.round in wanted else None,
        keywords=list(claim.topics),
        contentRating=_rating(claim_grade(index, claim)),
        **({"spokenByCharacter": speaker, "citation": articles} if quote else {}),
        **({} if quote else {"author": speaker, "appearance": articles}),
    )
