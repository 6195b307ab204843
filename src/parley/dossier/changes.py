"""What changed between two versions of a record file, as values, field by field.

Pure: it reads bytes it is given (a version from git, a file's text) and compares
what they parse to. ``text: "…" → "…"``, ``reported_by[2].excerpt added``; a version
whose values are those of the one before says it only reformatted the file; a
version that does not parse says so. List items are counted from 1, as a reader
counts the ``[[reported_by]]`` tables of a file.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from json.encoder import encode_basestring
from typing import Any

import rtoml

from parley.dossier.conflict import find_conflicts
from parley.dossier.text import plural, shorten


class _Missing:
    """No value: the key is not in that version."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class Version:
    """One version of a record file: what it parses to, or why it does not parse."""

    values: dict[str, Any] | None
    error: str | None = None


def parse_version(raw: bytes) -> Version:
    """The values a file's bytes hold, or the one line saying why they hold none."""
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return Version(None, "not UTF-8")
    conflicts = find_conflicts(text)
    if conflicts:  # said as what it is, not as the TOML error the markers make
        blocks = plural(len(conflicts.blocks), "unresolved merge conflict")
        return Version(None, f"{blocks} (git's <<<<<<< markers)")
    try:
        return Version(rtoml.loads(text))
    except rtoml.TomlParsingError as error:
        lines = [ln.strip() for ln in str(error).splitlines() if ln.strip()]
        return Version(None, f"TOML syntax: {lines[0] if lines else 'invalid TOML'}")
    except (ValueError, RecursionError) as error:  # a value rtoml cannot represent
        return Version(None, f"TOML: {error}")


@dataclass(frozen=True)
class FieldChange:
    """One value added, removed or changed; ``item`` for a value in a list of plain values."""

    path: str
    old: Any = MISSING
    new: Any = MISSING
    item: bool = False

    @property
    def verb(self) -> str:
        if self.old is MISSING:
            return "added"
        return "removed" if self.new is MISSING else "changed"

    def text(self, width: int = 0) -> str:
        """``text: "old" → "new"``, ``notes added: "…"``, ``topics: "x" removed``; each value
        cut to ``width`` characters (0: whole). Plain text: not yet safe for a terminal."""
        if self.item:
            value = self.new if self.old is MISSING else self.old
            return f"{self.path}: {value_text(value, width)} {self.verb}"
        if self.old is MISSING:
            return f"{self.path} added: {value_text(self.new, width)}"
        if self.new is MISSING:
            return f"{self.path} removed (was {value_text(self.old, width)})"
        return f"{self.path}: {value_text(self.old, width)} → {value_text(self.new, width)}"


class Outcome(StrEnum):
    """What a version did to the record, in one word."""

    CREATED = "created"
    DELETED = "deleted"
    CHANGED = "changed"
    REFORMATTED = "reformatted only"
    SAME = "no change to the file"
    BROKEN = "does not parse"
    REPAIRED = "parses again"


@dataclass(frozen=True)
class Change:
    """From one version of a record to the next: the outcome and each field changed."""

    outcome: Outcome
    fields: list[FieldChange] = field(default_factory=list)
    error: str | None = None  # why the new version (or the old one, when repaired) does not parse

    def summary(self, width: int = 60) -> str:
        """One line: the fields changed, or what the version did instead."""
        if self.outcome is Outcome.BROKEN:
            return f"does not parse: {self.error}"
        if self.outcome is Outcome.CHANGED:
            return "; ".join(f.text(width) for f in self.fields)
        if self.outcome is Outcome.REPAIRED:
            fixed = "; ".join(f.text(width) for f in self.fields)
            return "parses again" + (f": {fixed}" if fixed else "")
        if self.outcome is Outcome.REFORMATTED:
            return "reformatted only (same values)"
        return self.outcome.value

    def lines(self) -> list[str]:
        """The change in full, a line for each field. Plain text: not yet safe."""
        if self.outcome in (Outcome.CHANGED, Outcome.REPAIRED, Outcome.CREATED):
            head = [] if self.outcome is Outcome.CHANGED else [self.summary().split(":")[0]]
            return head + [f.text() for f in self.fields]
        return [self.summary(0)]


