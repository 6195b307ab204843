"""The ``ftm`` export: FollowTheMoney entities as JSON lines, as Aleph and OpenSanctions read.

Each record becomes the entity FtM has for it, with the id ``parley-<record id>``:
a person a ``Person`` (aliases as ``alias``, roles as ``position``); a round an
``Event`` (``involved``: the chair and every delegation's people and sides); an
article an ``Article``; a statement an ``Event`` too, since FtM has no schema for
a statement and a statement is something that happened on a day: ``description``
holds its exact text, ``involved`` who said it (a person, or a side when only a
side is credited), ``date`` when. Sides are ``Organization`` entities and each
person's side a ``Membership``. Which article documents what is a
``Documentation`` (``document`` the article, ``entity`` the statement, round or
person, the excerpt or the role it gives as ``description``); a statement about
a round, one relayed by a person and two statements that contradict each other
are ``UnknownLink``s with their ``role`` saying which. A graded statement or
article carries its Admiralty grade in words among its ``keywords``
(``Admiralty grade B2 (source reliability B: …; information credibility 2: …)``).
Every reference names an entity in the same output.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

from parley.dossier.index import Index
from parley.dossier.model import Article, Claim, Person, Round
from parley.export.admiralty import Grade, article_grade, claim_grade
from parley.export.encode import collector_paused, is_web_url
from parley.export.scope import Scope

Entity = dict[str, Any]

# FtM's ``name`` type takes at most this many characters; longer names are invalid.
NAME_LENGTH = 380

# FtM keeps languages as ISO 639-3 codes from its own list; a dossier uses BCP 47
# tags (``en``, ``uk``). Each code of that list, by its two-letter form where one exists.
_ISO639_3 = {
    "af": "afr", "am": "amh", "ar": "ara", "az": "aze", "be": "bel", "bn": "ben",
    "bs": "bos", "bg": "bul", "ca": "cat", "cs": "ces", "da": "dan", "de": "deu",
    "el": "ell", "en": "eng", "et": "est", "fa": "fas", "fi": "fin", "fr": "fra",
    "ga": "gle", "he": "heb", "hi": "hin", "hr": "hrv", "hu": "hun", "hy": "hye",
    "id": "ind", "is": "isl", "it": "ita", "ja": "jpn", "kn": "kan", "ka": "kat",
    "kk": "kaz", "km": "khm", "ky": "kir", "ko": "kor", "lo": "lao", "lv": "lav",
    "lt": "lit", "lb": "ltz", "mk": "mkd", "mt": "mlt", "mn": "mon", "ms": "msa",
    "my": "mya", "ne": "nep", "nl": "nld", "no": "nor", "pl": "pol", "pt": "por",
    "ps": "pus", "ro": "ron", "ru": "rus", "si": "sin", "sk": "slk", "sl": "slv",
    "es": "spa", "sq": "sqi", "sr": "srp", "sw": "swa", "sv": "swe", "ta": "tam",
    "te": "tel", "tg": "tgk", "tl": "tgl", "th": "tha", "tk": "tuk", "tr": "tur",
    "uk": "ukr", "ur": "urd", "uz": "uzb", "vi": "vie", "zh": "zho",
}  # fmt: skip
_LANGUAGES = frozenset(_ISO639_3.values()) | {"cnr", "fil", "mul"}


def export(index: Index, scope: Scope) -> str:
    """The records in ``scope`` and their links, one FtM entity per line."""
    with collector_paused():
        return "".join(_line(entity) + "\n" for entity in entities(index, scope))


def entities(index: Index, scope: Scope) -> list[Entity]:
    """The entities of the export, each a dict of ``id``, ``schema`` and ``properties``."""
    ids = scope.records(index)
    wanted = set(ids)
    out: dict[str, Entity] = {}
    for record_id in ids:
        for entity in _record_entities(index, record_id, wanted):
            out.setdefault(entity["id"], entity)
    return list(out.values())


def _line(entity: Entity) -> str:
    """One JSON line: controls are escaped by ``json``, and so are the characters that
    other line splitters (Python's ``splitlines``, JavaScript) take for a line end."""
    text = json.dumps(entity, ensure_ascii=False, separators=(",", ":"))
    return text.replace("\x85", "\\u0085").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def entity_id(record_id: str) -> str:
    """The stable FtM id of a record."""
    return f"parley-{record_id}"


# Records' entities are ``parley-<id>``; the rest carry a dot, which no record id has,
# so a side or a link can never take a record's id.
def side_id(side: str) -> str:
    return f"parley.side.{side}"


def _link_id(*parts: str) -> str:
    """A stable id for a link, from what it joins (record ids may be too long to concatenate)."""
    digest = hashlib.sha1("\x1f".join(parts).encode(), usedforsecurity=False).hexdigest()
    return f"parley.{parts[0]}.{digest}"


def _entity(entity_id: str, schema: str, **properties: list[str]) -> Entity:
    """An entity with only the properties that have values."""
    props = {name: values for name, values in properties.items() if values}
    return {"id": entity_id, "schema": schema, "properties": props}


def _opt(value: str | None) -> list[str]:
    return [value] if value else []


def _record_entities(index: Index, record_id: str, wanted: set[str]) -> Iterator[Entity]:
    record = index.get(record_id)
    if isinstance(record, Person):
        yield from _person(record, wanted)
    elif isinstance(record, Round):
        yield from _round(record, wanted)
    elif isinstance(record, Article):
        yield _article(record)
    elif isinstance(record, Claim):
        yield from _claim(index, record, wanted)


def _side(side: str) -> Entity:
    return _entity(side_id(side), "Organization", name=[side])


def _person(person: Person, wanted: set[str]) -> Iterator[Entity]:
    yield _entity(
        entity_id(person.id),
        "Person",
        name=[_name(person.name)],
        alias=[_name(alias) for alias in person.aliases],
        position=[role.title for role in person.roles],
        notes=_opt(person.notes),
    )
    for role in person.roles:
        if role.article in wanted:
            yield _documentation(role.article, person.id, "gives the role", role.title)
    yield _side(person.side)
    yield _entity(
        _link_id("side", person.id, person.side),
        "Membership",
        member=[entity_id(person.id)],
        organization=[side_id(person.side)],
    )


def _round(round_: Round, wanted: set[str]) -> Iterator[Entity]:
    people = [round_.chair] if round_.chair else []
    for delegation in round_.delegations:
        people.extend(delegation.people)
        yield _side(delegation.side)
    involved = [entity_id(p) for p in dict.fromkeys(people) if p in wanted]
    involved += [side_id(d.side) for d in round_.delegations]
    yield _entity(
        entity_id(round_.id),
        "Event",
        name=[_name(round_.title)],
        date=_opt(round_.date.isoformat() if round_.date else None),
        summary=_opt(round_.when),
        location=[round_.place, *_opt(round_.venue)],
        involved=involved,
        notes=_opt(round_.notes),
    )
    articles = list(round_.articles)
    for delegation in round_.delegations:
        articles.extend(delegation.articles)
    for article in dict.fromkeys(articles):
        if article in wanted:
            yield _documentation(article, round_.id, "reports")


def _article(article: Article) -> Entity:
    return _entity(
        entity_id(article.id),
        "Article",
        title=[article.title],
        author=list(article.authors),
        publisher=_opt(article.outlet),
        publishedAt=_opt(article.published.isoformat() if article.published else None),
        sourceUrl=_opt(article.url if article.url and is_web_url(article.url) else None),
        language=_opt(_language(article.language)),
        keywords=_grade(article_grade(article)),
        notes=_opt(article.notes),
    )


def _claim(index: Index, claim: Claim, wanted: set[str]) -> Iterator[Entity]:
    speaker = [entity_id(claim.speaker)] if claim.speaker in wanted else []
    if claim.side:
        speaker = [side_id(claim.side)]
        yield _side(claim.side)
    yield _entity(
        entity_id(claim.id),
        "Event",
        name=[_name(claim.title_text)],
        description=[claim.text],
        summary=_opt(claim.occasion),
        date=_opt(claim.said_on.isoformat() if claim.said_on else None),
        involved=speaker,
        keywords=[claim.type.value, *claim.topics, *_grade(claim_grade(index, claim))],
        notes=_opt(claim.notes),
    )
    for report in claim.reported_by:
        if report.article in wanted:
            yield _documentation(report.article, claim.id, "reports", report.excerpt)
    if claim.narrator and claim.narrator in wanted:
        yield _documentation(claim.narrator, claim.id, "states")
    if claim.round and claim.round in wanted:
        yield _unknown_link(claim.id, claim.round, "about the round")
    if claim.via and claim.via in wanted:
        yield _unknown_link(claim.via, claim.id, "relayed")
    for other in index.contradictions(claim.id):
        if other in wanted:
            first, second = sorted((claim.id, other))
            yield _unknown_link(first, second, "contradicts")


def _documentation(article: str, record: str, role: str, excerpt: str | None = None) -> Entity:
    return _entity(
        _link_id("doc", article, record, excerpt or ""),
        "Documentation",
        document=[entity_id(article)],
        entity=[entity_id(record)],
        role=[role],
        description=_opt(excerpt),
    )


def _unknown_link(subject: str, object_: str, role: str) -> Entity:
    return _entity(
        _link_id(role.replace(" ", "-"), subject, object_),
        "UnknownLink",
        subject=[entity_id(subject)],
        object=[entity_id(object_)],
        role=[role],
    )


def _grade(grade: Grade | None) -> list[str]:
    return [grade.text] if grade else []


def _name(text: str) -> str:
    """A name FtM accepts: the text itself, or its start cut at a word when it is longer."""
    if len(text) <= NAME_LENGTH:
        return text
    head = text[: NAME_LENGTH - 1]
    space = head.rfind(" ")
    return (head[:space] if space > NAME_LENGTH // 2 else head) + "…"


def _language(tag: str) -> str | None:
    """The ISO 639-3 code FtM keeps for a BCP 47 tag, or None when FtM has no such language."""
    primary = tag.split("-", 1)[0].lower()
    code = _ISO639_3.get(primary, primary)
    return code if code in _LANGUAGES else None
