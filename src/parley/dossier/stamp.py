"""A file's stamp: what tells the loader and the writer that a file changed since it was read."""

from __future__ import annotations

import os
from pathlib import Path

Stamp = tuple[int, int]
"""``(mtime_ns, size)``."""


def file_stamp(path: Path | str) -> Stamp | None:
    """The stamp of the file at ``path``, or None when there is none (or it cannot be seen)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size)
