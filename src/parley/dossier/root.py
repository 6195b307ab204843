"""Where a dossier starts: the folder that holds its record folders.

A dossier is a folder holding at least one of ``rounds/``, ``people/``, ``claims/``,
``articles/``, or the marker file ``.parley`` (which ``parley init`` writes, so that an
empty dossier is still known for one). A file or folder inside a dossier finds its root
by walking up to the nearest such folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from parley.dossier.model import FOLDERS

MARKER = ".parley"


def is_dossier(folder: Path) -> bool:
    """Whether ``folder`` holds a record folder or the marker (an unreadable one does not)."""
    try:
        return (folder / MARKER).is_file() or any((folder / f).is_dir() for f in FOLDERS.values())
    except OSError:  # a name too long, a folder that cannot be listed…
        return False


def find_root(path: Path) -> Path | None:
    """The dossier ``path`` is in or is (itself first, then its parents), or None.

    The walk is over the absolute path as written, not one with links resolved, so a
    dossier reached through a link is found where the user sees it.
    """
    start = Path(os.path.abspath(path))
    try:
        if not start.is_dir():
            start = start.parent
    except OSError:
        start = start.parent
    for folder in (start, *start.parents):
        if is_dossier(folder):
            return folder
    return None
