"""A change brief an analyst can paste: what changed in the dossier since a revision, in Markdown.

"Since 16 May 2025: 3 new statements by Vladimir Medinsky, 1 wording corrected",
then each record by kind. Record text goes through Markdown escaping, never the
terminal's safe text: the brief keeps the values exact.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from parley.dossier.changes import Outcome
from parley.dossier.index import Index
from parley.dossier.model import Kind, Person
from parley.dossier.text import plural, side_label
from parley.export.citation import day_text
from parley.export.markdown import escape, one_line
from parley.files.revision_diff import Comparison, RecordChange
from parley.present.revision_changes import KIND_TITLES, detail_lines, groups, title_of

NOUNS = {Kind.ROUND: "round", Kind.PERSON: "person", Kind.CLAIM: "statement",
         Kind.ARTICLE: "article"}  # fmt: skip


def since_text(comparison: Comparison) -> str:
    """``16 May 2025``: the base revision's date, as a brief gives a day."""
    try:
        return day_text(dt.date.fromisoformat(comparison.base_date[:10]))
    except ValueError:
        return comparison.base


def who(change: RecordChange, index: Index) -> str:
    """Whom a statement is credited to: a person's name, a side, or an article's own voice."""
    speaker = change.value("speaker")
    if isinstance(speaker, str):
        person = index.get_as(speaker, Person)
        return f"by {person.name if person else speaker}"
    side = change.value("side")
    if isinstance(side, str):
        return f"credited to {side_label(side)}"
    return "in an article's own voice"


def _reworded(change: RecordChange) -> bool:
    return change.change.outcome is Outcome.CHANGED and any(
        f.path == "text" for f in change.change.fields
    )


def summary(comparison: Comparison, index: Index) -> str:
    """``Since 16 May 2025: 3 new statements by Vladimir Medinsky, 1 wording corrected.``"""
    claims = comparison.of_kind(Kind.CLAIM)
    new_by = Counter(who(c, index) for c in claims if c.status == "added")
    parts = [f"{plural(n, 'new statement')} {whom}" for whom, n in new_by.most_common()]
    reworded = sum(1 for c in claims if c.status in ("changed", "renamed") and _reworded(c))
    if reworded:
        parts.append(f"{reworded} {'wording' if reworded == 1 else 'wordings'} corrected")
    other = sum(1 for c in claims if c.status in ("changed", "renamed") and not _reworded(c))
    if other:
        parts.append(f"{plural(other, 'other statement')} changed")
    if removed := comparison.count("removed", Kind.CLAIM):
        parts.append(f"{plural(removed, 'statement')} removed")
    for kind in (Kind.ARTICLE, Kind.PERSON, Kind.ROUND):
        noun = NOUNS[kind]
        for status, label in (("added", "new"), ("changed", "changed"), ("renamed", "renamed"),
                              ("removed", "removed")):  # fmt: skip
            n = comparison.count(status, kind)
            if n:
                parts.append(f"{plural(n, f'new {noun}')}" if label == "new"
                             else f"{plural(n, noun)} {label}")  # fmt: skip
    what = ", ".join(parts) if parts else "no record changed"
    return f"Since {since_text(comparison)}: {what}."


def _item(change: RecordChange, index: Index) -> list[str]:
    """A list item for one record, with its field changes beneath."""
    name = f"{change.old_id} → {change.record_id}" if change.old_id else change.record_id
    status = "wording corrected" if _reworded(change) else change.status
    head = f"- **{status}** `{name}`"
    if change.kind is Kind.CLAIM and change.status == "added":
        return [f"{head} {escape(who(change, index))}: {escape(title_of(change), 4)}"]
    if change.status in ("added", "removed"):
        title = title_of(change)
        return [f"{head}: {escape(title, 4)}" if title else head]
    return [head] + [f"    - {escape(line, 6)}" for line in detail_lines(change)]


def changes_markdown(comparison: Comparison, index: Index) -> str:
    """The brief: a summary line, then each kind's records with what changed."""
    target = comparison.target or "the working tree"
    lines = [
        f"# Changes since {one_line(since_text(comparison))}",
        "",
        escape(summary(comparison, index)),
        "",
        f"Compared: {escape(comparison.base)} .. {escape(target)}",
    ]
    for kind, changes in groups(comparison):
        lines += ["", f"## {KIND_TITLES[kind]}", ""]
        for change in changes:
            lines += _item(change, index)
    return "\n".join(lines) + "\n"
