"""The history of a record as a reader sees it: a heading per commit and the change beneath.

Plain text from git (author names, messages) and from files (values): what these
functions return still goes through ``safe`` / ``one_line`` on its way to a terminal.
"""

from __future__ import annotations

from parley.dossier.changes import Outcome
from parley.files.record_log import LogEntry

UNCOMMITTED = "not committed"
MERGED = "merge: the change it brought into its first parent"


def date_of(iso: str) -> str:
    """``2025-05-16`` from git's ISO 8601 date."""
    return iso[:10]


def heading(entry: LogEntry) -> tuple[str, str, str, str]:
    """Short hash, date, author and subject (the working file: blanks and "not committed")."""
    c = entry.commit
    if c is None:
        return ("", "", "", UNCOMMITTED)
    return (c.short, date_of(c.date), c.author, c.subject)


def change_lines(entry: LogEntry, width: int = 0, values: bool = True) -> list[str]:
    """The change a commit made, a line per field: a merge's and a rename's first.

    Without ``values`` a created record is the one word, not each value it started with.
    """
    renamed = entry.renamed
    lines = [MERGED] if entry.commit is not None and entry.commit.merge else []
    lines += [f"renamed from {renamed[0]}"] if renamed else []
    change = entry.change
    if not values and change.outcome is Outcome.CREATED:
        return [*lines, change.outcome.value]
    if width:
        if change.fields and change.outcome is Outcome.CHANGED:
            return lines + [f.text(width) for f in change.fields]
        return [*lines, change.summary(width)]
    return lines + change.lines()


def summary(entry: LogEntry, width: int = 60) -> str:
    """The change on one line: for a row of the history view."""
    renamed = entry.renamed
    text = entry.change.summary(width)
    text = f"renamed from {renamed[0]}; {text}" if renamed else text
    return f"merge: {text}" if entry.commit is not None and entry.commit.merge else text
