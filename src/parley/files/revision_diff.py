"""The records added, removed and changed in a dossier between two revisions, or since one.

``REV`` compares the working tree (untracked record files included) with ``REV``;
``REV..REV2`` compares two commits, as ``git diff`` does. One ``git diff --raw``
lists the files that differ, with renames (exact ones only: similar record files are
alike by their keys, and a loose match would pair unrelated records); one ``git
cat-file --batch`` reads both versions of each; ``dossier/changes.py`` says what
changed, field by field.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parley.dossier.changes import Change, Outcome, Version, compare, compare_bytes, parse_version
from parley.dossier.model import Kind
from parley.dossier.read import kind_of
from parley.files.git import (
    LONG_TIMEOUT,
    SHALLOW_NOTE,
    Blobs,
    Cancelled,
    GitError,
    Repository,
    Stop,
    commit_date,
    repository,
    resolve,
    run,
    untracked,
)


class BadRevision(GitError):
    """The revision given names no commit: a usage error."""


@dataclass(frozen=True)
class RecordChange:
    """One record added, removed, renamed or changed, with both versions' values."""

    kind: Kind
    record_id: str
    status: str  # added, removed, renamed, changed
    change: Change
    old_id: str | None = None  # a renamed record's id before
    old: Version | None = None
    new: Version | None = None

    def value(self, key: str) -> Any:
        """``key``'s value in the newest version there is."""
        for version in (self.new, self.old):
            if version is not None and version.values is not None:
                return version.values.get(key)
        return None


@dataclass
class Comparison:
    """What changed between ``base`` and ``target`` (None: the working tree)."""

    base: str  # as the user gave it
    target: str | None
    base_date: str  # the base commit's author date, ISO 8601
    changes: list[RecordChange] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def of_kind(self, kind: Kind) -> list[RecordChange]:
        return [c for c in self.changes if c.kind is kind]

    def count(self, status: str, kind: Kind | None = None) -> int:
        return sum(1 for c in self.changes if c.status == status and kind in (None, c.kind))


def split_range(spec: str) -> tuple[str, str | None]:
    """``A..B`` -> (A, B); ``A`` -> (A, None); an empty side is HEAD, as in git."""
    if ".." not in spec:
        return spec, None
    if "..." in spec:
        raise BadRevision(f"{spec}: give REV or REV..REV2 (not the three-dot form)")
    base, target = spec.split("..", 1)
    return base or "HEAD", target or "HEAD"


def compare_revisions(
    folder: Path, spec: str, timeout: float = LONG_TIMEOUT, stop: Stop | None = None
) -> Comparison:
    """The records of ``folder`` that differ between the revisions ``spec`` names.

    ``stop`` stops it from another thread: the git process running is killed at once.
    """
    repo = repository(folder, stop)
    base_name, target_name = split_range(spec)
    try:
        base = resolve(repo, base_name, stop)
        target = resolve(repo, target_name, stop) if target_name is not None else None
    except Cancelled:
        raise
    except GitError as error:
        raise BadRevision(str(error)) from None
    result = Comparison(base_name, target_name, commit_date(repo, base, stop))
    if repo.shallow:
        result.notes.append(SHALLOW_NOTE)
    root = Path(repo.top) / repo.relative(folder)
    inside = repo.relative(folder)
    raw = run(["diff", "--raw", "-z", "--no-abbrev", "-M100%", "--no-ext-diff", "--no-textconv",
               base, *([target] if target else []), "--", inside], repo.top, timeout,
              stop=stop)  # fmt: skip
    with Blobs(repo, timeout, stop) as blobs:
        for status, old_path, new_path, old_blob, new_blob in _raw_entries(raw):
            if stop is not None:
                stop.check()  # files read from the work tree, parsed here: no git to kill
            change = _record_change(repo, root, blobs, status, old_path, new_path,
                                    old_blob, new_blob)  # fmt: skip
            if change is not None:
                result.changes.append(change)
        if target is None:
            for name in untracked(repo, folder, stop):
                change = _record_change(repo, root, blobs, "A", None, name, None, None)
                if change is not None:
                    result.changes.append(change)
    result.changes = _pair_renames(result.changes)
    result.changes.sort(key=lambda c: (list(Kind).index(c.kind), c.record_id))
    return result


