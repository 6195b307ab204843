"""Commented templates for new record files: ``parley new KIND``.

A template names every key of its kind with a comment saying what it holds and
whether it is required. Required keys carry a ``"<...>"`` placeholder; optional
keys are commented out. Every placeholder that stands for an id, a slug, a date
or a choice is itself invalid (``"<person id>"`` is no id, a quoted date is no
date), so a template saved unfilled is rejected by ``parley check``; once its
placeholders are replaced it is a valid record.
"""

from __future__ import annotations

import re
import textwrap

from pydantic import BaseModel

from parley.dossier.model import (
    FOLDERS,
    MODELS,
    ClaimKind,
    Delegation,
    Kind,
    OutletKind,
    Report,
    Role,
)
from parley.files.schema import HELP, TABLE_HELP, WHO

PLACEHOLDER = re.compile(r'"<[^"<>\n]+>"')
"""A placeholder in a template, quotes included."""

DATE = '"<YYYY-MM-DD, a date without quotes>"'
WIDTH = 88

# The value each key shows: placeholders in angle brackets.
VALUES: dict[Kind, dict[str, str]] = {
    Kind.ARTICLE: {
        "title": '"<title, as the article gives it>"',
        "outlet": '"<outlet>"',
        "outlet_kind": '"<' + ", ".join(k.value for k in OutletKind) + '>"',
        "url": '"<url>"',
        "published": DATE,
        "authors": '["<author>"]',
        "language": '"<language tag: en, uk, ru>"',
        "notes": '"<notes>"',
    },
    Kind.PERSON: {
        "name": '"<name>"',
        "aliases": '["<other spelling>"]',
        "side": '"<side: ukraine, russia, united-states>"',
        "notes": '"<notes>"',
    },
    Kind.ROUND: {
        "title": '"<title>"',
        "date": DATE,
        "when": '"<the date as the sources give it: June 2025>"',
        "place": '"<city, country>"',
        "venue": '"<venue>"',
        "chair": '"<person id>"',
        "articles": '["<article id>"]',
        "notes": '"<notes>"',
    },
    Kind.CLAIM: {
        "speaker": '"<person id>"',
        "side": '"<side: ukraine, russia>"',
        "narrator": '"<article id>"',
        "credited_as": '"<how the source names the speaker>"',
        "via": '"<person id>"',
        "text": '"<the words, or their sense>"',
        "type": '"<' + " or ".join(k.value for k in ClaimKind) + '>"',
        "said_on": DATE,
        "occasion": '"<when and where it was said, as the source gives it>"',
        "round": '"<round id>"',
        "topics": '["<topic slug>"]',
        "contested": '["<contested point slug>"]',
        "contradicts": '["<claim id>"]',
        "notes": '"<notes>"',
    },
}

TABLE_VALUES: dict[str, dict[str, str]] = {
    "Role": {"title": '"<role, as the article gives it>"', "article": '"<article id>"'},
    "Delegation": {
        "side": '"<side: ukraine, russia>"',
        "head": '"<person id>"',
        "members": '["<person id>"]',
        "articles": '["<article id>"]',
    },
    "Report": {
        "article": '"<article id>"',
        "excerpt": '"<the exact excerpt, copied from the article>"',
    },
}

TABLES: dict[str, type[BaseModel]] = {
    "roles": Role,
    "delegations": Delegation,
    "reported_by": Report,
}
# Arrays of tables shown filled in rather than commented out.
ACTIVE_TABLES = {"reported_by"}
TABLE_STATUS = {"reported_by": "optional, but parley check warns about a claim no article reports"}
EXAMPLE_IDS = {
    Kind.ROUND: "istanbul-2025-05-16",
    Kind.PERSON: "serhii-kyslytsia",
    Kind.CLAIM: "kyslytsia-russians-killing-russians",
    Kind.ARTICLE: "pism-bulletin-2025-05-20",
}


def _comment(text: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent="# ", subsequent_indent="#   ")


def _status(kind: Kind, key: str) -> str:
    model = MODELS[kind]
    if kind is Kind.CLAIM and key in WHO:
        return "exactly one of speaker, side or narrator is required"
    if key in model.explainable:
        return "required; when the sources do not give it, delete it and say why under [unknown]"
    return "required" if model.model_fields[key].is_required() else "optional"


def template(kind: Kind | str) -> str:
    """A commented template for a new ``kind`` record file."""
    kind = Kind(kind)
    model = MODELS[kind]
    folder = FOLDERS[kind]
    lines = [
        f"#:schema ../schema/{kind.value}.json",
        *_comment(
            f"A new {kind.value}. Save it as {folder}/<id>.toml: the file name is the id, "
            f"lowercase words joined by hyphens ({EXAMPLE_IDS[kind]}). Replace each "
            "placeholder, the quoted text in angle brackets, with a value; a date goes "
            'without quotes (2025-05-16). Keys shown as "# key = ..." are optional: '
            'remove the "# " to give one. `parley check` checks the file.'
        ),
    ]
    keys = [k for k in model.model_fields if k not in ("id", "unknown", "notes")] + ["notes"]
    tables = [k for k in keys if k in TABLES]
    for key in keys:
        if key in tables:
            continue
        status = _status(kind, key)
        active = status != "optional" and not (kind is Kind.CLAIM and key in WHO[1:])
        lines.append("")
        lines.extend(_comment(f"{key}: {HELP[kind][key]} ({status})"))
        lines.append(f"{'' if active else '# '}{key} = {VALUES[kind][key]}")
    if model.explainable:
        lines.append("")
        lines.extend(
            [
                "# [unknown]",
                *_comment(
                    "For a key the sources do not give: leave the key out and say why "
                    "here, from the text itself; nothing is invented. Only these keys "
                    f"can be unknown: {', '.join(model.explainable)}."
                ),
                *(f'# {key} = "<why the sources do not give it>"' for key in model.explainable),
            ]
        )
    for key in tables:
        active = key in ACTIVE_TABLES
        mark = "" if active else "# "
        sub = TABLES[key]
        name = sub.__name__
        lines.append("")
        status = TABLE_STATUS.get(key, "optional")
        lines.extend(
            _comment(f"[[{key}]]: {HELP[kind][key]} Repeat the block for each. ({status})")
        )
        lines.append(f"{mark}[[{key}]]")
        for sub_key, field in sub.model_fields.items():
            need = "required" if field.is_required() else "optional"
            lines.extend(_comment(f"{sub_key}: {TABLE_HELP[name][sub_key]} ({need})"))
            lines.append(f"{mark}{sub_key} = {TABLE_VALUES[name][sub_key]}")
    return "\n".join(lines) + "\n"


def placeholders(text: str) -> list[str]:
    """The placeholders left in ``text`` outside comments, in order."""
    found: list[str] = []
    for line in text.splitlines():
        if not line.lstrip().startswith("#"):
            found.extend(PLACEHOLDER.findall(line))
    return found
