"""The ``json`` export: every record and link, checked against its own JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, ValidationError

from parley.dossier.index import Index
from parley.dossier.load import load
from parley.dossier.model import Article, Claim, Kind, Person, Round
from parley.export import records_json
from parley.export.scope import Scope

from .conftest import DOSSIERS
from .hostile_export import HOSTILE, every_string, hostile_dossier, hostile_texts

MODELS = {"rounds": Round, "people": Person, "claims": Claim, "articles": Article}


@pytest.fixture(scope="module")
def index() -> Index:
    return load(DOSSIERS).index


def validate(doc: dict[str, Any]) -> None:
    schema = json.loads(records_json.schema_text())
    Draft202012Validator.check_schema(schema)
    checker = Draft202012Validator.FORMAT_CHECKER
    Draft202012Validator(schema, format_checker=checker).validate(doc)


def exported(index: Index, scope: Scope | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(records_json.export(index, scope or Scope()))
    return doc


def by_id(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for name in MODELS for r in doc[name]}


def test_the_whole_fixture_exports_every_record_valid_for_the_schema(index: Index) -> None:
    doc = exported(index)
    validate(doc)
    assert doc["format"] == "parley-dossier" and doc["version"] == 1
    for name, model in MODELS.items():
        assert [r["id"] for r in doc[name]] == index.ids(model.kind)


def test_each_record_is_rebuilt_exactly_from_its_export(index: Index) -> None:
    doc = exported(index)
    for name, model in MODELS.items():
        for item in doc[name]:
            fields = {k: v for k, v in item.items() if k != "links"}
            assert model.model_validate_json(json.dumps(fields)) == index.get(item["id"])


def test_unknown_explanations_and_dates_are_kept(index: Index) -> None:
    article = by_id(exported(index))["sputnik-2025-05-16"]
    assert article["published"] == "2025-05-16"
    assert article["url"] is None
    assert article["unknown"]["url"] == "The text carries no address."


def test_links_run_both_ways(index: Index) -> None:
    records = by_id(exported(index))
    claim_id = next(c for c in index.ids(Kind.CLAIM) if records[c]["contradicts"])
    other = records[claim_id]["contradicts"][0]
    assert other in records[claim_id]["links"]["contradictions"]
    assert claim_id in records[other]["links"]["contradictions"]
    medinsky = records["vladimir-medinsky"]["links"]
    assert "medinsky-mood-after-talks-good" in medinsky["claims"]
    assert "istanbul-2025-05-16" in medinsky["rounds"]
    mood = records["medinsky-mood-after-talks-good"]["links"]
    assert mood["articles"] == ["sputnik-2025-05-16"]
    assert "medinsky-mood-after-talks-good" in records["sputnik-2025-05-16"]["links"]["claims"]
    assert "vladimir-medinsky" in records["istanbul-2025-05-16"]["links"]["people"]


@pytest.mark.parametrize(
    "scope",
    [
        Scope(person="vladimir-medinsky"),
        Scope(round="istanbul-2025-05-16"),
        Scope(point="chair-first-round"),
    ],
)
def test_a_scope_exports_its_records_and_links_only_among_them(index: Index, scope: Scope) -> None:
    doc = exported(index, scope)
    validate(doc)
    assert doc["scope"] == {"person": scope.person, "round": scope.round, "point": scope.point}
    records = by_id(doc)
    assert [c["id"] for c in doc["claims"]] == scope.claims(index)
    assert len(records) < len(index)
    for record in records.values():
        for linked in record["links"].values():
            assert set(linked) <= set(records)
    for dispute in doc["disputes"]:
        assert set(dispute["claims"]) <= set(records)


def test_the_schema_rejects_a_claim_credited_twice(index: Index) -> None:
    doc = exported(index, Scope(person="vladimir-medinsky"))
    doc["claims"][0]["side"] = "russia"
    with pytest.raises(ValidationError):
        validate(doc)


def test_the_schema_describes_every_key_of_every_record() -> None:
    defs = json.loads(records_json.schema_text())["$defs"]
    for model in MODELS.values():
        described = set(defs[model.kind.value]["properties"])
        assert set(model.model_fields) <= described, model.kind


def test_hostile_text_survives_exactly_and_the_file_stays_valid(tmp_path: Path) -> None:
    index = load(hostile_dossier(tmp_path)).index
    text = records_json.export(index, Scope())
    # json escapes every control character: none reaches the file raw.
    assert not any(ord(ch) < 0x20 and ch != "\n" for ch in text)
    doc = json.loads(text)
    validate(doc)
    found = {s for r in by_id(doc).values() for s in every_string(r) if HOSTILE in s}
    assert found == hostile_texts(index)
    assert by_id(doc)["anna-quote"]["text"] == "quote: " + HOSTILE
