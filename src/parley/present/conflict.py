"""The conflict view's content: one conflict block of a file, its two sides side by side.

Each side is read as the whole file it stands for (``dossier/conflict.py``): where
it parses, its fields as written, the ones the other side has otherwise marked;
where it does not, why, and the block's raw lines. Keeping a side is the file's
bytes with that one block replaced, and nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import rtoml

from parley.dossier.conflict import SIDES, Block, Conflicts, Side, find_conflicts
from parley.dossier.read import kind_of, parse_text, read_bytes
from parley.files.atomic import Expect, atomic_write


@dataclass(frozen=True, slots=True)
class Field:
    """One key of one side as written (``reported_by[1].excerpt``); whether the sides differ."""

    key: str
    value: str | None  # None: this side has no such key
    differs: bool


@dataclass(frozen=True, slots=True)
class SideView:
    """What one side of a block holds: its fields where it parses, else its raw lines."""

    side: Side
    label: str  # what git called it: HEAD, a branch, a commit
    fields: tuple[Field, ...] | None  # None: the side is not TOML
    problems: tuple[str, ...]  # ``line 7: …``: why the side is not a valid record
    lines: tuple[str, ...]  # the block's own lines of this side, as in the file


@dataclass(frozen=True, slots=True)
class ConflictView:
    """One block of a file as shown: the bytes it was read from, and both sides."""

    path: Path
    raw: bytes
    conflicts: Conflicts
    number: int  # which block, 0-based
    sides: tuple[SideView, SideView]

    @property
    def block(self) -> Block:
        return self.conflicts.blocks[self.number]

    @property
    def count(self) -> int:
        return len(self.conflicts.blocks)

    def kept(self, side: Side) -> str:
        """The file's text with this block replaced by ``side``; every other byte as it was."""
        return self.conflicts.resolved(self.number, side)


def keep(view: ConflictView, side: Side, root: Path) -> None:
    """Replace the block shown by ``side``, atomically; ``WriteRefused`` if the file changed.

    The file must still hold the bytes the view was read from, so a file changed
    on disk since (another edit, a ``git merge --abort``) is never written over.
    """
    atomic_write(view.path, view.kept(side), expect=Expect.unchanged(view.raw), root=root)


def read_conflict(root: Path, path: Path, number: int = 0) -> ConflictView | None:
    """Block ``number`` (or the last) of the file at ``path``; None when it holds no conflict.

    Raises ``OSError`` (or ``read.Refused``) when the file cannot be read, and
    ``UnicodeDecodeError`` when it is not UTF-8.
    """
    _stamp, raw = read_bytes(path)
    conflicts = find_conflicts(raw.decode("utf-8"))  # a BOM stays: the bytes are kept whole
    if not conflicts:
        return None
    number = min(max(number, 0), len(conflicts.blocks) - 1)
    block = conflicts.blocks[number]
    flat = {side: _fields_of(conflicts.side(side).text) for side in SIDES}
    sides = tuple(
        _side_view(root, path, conflicts, block, side, flat[side], flat[_other(side)])
        for side in SIDES
    )
    return ConflictView(path, raw, conflicts, number, (sides[0], sides[1]))


def _other(side: Side) -> Side:
    return "theirs" if side == "ours" else "ours"


def _side_view(
    root: Path,
    path: Path,
    conflicts: Conflicts,
    block: Block,
    side: Side,
    mine: dict[str, str] | None,
    theirs: dict[str, str] | None,
) -> SideView:
    text = conflicts.side(side)
    problems: list[str] = []
    kind = kind_of(root, path)
    if kind is not None:
        for problem in parse_text(path, kind, text.text.removeprefix("\ufeff"))[1]:
            problems.append(f"line {text.file_line(problem.line)}: {problem.message}")
    fields = None if mine is None else tuple(_compared(mine, theirs or {}))
    return SideView(side, block.label(side), fields, tuple(problems), block.lines(side))


def _compared(mine: dict[str, str], theirs: dict[str, str]) -> Iterator[Field]:
    """This side's keys in its order, then the keys only the other side has, marked absent."""
    for key, value in mine.items():
        yield Field(key, value, theirs.get(key) != value)
    for key in theirs:
        if key not in mine:
            yield Field(key, None, True)


def _fields_of(text: str) -> dict[str, str] | None:
    """Every key of a TOML text as written, flattened, with its value as text; None: not TOML."""
    try:
        data = rtoml.loads(text.removeprefix("\ufeff"))
    except rtoml.TomlParsingError:
        return None
    return dict(_flatten(data, ""))


def _flatten(data: dict[str, Any], prefix: str) -> Iterator[tuple[str, str]]:
    for key, value in data.items():
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            yield from _flatten(value, name)
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for n, item in enumerate(value, 1):
                yield from _flatten(item, f"{name}[{n}]")
        elif isinstance(value, list):
            yield name, ", ".join(_scalar(v) for v in value)
        else:
            yield name, _scalar(value)


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return str(value)
