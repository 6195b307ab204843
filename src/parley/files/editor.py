"""Open a file in the user's editor at a line, and find the line of a record's field."""

from __future__ import annotations

import errno
import os
import shlex
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

from parley.dossier.fields import name_field
from parley.dossier.locate import Loc, key_position
from parley.dossier.model import AnyRecord, Claim
from parley.dossier.text import one_line

FALLBACKS = ("nano", "vi")


class NoEditor(Exception):
    """No editor can be started: none is set or found, the setting is no command, or it fails."""


def editor_command(env: Mapping[str, str] | None = None) -> list[str]:
    """$VISUAL, else $EDITOR (either may carry arguments), else nano, else vi."""
    env = os.environ if env is None else env
    for name in ("VISUAL", "EDITOR"):
        value = env.get(name, "").strip()
        if value:
            return _split(name, value)
    for fallback in FALLBACKS:
        found = shutil.which(fallback, path=env.get("PATH"))
        if found:
            return [found]
    raise NoEditor("no editor found: set $VISUAL or $EDITOR")


def _split(name: str, value: str) -> list[str]:
    """``$EDITOR``'s value as a command line: the editor, then its arguments."""
    try:
        argv = shlex.split(value)
    except ValueError as error:  # an unbalanced quote
        raise NoEditor(f"${name} is not a command line ({error}): {one_line(value, 80)}") from None
    if not argv or not argv[0]:
        raise NoEditor(f"${name} names no command: {one_line(value, 80)}")
    return argv


def run_editor(argv: list[str]) -> None:
    """Run the editor in the foreground until it exits; NoEditor, saying why, if it cannot start."""
    try:
        subprocess.run(argv, check=False)
    except OSError as error:
        raise NoEditor(cannot_start(argv[0], error)) from error


def cannot_start(command: str, error: OSError) -> str:
    """Why ``command`` did not start, in words, and what to do about it."""
    if isinstance(error, FileNotFoundError):
        reason = "no such command"
    elif isinstance(error, PermissionError):
        reason = "not an executable file"
    elif error.errno == errno.ENOEXEC:
        reason = "not a program this system can run"
    else:
        reason = one_line(error.strerror or str(error), 120)
    return (
        f"cannot start the editor {one_line(command, 80)!r}: {reason}; "
        "set $VISUAL or $EDITOR to an editor command"
    )


def edit_argv(path: Path, line: int, env: Mapping[str, str] | None = None) -> list[str]:
    """The command that opens ``path`` at ``line`` (the ``+LINE`` convention editors share)."""
    return [*editor_command(env), f"+{max(line, 1)}", str(path)]


def field_loc(record: AnyRecord, article_id: str | None = None) -> tuple[Loc, str | None]:
    """The key path to put the cursor on for a record (and the value to look for).

    A report row (an article shown as reporting a claim) points into the claim's
    file, at that article's ``[[reported_by]]`` entry: that is where its excerpt lives.
    """
    if isinstance(record, Claim) and article_id:
        for n, report in enumerate(record.reported_by):
            if report.article == article_id:
                return ("reported_by", n, "excerpt"), None
    return (name_field(record.kind),), None


def line_of(path: Path, loc: Loc) -> int:
    """The line of ``loc`` in the file at ``path`` (1 when it cannot be read)."""
    try:
        text = path.read_text("utf-8", errors="replace")
    except OSError:
        return 1
    return key_position(text, loc)[0]
