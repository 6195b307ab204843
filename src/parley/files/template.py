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

from parley.dossier.fields import FIELDS, TABLES
from parley.dossier.invalid import EXAMPLE_IDS
from parley.dossier.model import FOLDERS, MODELS, Kind
from parley.files.schema import WHO

PLACEHOLDER = re.compile(r'"<[^"<>\n]+>"')
"""A placeholder in a template, quotes included."""

WIDTH = 88

# Arrays of tables shown filled in rather than commented out.
ACTIVE_TABLES = {"reported_by"}
TABLE_STATUS = {"reported_by": "optional, but parley check warns about a claim no article reports"}


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
    keys = [k for k in model.model_fields if k not in ("id", "unknown", "inferred", "notes")] + [
        "notes"
    ]
    tables = [k for k in keys if k in TABLES[kind]]
    for key in keys:
        if key in tables:
            continue
        status = _status(kind, key)
        active = status != "optional" and not (kind is Kind.CLAIM and key in WHO[1:])
        lines.append("")
        entry = FIELDS[kind][key]
        lines.extend(_comment(f"{key}: {entry.help} ({status})"))
        lines.append(f"{'' if active else '# '}{key} = {entry.value}")
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
        sub = TABLES[kind][key]
        lines.append("")
        status = TABLE_STATUS.get(key, "optional")
        lines.extend(
            _comment(f"[[{key}]]: {FIELDS[kind][key].help} Repeat the block for each. ({status})")
        )
        lines.append(f"{mark}[[{key}]]")
        for sub_key, field in sub.model_fields.items():
            need = "required" if field.is_required() else "optional"
            entry = FIELDS[kind][f"{key}.{sub_key}"]
            lines.extend(_comment(f"{sub_key}: {entry.help} ({need})"))
            lines.append(f"{mark}{sub_key} = {entry.value}")
    return "\n".join(lines) + "\n"


def placeholders(text: str) -> list[str]:
    """The placeholders left in ``text`` outside comments, in order."""
    found: list[str] = []
    for line in text.splitlines():
        if not line.lstrip().startswith("#"):
            found.extend(PLACEHOLDER.findall(line))
    return found
