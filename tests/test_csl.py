"""CSL-JSON: articles as bibliography items, checked against the published CSL-JSON schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator

from parley.dossier.index import Index
from parley.dossier.load import load
from parley.dossier.model import Article, Claim, Kind
from parley.export import csl
from parley.export.citation import Source
from parley.export.cite import cite
from parley.export.scope import Scope, ScopeError
from tests.conftest import DOSSIERS
from tests.test_cite import EXCERPT, hostile_dossier

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "csl-data.json").read_text("utf-8"))
VALIDATOR = Draft7Validator(SCHEMA)


def valid(text: str) -> list[dict[str, Any]]:
    """The CSL items in ``text``, after checking them against the CSL-JSON schema."""
    items = json.loads(text)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(items)]
    assert not errors, errors
    assert len({i["id"] for i in items}) == len(items)
    return items  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def bundled() -> Index:
    return load(DOSSIERS).index


def test_the_schema_rejects_what_csl_does_not_know() -> None:
    """The check can fail: an unknown key or a date as a plain string is not CSL."""
    assert not VALIDATOR.is_valid([{"id": "a", "type": "webpage", "excerpt": "x"}])
    assert not VALIDATOR.is_valid([{"id": "a", "type": "webpage", "issued": "2025-05-16"}])


def test_every_statement_of_the_bundled_dossier_cites_as_valid_csl(bundled: Index) -> None:
    for claim_id in bundled.ids(Kind.CLAIM):
        claim = bundled.get_as(claim_id, Claim)
        assert claim is not None
        items = valid(cite(bundled, claim_id, "csl-json"))
        assert [i["id"] for i in items] == list(dict.fromkeys(bundled.articles_reporting(claim_id)))
        notes = {r.article: r.excerpt for r in claim.reported_by}
        for item in items:
            if item["id"] in notes:
                assert notes[item["id"]] in item["note"]


def test_an_article_cites_as_one_item_with_its_fields(bundled: Index) -> None:
    items = valid(cite(bundled, "pism-bulletin-2025-05-20", "csl-json"))
    assert items == [
        {
            "id": "pism-bulletin-2025-05-20",
            "type": "article-newspaper",
            "title": "Russian-Ukrainian Delegations Meet in Istanbul",
            "container-title": "PISM (Polish Institute of International Affairs)",
            "author": [{"literal": "Anna Maria Dyner"}, {"literal": "Maria Piechowska"}],
            "issued": {"date-parts": [[2025, 5, 20]]},
            "language": "en",
        }
    ]


def test_the_export_lists_every_article_in_scope(bundled: Index) -> None:
    everything = valid(csl.export(bundled, Scope()))
    assert [i["id"] for i in everything] == bundled.ids(Kind.ARTICLE)
    person = valid(csl.export(bundled, Scope(person="vladimir-medinsky")))
    reporting = {
        a
        for c in bundled.claims_by_person("vladimir-medinsky")
        for a in bundled.articles_reporting(c)
    }
    assert {i["id"] for i in person} == reporting
    assert all("note" not in i for i in everything)


def test_the_export_refuses_an_unknown_scope(bundled: Index) -> None:
    with pytest.raises(ScopeError):
        csl.export(bundled, Scope(person="nobody"))


def test_hostile_text_survives_exactly_in_csl_json(tmp_path: Path) -> None:
    index = hostile_dossier(tmp_path)
    article = index.get_as("news", Article)
    assert article is not None
    for claim_id in ("quote", "para", "side", "narr"):
        text = cite(index, claim_id, "csl-json")
        # exact data, yet nothing a terminal would act on is written raw
        assert "\x1b" not in text and "\u202e" not in text
        [item] = valid(text)
        assert item["note"] == EXCERPT
        assert item["title"] == article.title
        assert item["container-title"] == "Outlet | pipe"
        assert item["URL"] == article.url
        assert item["author"] == [{"literal": "A. _Writer_"}]
    assert valid(cite(index, "bare", "csl-json")) == []


@pytest.mark.parametrize(
    ("fields", "kind"),
    [
        ({"outlet": "Daily"}, "article-newspaper"),
        ({"url": "https://example.org/"}, "webpage"),
        ({}, "article"),
    ],
)
def test_the_item_type_follows_what_is_known(fields: dict[str, str], kind: str) -> None:
    source = Source(
        article_id="a",
        outlet=fields.get("outlet"),
        title="T",
        published=None,
        url=fields.get("url"),
        authors=(),
        language="en",
        reliability=None,
    )
    [item] = valid(csl.dumps([csl.item(source)]))
    assert item["type"] == kind
