"""The ``jsonld`` export, checked against schema.org's own definitions of every type and property
used (the vocabulary release kept in tests/schemas)."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from parley.dossier.grades import badge
from parley.dossier.index import Index
from parley.dossier.load import load
from parley.dossier.model import Claim, ClaimKind, Kind
from parley.export import jsonld
from parley.export.scope import Scope

from .conftest import DOSSIERS
from .hostile_export import HOSTILE, every_string, graded_dossier, hostile_dossier, hostile_texts

VOCABULARY = Path(__file__).parent / "schemas" / "schemaorg-current-https-30.0.jsonld"
# Values written as JSON strings, by the schema.org data type they stand for.
STRING_TYPES = {"Text", "URL", "Date", "DateTime"}


class Vocabulary:
    """schema.org's classes and properties, by their short names."""

    def __init__(self, graph: list[dict[str, Any]]) -> None:
        def names(value: Any) -> list[str]:
            items = value if isinstance(value, list) else [value] if value else []
            return [i["@id"].removeprefix("schema:") for i in items]

        nodes = {n["@id"].removeprefix("schema:"): n for n in graph}
        self.parents = {k: names(n.get("rdfs:subClassOf")) for k, n in nodes.items()}
        types = {k: n["@type"] for k, n in nodes.items()}
        self.classes = {
            k for k, t in types.items() if "rdfs:Class" in (t if isinstance(t, list) else [t])
        }
        self.properties = {k: nodes[k] for k, t in types.items() if t == "rdf:Property"}
        self.domains = {
            k: names(p.get("schema:domainIncludes")) for k, p in self.properties.items()
        }
        self.ranges = {k: names(p.get("schema:rangeIncludes")) for k, p in self.properties.items()}
        self.superseded = {k for k, n in nodes.items() if "schema:supersededBy" in n}

    def ancestors(self, kind: str) -> set[str]:
        """``kind`` and every type it is a subclass of."""
        seen = {kind}
        todo = [kind]
        while todo:
            for parent in self.parents.get(todo.pop(), []):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen


@cache
def vocabulary() -> Vocabulary:
    return Vocabulary(json.loads(VOCABULARY.read_text(encoding="utf-8"))["@graph"])


@pytest.fixture(scope="module")
def index() -> Index:
    return load(DOSSIERS).index


def check_document(doc: dict[str, Any]) -> None:
    """Every type and property is schema.org's, used on a type in its domain with a value
    of a type in its range; every ``@id`` reference names a node of the graph."""
    assert doc["@context"] == "https://schema.org"
    graph = doc["@graph"]
    nodes = {n["@id"]: n for n in graph}
    assert len(nodes) == len(graph)
    for node in graph:
        check_node(node, nodes)


def check_node(node: dict[str, Any], nodes: dict[str, dict[str, Any]]) -> None:
    vocab = vocabulary()
    kind = node["@type"]
    assert kind in vocab.classes and kind not in vocab.superseded, kind
    for name, value in node.items():
        if name.startswith("@"):
            continue
        assert name in vocab.properties and name not in vocab.superseded, name
        assert vocab.ancestors(kind) & set(vocab.domains[name]), f"{kind} is not in {name}'s domain"
        for item in value if isinstance(value, list) else [value]:
            check_value(name, item, nodes)


def check_value(name: str, item: Any, nodes: dict[str, dict[str, Any]]) -> None:
    vocab = vocabulary()
    allowed = set(vocab.ranges[name])
    if isinstance(item, str):
        # A string is Text, or a URL or Date (schema.org data types written as text).
        assert allowed & STRING_TYPES or any(vocab.ancestors(r) & {"Text"} for r in allowed), name
        if allowed <= {"Date", "DateTime"}:
            dt.date.fromisoformat(item)
        if allowed == {"URL"}:
            assert item.startswith(("http://", "https://")), item
        return
    assert isinstance(item, dict), (name, item)
    if set(item) == {"@id"}:
        assert item["@id"] in nodes, f"{name} -> {item['@id']} is not in the graph"
        item_type = nodes[item["@id"]]["@type"]
    else:
        check_node(item, nodes)
        item_type = item["@type"]
    assert vocab.ancestors(item_type) & allowed, f"{item_type} is not in {name}'s range"


