"""Record ids for shell completion: file names only, listed fast, nothing loaded or checked.

The shell runs this on every tab (``python -m parley.files.record_ids``), so it imports
nothing of parley's but this file: no model, no pydantic. A record's id is its file name
(``claims/<id>.toml``, in any subfolder), as the loader has it.

Arguments: ``KINDS PREFIX WORD...``: the record folders to look in (``all``, or
``claims,articles``), the start of the id being completed, and the other words of the
command line, the first existing dossier folder among which is the one to list (else the
default folder ``parley`` opens).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path

# The record folders (``parley.dossier.model.FOLDERS``, which a test keeps this equal to).
FOLDERS = ("rounds", "people", "claims", "articles")
BUNDLED = Path(__file__).parents[1] / "bundled"
SUFFIX = ".toml"
LIMIT = 1000  # candidates a shell takes at once without a pause


def default_folder() -> Path:
    """The folder ``parley`` opens with no DIR (the same as ``parley.cli.default_folder``)."""
    local = Path("dossiers")
    return local if local.is_dir() else BUNDLED


def is_dossier(folder: str) -> bool:
    """Whether ``folder`` holds one of the record folders (a cheap ``dossier.root`` check)."""
    return any(os.path.isdir(os.path.join(folder, name)) for name in FOLDERS)


def folder_of(words: Sequence[str]) -> Path:
    """The dossier the command line names (its first word is the command), else the default."""
    for word in words[1:]:
        if word and not word.startswith("-") and is_dossier(os.path.expanduser(word)):
            return Path(os.path.expanduser(word))
    return default_folder()


def ids(folder: Path, folders: Sequence[str], prefix: str) -> Iterator[str]:
    """The ids starting with ``prefix`` of the record files under ``folder/<each of folders>``."""
    for name in folders:
        yield from _walk(os.path.join(folder, name), prefix)


def _walk(top: str, prefix: str) -> Iterator[str]:
    # Names only (no entry objects, no stat of a record file): a 100k folder is listed in
    # about the time ``find`` takes.
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            names = os.listdir(folder)
        except OSError:  # gone, unreadable, not a folder: nothing to offer from it
            continue
        for name in names:
            if name.endswith(SUFFIX):
                if name.startswith(prefix) and not name.startswith("."):
                    yield name[: -len(SUFFIX)]
            elif not name.startswith("."):
                path = os.path.join(folder, name)
                if os.path.isdir(path) and not os.path.islink(path):
                    stack.append(path)


def offered(found: Collection[str], limit: int = LIMIT) -> list[str]:
    """``found``, sorted; when more than ``limit``, where they part ways, as a shell lists a folder.

    A shell lists 100,000 candidates slowly and asks before showing them; cut at the depth
    that keeps ``limit`` or fewer, each tab takes the id one step further.
    """
    if len(found) <= limit:
        return sorted(found)
    # The deepest cut with at most ``limit`` stems (their count grows with the depth), but
    # past the start all ids share, or the shell would have nothing to show. The depth is
    # sought in a sample (a sample has no more stems than the whole), then checked whole.
    items = list(found)
    sample = items[:: max(1, len(items) // (4 * limit))]
    shallowest = _shared_start(items) + 1
    low, high = shallowest, max(map(len, sample))
    while low < high:
        middle = (low + high + 1) // 2
        if len({record_id[:middle] for record_id in sample}) <= limit:
            low = middle
        else:
            high = middle - 1
    while len(stems := {record_id[:low] for record_id in items}) > limit and low > shallowest:
        low -= 1
    return sorted(stems)


def _shared_start(names: Sequence[str]) -> int:
    """How many characters all ``names`` start with (the first and last in order share it)."""
    first, last = min(names), max(names)
    n = 0
    while n < len(first) and first[n] == last[n]:
        n += 1
    return n


def main(argv: Sequence[str]) -> int:
    """Print the ids to offer, one a line."""
    if len(argv) < 2:
        return 2
    kinds, prefix, *words = argv
    folders = FOLDERS if kinds == "all" else tuple(k for k in kinds.split(",") if k in FOLDERS)
    found = offered(set(ids(folder_of(words), folders, prefix)))
    sys.stdout.write("".join(f"{record_id}\n" for record_id in found))
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main(sys.argv[1:]))
    except (BrokenPipeError, KeyboardInterrupt):
        raise SystemExit(1) from None