def compare(old: Version | None, new: Version | None) -> Change:
    """The change from ``old`` to ``new`` (None: no file on that side)."""
    if new is None:
        return Change(Outcome.DELETED)
    if new.values is None:
        return Change(Outcome.BROKEN, error=new.error)
    if old is None:
        return Change(Outcome.CREATED, [FieldChange(k, new=v) for k, v in new.values.items()])
    if old.values is None:
        return Change(Outcome.REPAIRED, field_changes({}, new.values), old.error)
    fields = field_changes(old.values, new.values)
    return Change(Outcome.CHANGED, fields) if fields else Change(Outcome.REFORMATTED)


def compare_bytes(old: bytes | None, new: bytes | None) -> Change:
    """``compare`` on raw file contents; the same bytes are no change at all."""
    if old is not None and old == new:
        return Change(Outcome.SAME)
    return compare(
        None if old is None else parse_version(old), None if new is None else parse_version(new)
    )


def field_changes(old: dict[str, Any], new: dict[str, Any], prefix: str = "") -> list[FieldChange]:
    """Every value that differs between two tables, in the order of the new one."""
    changes: list[FieldChange] = []
    for key in [*new, *(k for k in old if k not in new)]:
        before, after = old.get(key, MISSING), new.get(key, MISSING)
        if type(before) is type(after) and before == after:  # most keys: a version changes few
            continue
        changes += _value_changes(f"{prefix}{key}", before, after)
    return changes


def _value_changes(path: str, old: Any, new: Any) -> list[FieldChange]:
    if _same(old, new):
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        return field_changes(old, new, f"{path}.")
    if isinstance(old, list) and isinstance(new, list):
        if any(isinstance(v, dict) for v in (*old, *new)):
            return _table_list_changes(path, old, new)
        return _item_changes(path, old, new)
    return [FieldChange(path, old, new)]


def _table_list_changes(path: str, old: list[Any], new: list[Any]) -> list[FieldChange]:
    """Tables in a list compared by place: ``reported_by[2].excerpt``, ``reported_by[3] added``."""
    changes: list[FieldChange] = []
    for n in range(max(len(old), len(new))):
        before = old[n] if n < len(old) else MISSING
        after = new[n] if n < len(new) else MISSING
        changes += _value_changes(f"{path}[{n + 1}]", before, after)
    return changes


def _item_changes(path: str, old: list[Any], new: list[Any]) -> list[FieldChange]:
    """Plain values in a list: each one added or removed; the same ones reordered."""
    before, after = Counter(map(_key, old)), Counter(map(_key, new))
    removed = [v for v in old if (before - after)[_key(v)] > 0]
    added = [v for v in new if (after - before)[_key(v)] > 0]
    if not added and not removed:
        return [FieldChange(path, old, new)]  # reordered
    return [FieldChange(path, old=v, item=True) for v in _once(removed)] + [
        FieldChange(path, new=v, item=True) for v in _once(added)
    ]


def _once(values: list[Any]) -> list[Any]:
    seen: set[str] = set()
    kept = []
    for value in values:
        if _key(value) not in seen:
            seen.add(_key(value))
            kept.append(value)
    return kept


def _key(value: Any) -> str:
    return f"{type(value).__name__}:{value_text(value)}"


def _same(old: Any, new: Any) -> bool:
    # 1 and 1.0, or true and 1, are different values in a file though Python calls them equal.
    return type(old) is type(new) and old == new


def value_text(value: Any, width: int = 0) -> str:
    """A value as TOML writes it, on one line: ``"text"``, ``2025-05-16``, ``["a", "b"]``."""
    if isinstance(value, str):
        return _quoted(value, width)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list):
        return shorten(
            "[" + ", ".join(value_text(v, width) for v in value) + "]", width and width * 3
        )
    if isinstance(value, dict):
        inner = ", ".join(f"{k} = {value_text(v, width)}" for k, v in value.items())
        return shorten("{" + inner + "}", width and width * 3)
    return str(value)


def _quoted(text: str, width: int) -> str:
    quoted: str = encode_basestring(text)  # json.dumps(text, ensure_ascii=False), without its setup
    if width and len(quoted) > width:
        return quoted[: max(width - 2, 1)] + '…"'
    return quoted
