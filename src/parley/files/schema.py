"""JSON Schemas for the record files, so TOML language servers can help.

Taplo and Even Better TOML read the ``#:schema ../schema/<kind>.json`` line at
the top of a record file, then complete keys, show what each one holds and flag
mistakes as you type. The schemas are derived from the pydantic models, so they
follow them; ``parley schema`` writes them into ``<dossier>/schema/``.

A schema can say less than parley checks (references between records, for one)
but never more: a file parley accepts is valid against its schema.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from parley.dossier.fields import FIELDS, TABLES, UNKNOWN
from parley.dossier.model import MODELS, Kind
from parley.files.atomic import SCHEMA_FOLDER, Expect, atomic_write, display_path, read_regular

DRAFT = "https://json-schema.org/draft/2020-12/schema"

WHO = ("speaker", "side", "narrator")
"""A claim gives exactly one of these: who made it."""


def json_schema(kind: Kind) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one ``<kind>`` record file."""
    model = MODELS[kind]
    raw = model.model_json_schema(mode="validation")
    schema: dict[str, Any] = _simplify(raw)
    properties: dict[str, Any] = schema["properties"]
    properties.pop("id", None)  # the file name is the id
    _add_help(kind, schema)
    # Reorder: the kind's own keys first, then notes and [unknown], as in the files.
    own = [k for k in properties if k not in ("notes", "unknown", "inferred")]
    ordered = {k: properties[k] for k in [*own, "notes", "unknown", "inferred"]}

    ordered["unknown"] = _unknown_table(kind, model.explainable)
    rules = _given_or_unknown(model.explainable)
    if kind is Kind.CLAIM:
        for key in WHO:
            ordered[key]["description"] += " Give exactly one of speaker, side or narrator."
        rules.append({"oneOf": [{"required": [k]} for k in WHO]})

    result: dict[str, Any] = {
        "$schema": DRAFT,
        "title": f"parley {kind.value}",
        "description": (
            f"{(model.__doc__ or '').strip().splitlines()[0]} One file per {kind.value} "
            f"in {kind.folder}/; the file name is its id. Unknown keys are errors."
        ),
        "type": "object",
        "properties": ordered,
        "required": [k for k in schema.get("required", []) if k != "id"],
        "additionalProperties": False,
    }
    if rules:
        result["allOf"] = rules
    if "$defs" in schema:
        result["$defs"] = schema["$defs"]
    return result


def _add_help(kind: Kind, schema: dict[str, Any]) -> None:
    """Every key's help text from the field table, as its description in ``schema``."""
    tables = TABLES[kind]
    for key, entry in FIELDS[kind].items():
        head, _, sub = key.partition(".")
        if not sub:
            schema["properties"][key]["description"] = entry.help
        else:
            table = schema["$defs"][tables[head].__name__]
            table["properties"][sub]["description"] = entry.help


def _unknown_table(kind: Kind, explainable: Sequence[str]) -> dict[str, Any]:
    """The schema of ``[unknown]``: a reason for each key that may be left unknown."""
    return {
        "type": "object",
        "description": UNKNOWN.help
        + (
            " Only these keys can be unknown: " + ", ".join(explainable) + "."
            if explainable
            else f" No key of {kind.indefinite} can be unknown."
        ),
        "properties": {
            key: {
                "type": "string",
                "pattern": r"\S",
                "description": f"Why {key!r} is not given.",
            }
            for key in explainable
        },
        "additionalProperties": False,
    }


def _given_or_unknown(explainable: Sequence[str]) -> list[dict[str, Any]]:
    """The rules that each of ``explainable`` is given or said to be unknown, not both."""
    rules: list[dict[str, Any]] = []
    for key in explainable:
        explained = {"required": ["unknown"], "properties": {"unknown": {"required": [key]}}}
        rules.append({"anyOf": [{"required": [key]}, explained]})
        rules.append({"not": {"allOf": [{"required": [key]}, explained]}})
    return rules


def _simplify(node: Any) -> Any:
    """TOML has no null: ``X | None`` becomes ``X``, and ``default: null`` goes."""
    if isinstance(node, list):
        return [_simplify(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _simplify(value) for key, value in node.items()}
    options = out.get("anyOf")
    if isinstance(options, list) and {"type": "null"} in options:
        rest = [option for option in options if option != {"type": "null"}]
        del out["anyOf"]
        if len(rest) == 1:
            out = {**rest[0], **out}
        else:
            out["anyOf"] = rest
    if "default" in out and out["default"] is None:
        del out["default"]
    return out


def schema_text(kind: Kind) -> str:
    """The schema file's text: stable JSON, so regenerating it changes nothing."""
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"


def write_schemas(root: Path | str) -> list[Path]:
    """Write ``root/schema/<kind>.json`` for the four kinds; returns their paths.

    These files are generated, so they are overwritten (atomically); one whose
    text is already right is left alone. One that is read-only, or a symlink
    to a file outside the dossier, is refused (``WriteRefused``), not replaced.
    """
    folder = Path(root) / SCHEMA_FOLDER
    folder.mkdir(exist_ok=True)
    paths: list[Path] = []
    for kind in Kind:
        path = folder / f"{kind.value}.json"
        text = schema_text(kind)
        try:
            current: bytes | None = read_regular(path, display_path(path))
        except FileNotFoundError:
            current = None
        if current != text.encode("utf-8"):
            atomic_write(path, text, expect=Expect.generated(), root=root)
        paths.append(path)
    return paths
