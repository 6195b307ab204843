"""The export formats, by name: what ``parley export --format`` and the browser's export offer.

Each format is a function ``export(index, scope) -> str`` in its own module, with
a line saying what it is for and the file suffix it is saved under. ``save``
writes an export to a file the user names, which may lie anywhere.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from parley.dossier.index import Index
from parley.export import brief, csl, ftm, jsonld, records_json
from parley.export.scope import Scope
from parley.files.atomic import Expect, WriteRefused, atomic_write

Exporter = Callable[[Index, Scope], str]


@dataclass(frozen=True)
class Format:
    """One export format: its function, what it is for, and its file suffix."""

    export: Exporter
    description: str
    suffix: str


FORMATS: dict[str, Format] = {
    "markdown": Format(
        brief.export,
        "a brief for an editor: statements with their sources, contested points side by side",
        ".md",
    ),
    "json": Format(
        records_json.export,
        "every record and link, for scripts (its JSON Schema ships with parley)",
        ".json",
    ),
    "ftm": Format(
        ftm.export,
        "FollowTheMoney entities, one a line, for OCCRP Aleph and OpenSanctions tools",
        ".ftm.json",
    ),
    "jsonld": Format(
        jsonld.export,
        "schema.org Quotation and Claim records with their rounds, people and articles",
        ".jsonld",
    ),
    "csl-json": Format(
        csl.export,
        "the articles as CSL items, for Zotero, pandoc and citeproc",
        ".csl.json",
    ),
}


def save(text: str, path: Path, label: str) -> None:
    """Write ``text`` to ``path`` in one step, replacing a file there; ``WriteRefused`` if not.

    The file is the user's, outside any dossier, so the dossier rules of
    ``atomic_write`` that still apply are these: never through a symbolic link
    out of its folder, never over a read-only file or a folder.
    """
    if os.path.isdir(path):  # os.path: False, not an error, for a name too long
        raise WriteRefused(f"{label} is a folder; give a file name")
    atomic_write(path, text, expect=Expect.generated(), label=label, root=path.parent)
