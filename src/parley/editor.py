"""Open a file in the user's editor at a line, and find the line of a record's field."""

from __future__ import annotations

import os
import shlex
import shutil
from collections.abc import Mapping
from pathlib import Path

from .locate import Loc, locate
from .model import AnyRecord, Article, Claim, Person, Round

FALLBACKS = ("nano", "vi")


class NoEditor(Exception):
    """Neither $VISUAL, $EDITOR, nano nor vi could be found."""


def editor_command(env: Mapping[str, str] | None = None) -> list[str]:
    """$VISUAL, else $EDITOR (either may carry arguments), else nano, else vi."""
    env = os.environ if env is None else env
    for name in ("VISUAL", "EDITOR"):
        value = env.get(name, "").strip()
        if value:
            return shlex.split(value)
    for fallback in FALLBACKS:
        found = shutil.which(fallback, path=env.get("PATH"))
        if found:
            return [found]
    raise NoEditor("no editor found: set $VISUAL or $EDITOR")


def edit_argv(path: Path, line: int, env: Mapping[str, str] | None = None) -> list[str]:
    """The command that opens ``path`` at ``line`` (the ``+LINE`` convention editors share)."""
    return [*editor_command(env), f"+{max(line, 1)}", str(path)]


MAIN_FIELD: dict[type[AnyRecord], str] = {
    Claim: "text",
    Person: "name",
    Article: "title",
    Round: "title",
}


def field_loc(record: AnyRecord, context: str | None = None) -> tuple[Loc, str | None]:
    """The key path to put the cursor on for a record (and the value to look for).

    A report row (an article shown as reporting a claim) points into the claim's
    file, at that article's ``[[reported_by]]`` entry: that is where its excerpt lives.
    """
    if isinstance(record, Claim) and context:
        for n, report in enumerate(record.reported_by):
            if report.article == context:
                return ("reported_by", n, "excerpt"), None
    return (MAIN_FIELD[type(record)],), None


def line_of(path: Path, loc: Loc) -> int:
    """The line of ``loc`` in the file at ``path`` (1 when it cannot be read)."""
    try:
        text = path.read_text("utf-8", errors="replace")
    except OSError:
        return 1
    return locate(text, loc)[0]
