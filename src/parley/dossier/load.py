"""Read a dossier folder into records and problems: ``load``, and ``reload`` after a change.

One bad file never stops the rest: every file is parsed and validated on its
own (``read.parse_file``), then the valid records are checked against each
other (``check.assemble``: duplicate ids, references, warnings) and indexed.
Reloading after a change parses only the files that changed (``reload.py``).
Both pause the cycle collector while records pile up.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from parley.dossier.check import Dossier, assemble
from parley.dossier.read import MAX_FILE_BYTES, ParsedFile, discover, parse_file, unread_folders
from parley.dossier.reload import refresh

__all__ = [
    "MAX_FILE_BYTES",
    "PROGRESS_EVERY",
    "Dossier",
    "ParsedFile",
    "Progress",
    "assemble",
    "discover",
    "load",
    "no_gc",
    "parse_file",
    "reload",
]

_SETTLE_ABOVE = 50_000  # new objects; fewer make a young collection too short to notice


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cycle collector while records pile up.

    Loading makes hundreds of thousands of objects and no cycles; each full
    collection would walk all of them again (a large share of the load time of a
    big dossier). Reference counting still frees everything as usual.
    On the way out the survivors go straight to the oldest generation
    (freeze + unfreeze only relinks lists), or the young generations would
    walk all of them once more right after the load, at the first keypresses.
    Skipped when the application keeps objects frozen itself (``gc.freeze``),
    and after small reloads: ``gc.get_freeze_count`` walks every frozen object,
    which in a running app costs more than the few new objects would.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # With the collector off, the youngest count is the objects made since it went off.
        if gc.get_count()[0] > _SETTLE_ABOVE and not gc.get_freeze_count():
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()


Progress = Callable[[int, int], None]
"""Told ``(files read, files in all)`` as a load goes; ``(n, n)`` once every file is read."""

PROGRESS_EVERY = 1_000  # files between calls: often enough for a bar, too rare to cost anything


def load(root: Path | str, progress: Progress | None = None) -> Dossier:
    """Load every record under ``root``; problems are collected, never raised.

    ``progress``, when given, is called every ``PROGRESS_EVERY`` files and once
    all are read (the cross-record checks come after that last call).
    """
    root = Path(root)
    with no_gc():
        errors: list[OSError] = []
        paths = discover(root, errors)
        if progress is None:
            files = {path: parse_file(root, path) for path in paths}
        else:
            files = _parse_all(root, paths, progress)
        return assemble(root, files, unread_folders(root, errors, reloading=False))


def _parse_all(root: Path, paths: list[Path], progress: Progress) -> dict[Path, ParsedFile]:
    files: dict[Path, ParsedFile] = {}
    total = len(paths)
    progress(0, total)
    for done, path in enumerate(paths, 1):
        files[path] = parse_file(root, path)
        if done % PROGRESS_EVERY == 0:
            progress(done, total)
    if total % PROGRESS_EVERY:
        progress(total, total)
    return files


def reload(dossier: Dossier, paths: Iterable[Path] | None = None) -> tuple[Dossier, set[Path]]:
    """Load again, parsing only files whose size or mtime changed (see ``reload.refresh``).

    Returns the new dossier and the paths that were added, changed or removed.
    """
    with no_gc():
        return refresh(dossier, paths)
