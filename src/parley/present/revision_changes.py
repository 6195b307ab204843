"""The changes between two revisions as a reader sees them: grouped by kind, a line per record.

Plain text from files and git: what these functions return still goes through
``safe`` / ``one_line`` on its way to a terminal (the Markdown brief escapes its own).
"""

from __future__ import annotations

from parley.dossier.changes import Outcome
from parley.dossier.model import Kind
from parley.dossier.text import first_line, plural
from parley.files.revision_diff import Comparison, RecordChange

STATUSES = ("added", "removed", "renamed", "changed")
KIND_TITLES = {Kind.ROUND: "Rounds", Kind.PERSON: "People", Kind.CLAIM: "Statements",
               Kind.ARTICLE: "Articles"}  # fmt: skip


def counts(comparison: Comparison, kind: Kind | None = None) -> str:
    """``2 added, 1 changed``; ``no change`` when nothing differs."""
    parts = [f"{comparison.count(s, kind)} {s}" for s in STATUSES if comparison.count(s, kind)]
    return ", ".join(parts) or "no change"


def range_text(comparison: Comparison) -> str:
    """``HEAD~3 (2025-05-16) .. the working tree``."""
    target = comparison.target or "the working tree"
    return f"{comparison.base} ({comparison.base_date[:10]}) .. {target}"


def heading(comparison: Comparison) -> str:
    """The first line: what was compared and how much changed."""
    return f"{range_text(comparison)}: {differ(len(comparison.changes))} ({counts(comparison)})"


def differ(count: int) -> str:
    """``1 record differs``, ``3 records differ``."""
    return f"{plural(count, 'record')} {'differs' if count == 1 else 'differ'}"


def title_of(change: RecordChange) -> str:
    """The record's name as lists show it: a statement's text, a person's name, a title."""
    for key in ("name", "title", "text"):
        value = change.value(key)
        if isinstance(value, str) and value.strip():
            return first_line(value)
    return ""


def record_line(change: RecordChange) -> str:
    """``changed  truce``, ``renamed  old-id → new-id``."""
    name = f"{change.old_id} → {change.record_id}" if change.old_id else change.record_id
    return f"{change.status:<8} {name}"


def detail_lines(change: RecordChange, width: int = 0) -> list[str]:
    """Under a record's line: its title when added or removed, else each field changed."""
    outcome = change.change.outcome
    if change.status in ("added", "removed"):
        title = title_of(change)
        broken = [change.change.summary(width)] if outcome is Outcome.BROKEN else []
        return ([f'"{title}"'] if title else []) + broken
    if outcome is Outcome.CHANGED:
        return [f.text(width) for f in change.change.fields]
    if outcome is Outcome.SAME:
        return []
    return [change.change.summary(width)]


def groups(comparison: Comparison) -> list[tuple[Kind, list[RecordChange]]]:
    """The changes by kind, kinds in their usual order, empty kinds left out."""
    return [(k, comparison.of_kind(k)) for k in Kind if comparison.of_kind(k)]
