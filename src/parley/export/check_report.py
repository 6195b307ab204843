"""What ``parley check PATH ...`` checks and finds, before any format writes it.

Each PATH is a dossier folder or a file or folder inside one; each dossier is checked
once, however many of its files are named, and the named files' problems come first.
Paths keep the form the user gave (``claims/x.toml`` stays relative); the machine
formats for CI (``github``, ``sarif``) make them relative to the repository root.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from parley.dossier.index import Index
from parley.dossier.model import FOLDERS, Kind
from parley.dossier.problems import Problem
from parley.dossier.root import find_root, is_dossier


class NotInDossier(Exception):
    """A PATH that is missing, unusable or in no dossier: what to tell the user, in one line.

    ``said`` names the path as ``{path}``, for the command to show it as it shows paths.
    """

    def __init__(self, path: str, said: str) -> None:
        super().__init__(path, said)
        self.path, self.said = path, said


@dataclass
class Target:
    """One dossier to check: its folder as shown, and the paths named inside it."""

    folder: Path
    """The dossier folder in the form the user's PATH gave (relative stays relative)."""
    absolute: Path
    named: dict[str, str] = field(default_factory=dict)
    """Each named file or folder under ``folder`` (as problems name it) -> as the user gave it.

    Strings, not ``Path``s: a commit may name thousands of files, and ``Path`` objects
    cost ten times as much to make and compare.
    """


@dataclass(frozen=True)
class Checked:
    """One dossier checked: its folder, counts, problems, and (with ``--sources``) questions.

    ``problems`` and ``sources`` are each in the order they are told: the named files'
    first, then the rest, each part sorted.
    """

    target: Target
    counts: dict[Kind, int]
    problems: list[Problem]
    sources: list[Problem] | None = None

    @property
    def folder(self) -> Path:
        return self.target.folder

    @property
    def absolute(self) -> Path:
        return self.target.absolute

    def told(self) -> list[Problem]:
        """The problems and the questions about sources together, in the order text tells them."""
        if not self.sources:
            return self.problems
        return named_first(self.target, [*self.problems, *self.sources])

    @property
    def errors(self) -> int:
        return sum(p.is_error for p in self.problems)

    @property
    def warnings(self) -> int:
        return len(self.problems) - self.errors


def targets(paths: list[str]) -> list[Target]:
    """The dossiers ``paths`` are in, each once, in the order first named.

    Raises ``NotInDossier`` for the first path that is missing or in no dossier.
    """
    found: dict[str, Target] = {}
    roots: dict[str, str | None] = {}  # by parent folder: a commit names many files of one
    for given in paths:
        start = os.path.abspath(given)
        _must_exist(given, start)
        folder = start if os.path.isdir(start) else os.path.dirname(start)
        if folder not in roots:
            root_path = find_root(Path(folder))
            roots[folder] = None if root_path is None else str(root_path)
        root = roots[folder]
        if root is None:
            raise NotInDossier(given, _not_in_dossier(Path(start)))
        target = found.get(root)
        if target is None:
            shown = root if os.path.isabs(given) else os.path.relpath(root)
            target = found[root] = Target(Path(shown), Path(root))
        if start != root:
            inside = start[len(root) :].lstrip(os.sep)  # ``root`` is a folder above ``start``
            target.named[_joined(str(target.folder), inside)] = given
    return list(found.values())


def _joined(folder: str, inside: str) -> str:
    """``str(Path(folder) / inside)`` for a normal ``inside``, without making a ``Path``."""
    if folder == ".":
        return inside
    return folder + inside if folder.endswith(os.sep) else f"{folder}{os.sep}{inside}"


def _must_exist(given: str, start: str) -> None:
    """Raise ``NotInDossier`` unless there is something at ``start``."""
    try:
        os.lstat(start)
    except (FileNotFoundError, NotADirectoryError):
        raise NotInDossier(given, "no such file or folder: {path}") from None
    except OSError as error:  # a name too long, a loop of links…
        reason = error.strerror or type(error).__name__
        raise NotInDossier(given, f"cannot use {{path}}: {reason}") from None


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _not_in_dossier(start: Path) -> str:
    """Why the path at ``start`` cannot be checked, and what to do, in one line."""
    folders = ", ".join(f"{name}/" for name in FOLDERS.values())
    if not _is_dir(start):
        return f"{{path}} is in no dossier: no folder above it holds {folders}"
    message = f"{{path}} is not a dossier: it holds none of {folders}"
    if is_dossier(start / "dossiers"):
        return f"{message}; did you mean {{path}}/dossiers?"
    return f"{message}; to start one there: parley init {{path}}"


