"""The ``json`` export: every record and link of a dossier (or of a scope), for scripts.

Each record carries its id and every key of its kind, as written in its file
(``null``, ``[]`` or ``{}`` where the file gives none; dates as ISO strings; the
``[unknown]`` explanations under ``unknown``), and, apart under ``links``, what
the dossier derives from them: a claim's reporting articles and the claims that
contradict it either way, a person's claims and rounds, a round's people and
claims, an article's claims. Links name only records in the same export. The
shape is described by ``dossier-export.schema.json`` beside this module.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from typing import Any

from parley.dossier.index import Index
from parley.dossier.model import AnyRecord, Article, Claim, Kind, Person, Round
from parley.export.encode import collector_paused, encode
from parley.export.scope import Scope

FORMAT = "parley-dossier"
VERSION = 1
SCHEMA_FILE = "dossier-export.schema.json"

_LISTS: dict[Kind, str] = {
    Kind.ROUND: "rounds",
    Kind.PERSON: "people",
    Kind.CLAIM: "claims",
    Kind.ARTICLE: "articles",
}


def schema_text() -> str:
    """The JSON Schema of this export, as shipped in the package."""
    return resources.files("parley.export").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


def export(index: Index, scope: Scope) -> str:
    """The records in ``scope`` with their links, as one JSON document."""
    with collector_paused():
        return encode(document(index, scope))


def document(index: Index, scope: Scope) -> dict[str, Any]:
    """The export as plain JSON values."""
    ids = scope.records(index)
    wanted = set(ids)
    doc: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "scope": {"person": scope.person, "round": scope.round, "point": scope.point},
        **{name: [] for name in _LISTS.values()},
    }
    for record_id in ids:
        record = index.get(record_id)
        if record is not None:
            doc[_LISTS[record.kind]].append(_record(index, record, wanted))
    doc["disputes"] = _disputes(index, wanted)
    return doc


def _record(index: Index, record: AnyRecord, wanted: set[str]) -> dict[str, Any]:
    """One record: its id, its keys as written, and its links within the export."""
    fields = record.model_dump(mode="json")
    links = {name: [i for i in ids if i in wanted] for name, ids in _links(index, record).items()}
    return {"id": record.id, **fields, "links": links}


def _links(index: Index, record: AnyRecord) -> dict[str, list[str]]:
    """What the dossier derives about a record, by link name."""
    if isinstance(record, Claim):
        return {
            "articles": index.articles_reporting(record.id),
            "contradictions": index.contradictions(record.id),
        }
    if isinstance(record, Person):
        return {
            "claims": index.claims_by_person(record.id),
            "relayed": index.claims_relayed_by(record.id),
            "rounds": index.rounds_of_person(record.id),
        }
    if isinstance(record, Round):
        return {
            "people": index.people_of_round(record.id),
            "claims": index.claims_of_round(record.id),
        }
    if isinstance(record, Article):
        return {"claims": index.claims_reported_by(record.id)}
    return {}


def _disputes(index: Index, wanted: set[str]) -> list[dict[str, Any]]:
    """Each contested point with its claims in the export, in date order."""
    keep: Callable[[str], bool] = wanted.__contains__
    points = []
    for dispute in index.disputes():
        claims = [c for c in dispute.claims if keep(c)]
        if claims:
            points.append({"point": dispute.topic, "claims": claims})
    return points
