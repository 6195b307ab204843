"""The history of one record file in git: each commit that changed it, with the change as values.

One ``git log --follow`` walks the history (renames included) and one ``git cat-file
--batch`` reads every version of the file; each version is parsed once, however many
commits share it. Entries come as git writes them, newest first, so a view can fill in
while the walk goes on, and ``cancel`` stops both processes from another thread.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from parley.dossier.changes import Change, Outcome, Version, compare, parse_version
from parley.files.git import (
    BATCH,
    LONG_TIMEOUT,
    SHALLOW_NOTE,
    Blobs,
    Cancelled,
    FileCommit,
    GitError,
    Process,
    Repository,
    file_log,
    is_tracked,
    last_change,
    repository,
)


def _batches(commits: Iterator[FileCommit]) -> Iterator[list[FileCommit]]:
    """The commits in batches of 1, 2, 4… up to 128: the first at once, the rest in bulk."""
    batch: list[FileCommit] = []
    size = 1
    for commit in commits:
        batch.append(commit)
        if len(batch) >= size:
            yield batch
            batch, size = [], min(size * 2, BATCH // 4)
    if batch:
        yield batch


class Untracked(GitError):
    """The record's file is not in git: it has no history yet."""


@dataclass(frozen=True)
class LogEntry:
    """One commit that changed the record (``commit`` None: the uncommitted working file)."""

    commit: FileCommit | None
    change: Change

    @property
    def renamed(self) -> tuple[str, str] | None:
        """``(old path, new path)`` when the commit renamed the file."""
        c = self.commit
        if c is not None and c.status == "R" and c.old_path and c.path:
            return c.old_path, c.path
        return None


class RecordLog:
    """The history of the file at ``path`` in the repository ``folder`` is in."""

    def __init__(self, folder: Path, path: Path, timeout: float = LONG_TIMEOUT) -> None:
        self.path, self.timeout = path, timeout
        self.repo: Repository = repository(folder)
        self.name = self.repo.relative(path)
        self._lock = threading.Lock()
        self._processes: list[Process] = []
        self._blobs: Blobs | None = None
        self.cancelled = False
        if not is_tracked(self.repo, path) and last_change(self.repo, [self.name]) is None:
            raise Untracked(f"{self.name} is not tracked by git: it has no history yet")

    @property
    def notes(self) -> list[str]:
        """What the user should know about the history shown: a shallow clone cuts it."""
        return [SHALLOW_NOTE] if self.repo.shallow else []

    def cancel(self) -> None:
        """Stop reading (from any thread): ``entries`` ends with ``Cancelled``."""
        with self._lock:
            self.cancelled = True
            for process in self._processes:
                process.cancel()
            if self._blobs is not None:
                self._blobs.cancel()

    def entries(self) -> Iterator[LogEntry]:
        """The working file's change, if uncommitted, then each commit, newest first."""
        with self._lock:
            if self.cancelled:
                raise Cancelled("stopped")
            self._blobs = Blobs(self.repo, self.timeout)
        versions: dict[str, Version] = {}
        try:
            working = self._working(self._blobs, versions)
            if working is not None:
                yield working
            commits = file_log(self.repo, self.name, timeout=self.timeout,
                               started=self._processes)  # fmt: skip
            for batch in _batches(commits):
                self._read_versions(batch, self._blobs, versions)
                for commit in batch:
                    if commit.status:  # a merge that left the file as its first parent had it
                        yield LogEntry(commit, self._change(commit, versions))
        finally:
            self._blobs.close()

    @staticmethod
    def _read_versions(batch: list[FileCommit], blobs: Blobs, versions: dict[str, Version]) -> None:
        """Read and parse, in one exchange with git, the versions of ``batch`` not yet parsed."""
        wanted = [b for c in batch for b in (c.old_blob, c.new_blob) if b and b not in versions]
        for blob, raw in blobs.read_many(wanted).items():
            versions[blob] = parse_version(raw) if raw is not None else Version(None, "missing")

    @staticmethod
    def _change(commit: FileCommit, versions: dict[str, Version]) -> Change:
        if commit.old_blob is not None and commit.old_blob == commit.new_blob:
            return Change(Outcome.SAME)
        old = versions.get(commit.old_blob) if commit.old_blob else None
        new = versions.get(commit.new_blob) if commit.new_blob else None
        return compare(old, new)

    def _working(self, blobs: Blobs, versions: dict[str, Version]) -> LogEntry | None:
        """The change the working file holds over its last commit, if it holds one."""
        try:
            on_disk: bytes | None = self.path.read_bytes()
        except OSError:
            on_disk = None
        committed = blobs.read(f"HEAD:{self.name}")
        if committed == on_disk:
            return None
        old = None if committed is None else parse_version(committed)
        new = None if on_disk is None else parse_version(on_disk)
        return LogEntry(None, compare(old, new))


def deleted_record(folder: Path, record_id: str) -> Path | None:
    """Where the record ``record_id`` was, if git has it and the folder no longer does."""
    from parley.dossier.model import FOLDERS

    try:
        repo = repository(folder)
        inside = repo.relative(folder)
        names = [
            f"{inside}/{kind}/{record_id}.toml".removeprefix("./") for kind in FOLDERS.values()
        ]
        name = last_change(repo, names)
    except GitError:
        return None
    return None if name is None else repo.top / name