def default_paths() -> list[str]:
    """What ``parley check`` checks with no PATH: ./dossiers, else the dossier the current
    folder is in; raises ``NotInDossier`` when there is neither (never the bundled example)."""
    if _is_dir(Path("dossiers")):
        return ["dossiers"]
    if find_root(Path.cwd()) is not None:
        return ["."]
    folders = ", ".join(f"{name}/" for name in FOLDERS.values())
    raise NotInDossier(
        ".",
        "no dossier here: there is no ./dossiers, and neither this folder nor one above it "
        f"holds {folders}; name one (parley check PATH) or start one (parley init)",
    )


def check(target: Target, *, sources: bool = False) -> Checked:
    """Check ``target``'s dossier: from its snapshot when nothing changed (``open_report``)."""
    from parley.files.atomic import remove_stale_temp_files
    from parley.files.cache import open_dossier, open_report

    remove_stale_temp_files(target.folder)  # what a killed save left behind
    questions: list[Problem] | None = None
    if sources:  # the questions need the records: the whole dossier
        dossier = open_dossier(target.folder)
        problems, counts = dossier.problems, dossier.index.counts()
        questions = named_first(target, source_problems(dossier.index))
    else:  # the problems and counts are all it needs: a snapshot has them
        report = open_report(target.folder)
        problems, counts = report.problems, report.counts
    return Checked(target, counts, named_first(target, problems), questions)


def source_problems(index: Index) -> list[Problem]:
    """What an editor would ask of the sources, each at its key's line."""
    from parley.dossier.check import Locator
    from parley.dossier.sources import problems

    return problems(index, Locator())


def named_first(target: Target, problems: list[Problem]) -> list[Problem]:
    """``problems`` sorted, those in the named files and folders first, named as given."""
    if not target.named:
        return sorted(problems)
    first: list[Problem] = []
    rest: list[Problem] = []
    for problem in problems:
        shown = str(problem.path)
        given = _named(target, shown)
        if given is None:
            rest.append(problem)
        elif given == shown:
            first.append(problem)
        else:  # the same file, as the user named it (``x.toml``, not ``../claims/x.toml``)
            path = Path(given)
            # Known by that name too, so that it stays first when ordered again (``told``).
            target.named.setdefault(str(path), given)
            first.append(replace(problem, path=path))
    return sorted(first) + sorted(rest)


def _named(target: Target, path: str) -> str | None:
    """The path as the user gave it if it is named (or under a named folder), else None."""
    given = target.named.get(path)
    if given is not None:
        return given
    folder, parent = str(target.folder), os.path.dirname(path)
    while parent and parent != folder:
        if parent in target.named:
            return path
        parent, last = os.path.dirname(parent), parent
        if parent == last:
            break
    return None


# -- paths for CI ---------------------------------------------------------------------


def repository_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` holding ``.git`` (a folder, or the file of a
    worktree or submodule): found without running git."""
    folder = Path(os.path.abspath(start))
    for candidate in (folder, *folder.parents):
        try:
            if (candidate / ".git").exists():
                return candidate
        except OSError:
            continue
    return None


class RepositoryPaths:
    """Paths as CI reads them: relative to the repository root, else to the current folder."""

    def __init__(self) -> None:
        self._bases: dict[Path, Path] = {}
        self.cwd = Path.cwd()

    def base(self, checked: Checked) -> Path:
        """The folder ``checked``'s paths are relative to."""
        found = self._bases.get(checked.absolute)
        if found is None:
            found = self._bases[checked.absolute] = repository_root(checked.absolute) or self.cwd
        return found

    def of(self, path: Path, base: Path) -> str:
        """``path`` relative to ``base``, with ``/`` between parts."""
        relative = os.path.relpath(os.path.abspath(path), base)
        return Path(relative).as_posix()
