"""``parley init``: a new dossier, empty or a copy of the example shipped with parley.

The folder is built whole in a hidden sibling and then renamed into place, so a failure
midway (a full disk, a permission) leaves nothing half-made where the user asked for it.
The example inside the installed package is read-only: every writing command and key
refuses it with ``READ_ONLY``, which says how to get a copy to edit.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

from parley.dossier.model import FOLDERS
from parley.dossier.root import MARKER

READ_ONLY = (
    "the example that comes with parley is read-only; for a copy to edit: parley init --example DIR"
)
"""Why nothing is written into the shipped example, and what to do instead (one sentence)."""

KEEP = ".gitkeep"  # git keeps no empty folder: this file keeps each record folder

MARKER_TEXT = "# This folder is a parley dossier (made by parley init), even while empty.\n"

# What parley and editors leave behind that is no record: a save's temp file
# (files/atomic.py), an older one's, and the swap and backup files of common editors.
GITIGNORE = """\
# Temp files of a parley save, removed once their process is gone
.*.parley-*.tmp
.*.parley-tmp-*
# Editors' swap and backup files
*.swp
*.swo
*~
.#*
\\#*\\#
.DS_Store
"""

README = """\
# A parley dossier

One TOML file per record; the file name is the record's id
(`claims/kyslytsia-on-ceasefire.toml` is the claim `kyslytsia-on-ceasefire`).

```
rounds/     one file per meeting of the parties
people/     one file per person: delegates and everyone quoted or mentioned
claims/     one file per statement someone made
articles/   one file per source that reports statements
archives/   (optional) an article's text, archives/<article id>.md
schema/     JSON Schemas your editor uses to complete and check the files
```

From this folder:

```sh
parley .            # the app: n adds a record of the tab's kind, ? lists every key
parley check .      # what is wrong, each at its file and line
parley new claim > claims/my-claim.toml   # a commented template to fill in by hand
```

The whole format, with a worked example: `parley init --example example`, then its README.md.
"""


class InitRefused(Exception):
    """``parley init`` will not use the folder given; the message says why, for the user."""


@dataclass(frozen=True)
class Made:
    """What ``init`` made: the folder, and its entries to list for the user."""

    folder: Path
    entries: list[str]


ABOUT = {
    "rounds/": "one file per meeting of the parties",
    "people/": "one file per person: delegates and everyone quoted",
    "claims/": "one file per statement someone made",
    "articles/": "one file per source that reports statements",
    "archives/": "the articles' texts",
    "schema/": "JSON Schemas your editor uses to complete and check the files",
    "README.md": "what goes where",
    ".gitignore": "temp and swap files git need not keep",
    MARKER: "marks the folder as a dossier",
}


def describe(made: Made) -> list[tuple[str, str]]:
    """Each entry made, with what it is for (and how many records a record folder holds)."""
    described = []
    for name in made.entries:
        about = ABOUT.get(name, "")
        if name.rstrip("/") in FOLDERS.values():
            count = sum(1 for _ in (made.folder / name).rglob("*.toml"))
            about = f"{about} ({count} now)" if count else about
        described.append((name, about))
    return described


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or lies within it, links resolved on both sides."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a loop of links
        return False


def refusal(target: Path, bundled: Path) -> str | None:
    """Why ``target`` cannot become a new dossier, or None when it can."""
    if inside(target, bundled):
        return (
            "it is inside the example that comes with parley, which is read-only; "
            "for a copy to edit: parley init --example DIR"
        )
    if target.is_symlink() and not target.exists():
        return "it is a link to nothing"
    if target.exists() and not target.is_dir():
        return "not a folder"
    if target.is_dir():
        names = sorted(p.name for p in target.iterdir())
        if names:
            more = f" and {len(names) - 3} more" if len(names) > 3 else ""
            held = f"{', '.join(names[:3])}{more}"
            return f"it is not empty: it holds {held}; give a new or empty folder"
    return None


def init(target: Path, bundled: Path, *, example: bool = False) -> Made:
    """Make a new dossier at ``target``: empty, or a copy of ``bundled`` with ``example``.

    Raises ``InitRefused`` for a folder it will not use, ``OSError`` when making it failed
    (then nothing of it is left).
    """
    why = refusal(target, bundled)
    if why is not None:
        raise InitRefused(why)
    target = target.resolve() if target.is_symlink() else Path(os.path.abspath(target))
    parent = target.parent
    missing = [p for p in (parent, *parent.parents) if not p.exists()]  # innermost first
    temp = parent / f".{target.name}.parley-init-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        parent.mkdir(parents=True, exist_ok=True)
        if example:
            _copy(bundled, temp)
        else:
            temp.mkdir()
            _empty(temp)
        _common(temp)
        _move(temp, target)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        for folder in missing:  # only the folders this call made
            try:
                folder.rmdir()
            except OSError:
                break
        raise
    return Made(target, _listed(target))


def _empty(folder: Path) -> None:
    """The four record folders, each kept by git, the schemas and the README."""
    from parley.files.schema import write_schemas

    for name in FOLDERS.values():
        (folder / name).mkdir()
        (folder / name / KEEP).write_text("", "utf-8")
    write_schemas(folder)
    (folder / "README.md").write_text(README, "utf-8")


def _copy(bundled: Path, folder: Path) -> None:
    """A copy of the shipped example the user may write: installed files may be read-only."""
    shutil.copytree(
        bundled,
        folder,
        copy_function=shutil.copyfile,  # the content, not the package's read-only modes
        ignore=shutil.ignore_patterns("__pycache__", ".*.parley-*"),
    )
    for where, folders, files in os.walk(folder):
        for name in folders:
            _add_mode(Path(where, name), stat.S_IRWXU)
        for name in files:
            _add_mode(Path(where, name), stat.S_IRUSR | stat.S_IWUSR)
    _add_mode(folder, stat.S_IRWXU)


def _add_mode(path: Path, bits: int) -> None:
    path.chmod(stat.S_IMODE(path.stat().st_mode) | bits)


def _common(folder: Path) -> None:
    """What both kinds of new dossier get: the marker and a ``.gitignore``."""
    (folder / MARKER).write_text(MARKER_TEXT, "utf-8")
    if not (folder / ".gitignore").exists():
        (folder / ".gitignore").write_text(GITIGNORE, "utf-8")


def _move(temp: Path, target: Path) -> None:
    """Put the finished dossier at ``target``.

    A new folder is renamed into place. An empty one that is there already is kept and
    filled, entry by entry: it may be the shell's current folder (``parley init .``),
    which a rename would leave the shell in a deleted folder.
    """
    if not target.exists():
        os.rename(temp, target)
        return
    moved: list[Path] = []
    try:
        for entry in sorted(temp.iterdir()):
            os.rename(entry, target / entry.name)
            moved.append(target / entry.name)
    except BaseException:
        for path in moved:  # back where the caller's cleanup removes them
            os.rename(path, temp / path.name)
        raise
    temp.rmdir()


def _listed(folder: Path) -> list[str]:
    """The folder's entries as ``ls -p`` shows them: folders first, each with a slash."""
    entries = sorted(folder.iterdir(), key=lambda p: (not p.is_dir(), p.name))
    return [f"{p.name}/" if p.is_dir() else p.name for p in entries]
