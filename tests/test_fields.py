"""The field table and the models agree, and a new key needs only its model line and one entry."""

from __future__ import annotations

import pytest

from parley.dossier.fields import FIELDS, TABLES, FieldSpec, name_field
from parley.dossier.model import MODELS, Kind, Person
from parley.dossier.search import SEARCHED
from parley.files.schema import json_schema
from parley.files.template import PLACEHOLDER, template
from parley.present.forms import form_fields


def model_keys(kind: Kind) -> set[str]:
    """Every key a ``kind`` file may hold, ``table.key`` inside its arrays of tables."""
    model = MODELS[kind]
    keys = {key for key in model.model_fields if key != "id"}  # the id is the file name
    for table, sub in TABLES[kind].items():
        keys |= {f"{table}.{key}" for key in sub.model_fields}
    return keys


@pytest.mark.parametrize("kind", list(Kind))
def test_every_key_of_every_kind_has_exactly_one_entry(kind: Kind) -> None:
    assert set(FIELDS[kind]) == model_keys(kind)


def test_the_arrays_of_tables_are_found_in_the_models() -> None:
    assert {kind: set(tables) for kind, tables in TABLES.items()} == {
        Kind.ROUND: {"delegations"},
        Kind.PERSON: {"roles"},
        Kind.CLAIM: {"reported_by"},
        Kind.ARTICLE: set(),
    }


@pytest.mark.parametrize("kind", list(Kind))
def test_entries_say_what_the_code_needs(kind: Kind) -> None:
    entries = FIELDS[kind]
    assert [key for key, e in entries.items() if e.name] == [name_field(kind)]
    for key, entry in entries.items():
        assert entry.help.strip(), key
        assert entry.search is None or entry.search in SEARCHED, key
        assert (entry.form is None) == (entry.label == ""), key
        if key not in TABLES[kind] and key not in ("unknown", "inferred"):
            # Every key a template writes out shows an invalid placeholder until filled in.
            assert entry.value is not None and PLACEHOLDER.search(entry.value), key


def test_a_new_key_is_its_model_line_and_one_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    class WithNickname(Person):
        """Someone who negotiates, is quoted, or is mentioned."""

        nickname: str | None = None

    entry = FieldSpec(
        "What their colleagues call them.", '"<nickname>"', form="text", label="Nickname"
    )
    monkeypatch.setitem(MODELS, Kind.PERSON, WithNickname)
    monkeypatch.setitem(FIELDS, Kind.PERSON, {**FIELDS[Kind.PERSON], "nickname": entry})

    schema = json_schema(Kind.PERSON)
    assert schema["properties"]["nickname"]["description"] == entry.help
    text = template(Kind.PERSON)
    assert "# nickname: What their colleagues call them. (optional)" in text
    assert '# nickname = "<nickname>"' in text
    [field] = [f for f in form_fields(Kind.PERSON) if f.key == "nickname"]
    assert (field.label, field.type) == ("Nickname", "text")