_NAMING_KEYS = ("text", "name", "title")  # what a record of each kind is known by


def _naming(change: RecordChange) -> tuple[Kind, str] | None:
    """The kind and the text a record is known by (a statement's text, a person's name)."""
    for key in _NAMING_KEYS:
        value = change.value(key)
        if isinstance(value, str):
            return change.kind, value
    return None


def _pair_renames(changes: list[RecordChange]) -> list[RecordChange]:
    """A record removed under one id and added under another with the same text: renamed.

    git pairs only files moved unchanged; a rename with edits (a reformat, a report
    added) between the two revisions is found here, by what the record says.
    """
    removed: dict[tuple[Kind, str], list[RecordChange]] = {}
    for change in changes:
        key = _naming(change) if change.status == "removed" else None
        if key is not None:
            removed.setdefault(key, []).append(change)
    paired: set[int] = set()
    result: list[RecordChange] = []
    for change in changes:
        key = _naming(change) if change.status == "added" else None
        twins = removed.get(key, []) if key is not None else []
        if len(twins) == 1 and id(twins[0]) not in paired:
            before = twins[0]
            paired.add(id(before))
            change = RecordChange(change.kind, change.record_id, "renamed",
                                  compare(before.old, change.new), before.record_id,
                                  before.old, change.new)  # fmt: skip
        result.append(change)
    return [c for c in result if id(c) not in paired]


def _raw_entries(
    raw: bytes,
) -> Iterator[tuple[str, str | None, str | None, str | None, str | None]]:
    """(status letter, old path, new path, old blob, new blob) of each ``--raw -z`` entry."""
    tokens = raw.split(b"\0")
    n = 0
    while n < len(tokens) and tokens[n].startswith(b":"):
        meta = tokens[n][1:].decode("ascii", "replace").split()
        status = meta[4][:1]
        names = 2 if status in ("R", "C") else 1
        paths = [t.decode("utf-8", "surrogateescape") for t in tokens[n + 1 : n + 1 + names]]
        n += 1 + names
        old_blob = None if set(meta[2]) == {"0"} else meta[2]
        new_blob = None if set(meta[3]) == {"0"} else meta[3]
        old_path = None if status == "A" else paths[0]
        new_path = None if status == "D" else paths[-1]
        yield status, old_path, new_path, old_blob, new_blob


def _read(repo: Repository, blobs: Blobs, blob: str | None, path: str | None) -> bytes | None:
    """A version's bytes: its blob, or the working file when git has not hashed it."""
    if path is None:
        return None
    if blob is not None:
        return blobs.read(blob)
    try:
        return (Path(repo.top) / path).read_bytes()
    except OSError:
        return None


def _record_change(
    repo: Repository, root: Path, blobs: Blobs, _status: str,
    old_path: str | None, new_path: str | None, old_blob: str | None, new_blob: str | None,
) -> RecordChange | None:  # fmt: skip
    """The change to one record file, or None for a file that holds no record."""
    old_kind = _kind(repo, root, old_path)
    new_kind = _kind(repo, root, new_path)
    if old_kind is None and new_kind is None:
        return None
    old_raw = _read(repo, blobs, old_blob, old_path) if old_kind else None
    new_raw = _read(repo, blobs, new_blob, new_path) if new_kind else None
    old = None if old_raw is None else parse_version(old_raw)
    new = None if new_raw is None else parse_version(new_raw)
    kind = new_kind or old_kind
    assert kind is not None
    record_id = Path(new_path or old_path or "").stem
    if new_raw is None:
        return RecordChange(kind, Path(old_path or "").stem, "removed", compare(old, None), old=old)
    if old_raw is None:
        return RecordChange(kind, record_id, "added", compare(None, new), new=new)
    change = compare_bytes(old_raw, new_raw)
    old_id = Path(old_path or "").stem
    if old_id != record_id:
        return RecordChange(kind, record_id, "renamed", change, old_id, old, new)
    if change.outcome is Outcome.SAME:
        return None
    return RecordChange(kind, record_id, "changed", change, None, old, new)


def _kind(repo: Repository, root: Path, path: str | None) -> Kind | None:
    """The kind of record a ``.toml`` path from the top holds (None: not a record file)."""
    if path is None or not path.endswith(".toml"):
        return None
    return kind_of(root, Path(repo.top) / path)
