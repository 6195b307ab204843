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
from collections.abc import Iterator, Sequence
from pathlib import Path

# The record folders (``parley.dossier.model.FOLDERS``, which a test keeps this equal to).
FOLDERS = ("rounds", "people", "claims", "articles")
BUNDLED = Path(__file__).parents[1] / "bundled"
SUFFIX = ".toml"


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
    stack = [top]
    while stack:
        try:
            with os.scandir(stack.pop()) as entries:
                for entry in entries:
                    name = entry.name
                    if name.startswith("."):
                        continue
                    if name.endswith(SUFFIX) and name.startswith(prefix):
                        yield name[: -len(SUFFIX)]
                    elif entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
        except OSError:  # gone, unreadable: nothing to offer from it
            continue


def main(argv: Sequence[str]) -> int:
    """Print the matching ids, sorted, one a line."""
    if len(argv) < 2:
        return 2
    kinds, prefix, *words = argv
    folders = FOLDERS if kinds == "all" else tuple(k for k in kinds.split(",") if k in FOLDERS)
    found = sorted(set(ids(folder_of(words), folders, prefix)))
    sys.stdout.write("".join(f"{record_id}\n" for record_id in found))
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main(sys.argv[1:]))
    except (BrokenPipeError, KeyboardInterrupt):
        raise SystemExit(1) from None
