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
from pathlib import Path
from typing import Any

from parley.dossier.model import MODELS, Kind
from parley.files.atomic import SCHEMA_FOLDER, Expect, atomic_write, display_path, read_regular

DRAFT = "https://json-schema.org/draft/2020-12/schema"

# What each key holds, for hovers in an editor and comments in templates.
HELP: dict[Kind, dict[str, str]] = {
    Kind.ARTICLE: {
        "title": "The headline, as the article gives it.",
        "outlet": "Who published it (the newspaper, agency, ministry, institute).",
        "outlet_kind": "What kind of outlet it is.",
        "url": "The address the article was read at.",
        "published": "The day it was published, a TOML date (2025-05-16).",
        "authors": "The bylines, one string each.",
        "language": "The language it is written in, as a tag: en, uk, ru.",
        "notes": "Anything else worth keeping about the article.",
    },
    Kind.PERSON: {
        "name": "The spelling used to show them.",
        "aliases": "Every other spelling the sources use, full and short.",
        "side": "The side they act for, as a slug: ukraine, russia, united-states.",
        "roles": "Each role as one article gives it: a title and the article id.",
        "notes": "Anything else worth keeping about them.",
    },
    Kind.ROUND: {
        "title": "What the meeting is called.",
        "date": "The day it took place, a TOML date (2025-05-16).",
        "when": 'The date as the sources give it when no exact day is known ("June 2025").',
        "place": "City, country.",
        "venue": "The building or room.",
        "chair": "The person who chaired it (a person id).",
        "delegations": "One per side: side, head, members and the articles that list them.",
        "articles": "The articles that describe the round (article ids).",
        "notes": "Anything else worth keeping about the round.",
    },
    Kind.CLAIM: {
        "speaker": "The person who said it (a person id).",
        "side": 'The side credited, when only a side or delegation is ("the Russian side").',
        "narrator": "An article that states it in its own voice, crediting nobody (an article id).",
        "credited_as": 'How the source names the speaker ("the head of the Russian delegation").',
        "via": "Who relayed it, when the article has it second-hand (a person id).",
        "text": "The words (a quote) or their sense (a paraphrase).",
        "type": "quote or paraphrase.",
        "said_on": "When it was said, if a full date is known (a TOML date).",
        "occasion": 'When and where it was said, as the source gives it ("interview with '
        'The Times, 11 November").',
        "round": "The round it is about (a round id).",
        "topics": "What it is about, as slugs: ceasefire, prisoner-exchange.",
        "contested": "The contested points this claim takes a side on, as slugs "
        "(first-meeting-length).",
        "contradicts": "Claims that conflict with this one (claim ids); one side of the "
        "link is enough.",
        "reported_by": "Every article that reports it, each with the exact excerpt.",
        "notes": "Anything else worth keeping about the claim.",
    },
}

# The keys of the tables inside arrays of tables.
TABLE_HELP: dict[str, dict[str, str]] = {
    "Role": {
        "title": "The role, in the article's words.",
        "article": "The article that gives it (an article id).",
    },
    "Delegation": {
        "side": "The side, as a slug: ukraine, russia.",
        "head": "Who led it (a person id).",
        "members": "The other members (person ids).",
        "articles": "The articles that list this delegation (article ids).",
    },
    "Report": {
        "article": "The article (an article id).",
        "excerpt": "The exact excerpt, copied from the article.",
    },
}

WHO = ("speaker", "side", "narrator")
"""A claim gives exactly one of these: who made it."""

UNKNOWN_HELP = (
    "For a key the sources do not give: the key, and why it is unknown, "
    "from the text itself. Nothing is invented."
)


def json_schema(kind: Kind) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one ``<kind>`` record file."""
    model = MODELS[kind]
    raw = model.model_json_schema(mode="validation")
    schema: dict[str, Any] = _simplify(raw)
    properties: dict[str, Any] = schema["properties"]
    properties.pop("id", None)  # the file name is the id
    for key, text in HELP[kind].items():
        properties[key]["description"] = text
    for name, keys in TABLE_HELP.items():
        table = schema.get("$defs", {}).get(name)
        if table is not None:
            for key, text in keys.items():
                table["properties"][key]["description"] = text
    # Reorder: the kind's own keys first, then notes and [unknown], as in the files.
    own = [k for k in properties if k not in ("notes", "unknown")]
    ordered = {k: properties[k] for k in [*own, "notes", "unknown"]}

    explainable = model.explainable
    ordered["unknown"] = {
        "type": "object",
        "description": UNKNOWN_HELP
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
    rules: list[dict[str, Any]] = []
    for key in explainable:
        # Give the key, or say why it is unknown; not both.
        explained = {"required": ["unknown"], "properties": {"unknown": {"required": [key]}}}
        rules.append({"anyOf": [{"required": [key]}, explained]})
        rules.append({"not": {"allOf": [{"required": [key]}, explained]}})
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