def exported(index: Index, scope: Scope | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(jsonld.export(index, scope or Scope()))
    return doc


def graph_by_id(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {n["@id"]: n for n in doc["@graph"]}


def test_the_vocabulary_knows_what_the_export_relies_on() -> None:
    vocab = vocabulary()
    assert "Claim" in vocab.domains["appearance"] and "Quotation" in vocab.classes
    assert vocab.ancestors("NewsArticle") >= {"Article", "CreativeWork", "Thing"}
    assert (
        "CreativeWork" in vocab.domains["contentRating"]
        and "Rating" in vocab.ranges["contentRating"]
    )
    assert vocab.domains["ratingExplanation"] == ["Rating"]
    assert "Organization" in vocab.domains["funder"]


def test_the_fixture_uses_schema_org_as_defined(index: Index) -> None:
    doc = exported(index)
    check_document(doc)
    types = {n["identifier"]: n["@type"] for n in doc["@graph"] if "identifier" in n}
    for claim_id in index.ids(Kind.CLAIM):
        claim = index.get_as(claim_id, Claim)
        assert claim is not None
        assert types[claim_id] == ("Quotation" if claim.type is ClaimKind.QUOTE else "Claim")
    assert {types[i] for i in index.ids(Kind.ROUND)} == {"Event"}
    assert {types[i] for i in index.ids(Kind.PERSON)} == {"Person"}
    assert {types[i] for i in index.ids(Kind.ARTICLE)} == {"NewsArticle"}


def test_statements_say_who_what_when_about_which_round_and_where_reported(index: Index) -> None:
    nodes = graph_by_id(exported(index))
    quote = nodes["_:medinsky-mood-after-talks-good"]
    assert quote["@type"] == "Quotation"
    assert quote["text"] == "Good."
    assert quote["spokenByCharacter"] == {"@id": "_:vladimir-medinsky"}
    assert quote["dateCreated"] == "2025-05-16"
    assert quote["about"] == {"@id": "_:istanbul-2025-05-16"}
    assert quote["citation"] == [{"@id": "_:sputnik-2025-05-16"}]
    claims = [n for n in nodes.values() if n["@type"] == "Claim"]
    assert claims and all(n["appearance"] for n in claims)
    paraphrase = nodes["_:putin-rejected-ceasefire-draft"]
    assert paraphrase["author"] == {"@id": "_:vladimir-putin"}
    assert paraphrase["appearance"] == [{"@id": "_:pism-bulletin-2025-05-20"}]
    assert nodes["_:vladimir-medinsky"]["name"] == "Vladimir Medinsky"
    round_ = nodes["_:istanbul-2025-05-16"]
    assert round_["location"] == {
        "@type": "Place",
        "name": "Dolmabahçe Palace",
        "address": "Istanbul, Türkiye",
    }
    assert {"@id": "_:hakan-fidan"} in round_["attendee"]


def test_a_scope_refers_only_to_its_own_nodes(index: Index) -> None:
    doc = exported(index, Scope(round="istanbul-2025-05-16"))
    check_document(doc)
    assert len(doc["@graph"]) < len(exported(index)["@graph"])


def test_an_article_names_its_publisher_authors_and_url(tmp_path: Path) -> None:
    nodes = graph_by_id(exported(load(hostile_dossier(tmp_path)).index))
    article = nodes["_:report"]
    assert article["@type"] == "NewsArticle"
    assert article["headline"] == f"title: {HOSTILE}"
    assert article["publisher"] == {"@type": "Organization", "name": f"outlet: {HOSTILE}"}
    assert article["author"][1] == {"@type": "Person", "name": f"author two: {HOSTILE}"}
    assert article["url"] == "https://example.org/a?b=1&c=%22%3C/script%3E"
    assert article["datePublished"] == "2025-05-16"
    assert nodes["_:anna"]["alternateName"] == [f"alias one: {HOSTILE}", f"alias two: {HOSTILE}"]


def test_hostile_text_survives_exactly_and_cannot_end_a_script_element(tmp_path: Path) -> None:
    index = load(hostile_dossier(tmp_path)).index
    text = jsonld.export(index, Scope())
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    doc = json.loads(text)
    check_document(doc)
    found = {s for s in every_string(doc) if HOSTILE in s}
    assert found <= hostile_texts(index)
    for tag in ("quote", "paraphrase", "side claim", "name", "role", "round title", "venue"):
        assert f"{tag}: {HOSTILE}" in found, tag


def test_graded_statements_and_articles_carry_their_admiralty_grade(tmp_path: Path) -> None:
    index = load(graded_dossier(tmp_path)).index
    doc = exported(index)
    check_document(doc)
    nodes = graph_by_id(doc)
    for claim_id, shown in [("both", "B2"), ("partial", "?3"), ("letter-only", "D?")]:
        rating = nodes[f"_:{claim_id}"]["contentRating"]
        assert rating["@type"] == "Rating"
        assert rating["ratingValue"] == shown == badge(index, claim_id)
        assert rating["ratingExplanation"].startswith(f"Admiralty (NATO) grade {shown}: ")
    explanation = nodes["_:both"]["contentRating"]["ratingExplanation"]
    assert "from A (completely reliable) to F (reliability cannot be judged)" in explanation
    assert "from 1 (confirmed by other sources) to 6 (truth cannot be judged)" in explanation
    assert explanation.endswith(
        "Source reliability B: usually reliable, the best of the articles that report it; "
        "information credibility 2: probably true."
    )
    assert (
        "information credibility not graded"
        in nodes["_:letter-only"]["contentRating"]["ratingExplanation"]
    )
    tass = nodes["_:tass"]["contentRating"]
    assert tass["ratingValue"] == "D"
    assert tass["ratingExplanation"].endswith("Source reliability D: not usually reliable.")
    assert "credibility" not in tass["ratingExplanation"]
    assert nodes["_:wire"]["contentRating"]["ratingValue"] == "B"
    assert "contentRating" not in nodes["_:ungraded"]
    assert "contentRating" not in nodes["_:blog"]


def test_an_ungraded_dossier_has_no_ratings(index: Index) -> None:
    assert not any("contentRating" in node for node in exported(index)["@graph"])


def test_a_state_outlet_is_funded_by_its_side(tmp_path: Path) -> None:
    index = load(graded_dossier(tmp_path)).index
    # Umerov's page holds no Russian person: the side's node is there for the outlet alone.
    for scope in (Scope(), Scope(person="umerov")):
        doc = exported(index, scope)
        check_document(doc)
        nodes = graph_by_id(doc)
        assert nodes["_:tass"]["publisher"] == {
            "@type": "Organization",
            "name": "TASS",
            "funder": {"@id": "_:side.russia"},
        }
        assert nodes["_:side.russia"] == {
            "@type": "Organization",
            "@id": "_:side.russia",
            "name": "russia",
        }
    assert "_:medinsky" not in nodes
    assert "funder" not in graph_by_id(exported(index))["_:wire"]["publisher"]
