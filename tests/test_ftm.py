"""The ``ftm`` export, loaded line by line through the ``followthemoney`` library itself."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from followthemoney import model
from followthemoney.types import registry

from parley.dossier.index import Index
from parley.dossier.load import load
from parley.dossier.model import Kind
from parley.export import ftm
from parley.export.scope import Scope

from .conftest import DOSSIERS
from .hostile_export import HOSTILE, every_string, graded_dossier, hostile_dossier, hostile_texts


@pytest.fixture(scope="module")
def index() -> Index:
    return load(DOSSIERS).index


def lines(index: Index, scope: Scope | None = None) -> list[dict[str, Any]]:
    text = ftm.export(index, scope or Scope())
    assert text.endswith("\n")
    # One entity per line, whichever way a reader splits lines.
    rows = text.splitlines()
    assert len(rows) == text.count("\n")
    return [json.loads(row) for row in rows]


def check_entities(entities: list[dict[str, Any]]) -> None:
    """Each entity valid for its FtM schema, each reference to an entity of the right schema."""
    by_id = {e["id"]: e for e in entities}
    assert len(by_id) == len(entities), "ids are unique"
    for data in entities:
        proxy = model.get_proxy(data, cleaned=False)
        schema = proxy.schema
        assert schema.name == data["schema"] and not schema.abstract
        assert registry.entity.validate(data["id"]), data["id"]
        assert schema.validate(data) is None
        props = data["properties"]
        assert set(schema.required) <= set(props), (data["id"], schema.required)
        for name, values in props.items():
            prop = schema.get(name)
            assert prop is not None, f"{schema.name} has no property {name}"
            assert values and not prop.stub
            for value in values:
                assert len(value) <= prop.type.max_length, (data["id"], name)
            if prop.type == registry.entity:
                for target in values:
                    assert target in by_id, f"{data['id']}.{name} -> {target} is missing"
                    target_schema = model.get(by_id[target]["schema"])
                    assert target_schema is not None and target_schema.is_a(prop.range), (
                        data["id"],
                        name,
                    )


def entity(entities: list[dict[str, Any]], entity_id: str) -> dict[str, list[str]]:
    [found] = [e for e in entities if e["id"] == entity_id]
    props: dict[str, list[str]] = found["properties"]
    return props


def test_every_line_of_the_fixture_is_a_valid_entity_and_every_reference_resolves(
    index: Index,
) -> None:
    entities = lines(index)
    check_entities(entities)
    schemata = {e["id"]: e["schema"] for e in entities}
    for kind, schema in [
        (Kind.PERSON, "Person"),
        (Kind.ROUND, "Event"),
        (Kind.ARTICLE, "Article"),
        (Kind.CLAIM, "Event"),
    ]:
        assert all(schemata[ftm.entity_id(i)] == schema for i in index.ids(kind))


def test_who_took_part_who_said_what_and_which_article_documents_it(index: Index) -> None:
    entities = lines(index)
    round_ = entity(entities, "parley-istanbul-2025-05-16")
    assert {"parley-vladimir-medinsky", "parley-rustem-umerov", "parley-hakan-fidan"} <= set(
        round_["involved"]
    )
    assert round_["date"] == ["2025-05-16"]
    said = entity(entities, "parley-medinsky-mood-after-talks-good")
    assert said["involved"] == ["parley-vladimir-medinsky"]
    assert said["description"] == ["Good."]
    assert said["date"] == ["2025-05-16"]
    documents = [
        e["properties"]
        for e in entities
        if e["schema"] == "Documentation"
        and e["properties"]["entity"] == ["parley-medinsky-mood-after-talks-good"]
    ]
    assert [d["document"] for d in documents] == [["parley-sputnik-2025-05-16"]]
    assert documents[0]["description"][0].startswith("The mood after talks in Istanbul")
    medinsky = entity(entities, "parley-vladimir-medinsky")
    assert medinsky["name"] == ["Vladimir Medinsky"]
    role = "member of the Ukrainian delegation from Zelensky’s office"
    assert entity(entities, "parley-alexander-bevz")["position"] == [role]
    assert {
        "document": ["parley-sputnik-2025-05-16"],
        "entity": ["parley-alexander-bevz"],
        "role": ["gives the role"],
        "description": [role],
    } in [e["properties"] for e in entities if e["schema"] == "Documentation"]


def test_contradictions_are_linked_once_per_pair(index: Index) -> None:
    entities = lines(index)
    pairs = [
        (e["properties"]["subject"][0], e["properties"]["object"][0])
        for e in entities
        if e["schema"] == "UnknownLink" and e["properties"]["role"] == ["contradicts"]
    ]
    expected = {
        tuple(sorted((ftm.entity_id(c), ftm.entity_id(o))))
        for c in index.ids(Kind.CLAIM)
        for o in index.contradictions(c)
    }
    assert pairs and sorted(pairs) == sorted(expected)


def test_a_scope_resolves_every_reference_within_itself(index: Index) -> None:
    for scope in (Scope(person="serhii-kyslytsia"), Scope(round="istanbul-2025-05-16")):
        entities = lines(index, scope)
        check_entities(entities)
        assert len(entities) < len(lines(index))


def test_languages_are_the_codes_followthemoney_keeps() -> None:
    for tag, code in ftm._ISO639_3.items():
        assert registry.language.clean_text(tag) == code, tag
    assert ftm._LANGUAGES == set(registry.language.LANGUAGES)
    assert ftm._language("en-GB") == "eng"
    assert ftm._language("xx") is None


def test_a_long_name_and_an_address_that_is_no_url_still_make_valid_entities(
    tmp_path: Path,
) -> None:
    folder = hostile_dossier(tmp_path)
    person = folder / "people" / "long.toml"
    person.write_text(f'name = "{"Name " * 100}"\nside = "ukraine"\n', encoding="utf-8")
    article = folder / "articles" / "print.toml"
    article.write_text(
        'title = "Print"\nurl = "see the print edition"\nlanguage = "en"\n'
        'outlet = "O"\noutlet_kind = "other"\npublished = 2025-01-01\nauthors = ["A"]\n',
        encoding="utf-8",
    )
    entities = lines(load(folder).index)
    check_entities(entities)
    name = entity(entities, "parley-long")["name"][0]
    assert name.endswith("…") and ("Name " * 100).startswith(name[:-1])
    assert "sourceUrl" not in entity(entities, "parley-print")
    assert entity(entities, "parley-report")["sourceUrl"] == [
        "https://example.org/a?b=1&c=%22%3C/script%3E"
    ]


def test_hostile_text_survives_exactly(tmp_path: Path) -> None:
    index = load(hostile_dossier(tmp_path)).index
    entities = lines(index)
    check_entities(entities)
    found = {s for e in entities for s in every_string(e) if HOSTILE in s}
    # Nothing is altered: every hostile string in the output is a record's text as written.
    assert found <= hostile_texts(index)
    for tag in ("quote", "paraphrase", "excerpt one", "name", "alias two", "role", "title"):
        assert f"{tag}: {HOSTILE}" in found, tag
    assert entity(entities, "parley-anna-quote")["description"] == [f"quote: {HOSTILE}"]


def grades(props: dict[str, list[str]]) -> list[str]:
    return [k for k in props.get("keywords", []) if k.startswith("Admiralty grade")]


def test_graded_statements_and_articles_carry_their_grade_in_words(tmp_path: Path) -> None:
    index = load(graded_dossier(tmp_path)).index
    for scope in (Scope(), Scope(person="umerov")):
        check_entities(lines(index, scope))
    entities = lines(index)
    both = entity(entities, "parley-both")
    assert both["keywords"] == [
        "quote",
        "Admiralty grade B2 (source reliability B: usually reliable, the best of the articles "
        "that report it; information credibility 2: probably true)",
    ]
    assert grades(entity(entities, "parley-partial")) == [
        "Admiralty grade ?3 (source reliability not graded; information credibility 3: "
        "possibly true)"
    ]
    assert grades(entity(entities, "parley-letter-only")) == [
        "Admiralty grade D? (source reliability D: not usually reliable, the best of the "
        "articles that report it; information credibility not graded)"
    ]
    assert entity(entities, "parley-tass")["keywords"] == [
        "Admiralty grade D (source reliability D: not usually reliable)"
    ]
    assert entity(entities, "parley-wire")["keywords"] == [
        "Admiralty grade B (source reliability B: usually reliable)"
    ]
    assert entity(entities, "parley-ungraded")["keywords"] == ["quote"]
    assert "keywords" not in entity(entities, "parley-blog")


def test_an_ungraded_dossier_has_no_grades(index: Index) -> None:
    assert not any(grades(e["properties"]) for e in lines(index))
