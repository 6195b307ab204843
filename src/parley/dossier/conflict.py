"""Merge-conflict markers in a record file: the blocks, their sides, and each side's whole file.

A merge that git cannot settle leaves blocks like::

    <<<<<<< HEAD
    text = "ours"
    ||||||| base            (only with merge.conflictStyle diff3 or zdiff3)
    text = "before"
    =======
    text = "theirs"
    >>>>>>> their-branch

Git writes them at line starts, inside strings too, so they are found by lines,
not by TOML: a block is only an opening, a separator and a closing marker in that
order, and a lone ``=======`` (a heading underline in a multi-line string) is not
one. Each side is then a whole file (every block replaced by that side), which
parses as TOML the way the file did on that branch. Nothing here asks git: a file
git does not track is read the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from parley.dossier.text import shorten

Side = Literal["ours", "theirs"]
SIDES: tuple[Side, Side] = ("ours", "theirs")

MESSAGE = "unresolved merge conflict"
"""How every conflict problem's message begins (what the problems view recognises)."""

_SIZE = 7  # git's conflict-marker-size


def _marker(line: str, char: str) -> str | None:
    """The label after a marker of ``char`` opening ``line`` ("" for none); None: no marker."""
    body = line.rstrip("\r\n").removeprefix("\ufeff")
    if not body.startswith(char * _SIZE):
        return None
    rest = body[_SIZE:]
    if rest == "":
        return ""
    if rest[0] in " \t":
        return rest[1:].strip()
    return None


@dataclass(frozen=True, slots=True)
class Block:
    """One conflict: its lines in the file (1-based, markers included) and each side's lines."""

    start: int
    end: int
    ours: tuple[str, ...]
    theirs: tuple[str, ...]
    base: tuple[str, ...] | None  # with the diff3 style only
    ours_label: str
    theirs_label: str
    base_label: str | None

    def lines(self, side: Side) -> tuple[str, ...]:
        """The lines (with their line ends) of one side."""
        return self.ours if side == "ours" else self.theirs

    def label(self, side: Side) -> str:
        """What git named a side (``HEAD``, a branch, a commit), or the side's own name."""
        return (self.ours_label if side == "ours" else self.theirs_label) or side

    def differing(self, side: Side) -> list[str]:
        """The side's lines the other side does not have, stripped, blank ones left out."""
        other = set(self.theirs if side == "ours" else self.ours)
        return [line.strip() for line in self.lines(side) if line not in other and line.strip()]


@dataclass(frozen=True, slots=True)
class SideText:
    """One side's whole file, and the file's line each of its lines came from."""

    text: str
    origin: tuple[int, ...]  # origin[n] is the file's line (1-based) of the side's line n + 1

    def file_line(self, line: int) -> int:
        """The file's line for the side's ``line`` (1-based); past the end, the last line."""
        if not self.origin:
            return 1
        return self.origin[min(max(line, 1), len(self.origin)) - 1]


@dataclass(frozen=True, slots=True)
class Conflicts:
    """A file's text split into lines, and its conflict blocks (none: no conflict)."""

    lines: tuple[str, ...]
    blocks: tuple[Block, ...]

    def __bool__(self) -> bool:
        return bool(self.blocks)

    def side(self, side: Side) -> SideText:
        """The whole file with every block replaced by ``side``."""
        kept: list[str] = []
        origin: list[int] = []
        line = 1
        for block in self.blocks:
            kept.extend(self.lines[line - 1 : block.start - 1])
            origin.extend(range(line, block.start))
            first = block.start + 1  # the side's lines follow its marker
            if side == "theirs":
                first = block.end - len(block.theirs)
            kept.extend(block.lines(side))
            origin.extend(range(first, first + len(block.lines(side))))
            line = block.end + 1
        kept.extend(self.lines[line - 1 :])
        origin.extend(range(line, len(self.lines) + 1))
        return SideText("".join(kept), tuple(origin))

    def resolved(self, number: int, side: Side) -> str:
        """The file's text with only block ``number`` (0-based) replaced by ``side``."""
        block = self.blocks[number]
        before, after = self.lines[: block.start - 1], self.lines[block.end :]
        return "".join((*before, *block.lines(side), *after))


def split_lines(text: str) -> tuple[str, ...]:
    """``text``'s lines with their ends, split at ``\n`` only, as TOML and git count lines."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return tuple(lines)


NO_CONFLICTS = Conflicts((), ())
"""What a file without conflicts has (its lines are not split: nothing asks for them)."""


def find_conflicts(text: str) -> Conflicts:
    """The conflict blocks of ``text``; cheap when it holds no ``<<<<<<<`` at all."""
    if "<" * _SIZE not in text:
        return NO_CONFLICTS
    lines = split_lines(text)
    blocks: list[Block] = []
    n = 0
    while n < len(lines):
        opening = _marker(lines[n], "<")
        block = _block_at(lines, n, opening) if opening is not None else None
        if block is None:
            n += 1
            continue
        blocks.append(block)
        n = block.end
    return Conflicts(lines, tuple(blocks))


def _block_at(lines: tuple[str, ...], start: int, opening: str) -> Block | None:
    """The block whose opening marker is at index ``start``, or None when it never closes."""
    base_at = separator = None
    base_label: str | None = None
    for n in range(start + 1, len(lines)):
        if separator is None:
            if _marker(lines[n], "<") is not None:
                return None  # another opening first: this one was not a block
            if base_at is None and (label := _marker(lines[n], "|")) is not None:
                base_at, base_label = n, label
            elif _marker(lines[n], "=") == "":
                separator = n
        elif (closing := _marker(lines[n], ">")) is not None:
            ours_end = base_at if base_at is not None else separator
            base = lines[base_at + 1 : separator] if base_at is not None else None
            return Block(start + 1, n + 1, lines[start + 1 : ours_end], lines[separator + 1 : n],
                         base, opening, closing, base_label)  # fmt: skip
        elif _marker(lines[n], "<") is not None:
            return None
    return None


def conflict_message(block: Block) -> str:
    """``unresolved merge conflict, lines 12-20, ours: …, theirs: …`` for one block."""
    ours, theirs = block.differing("ours"), block.differing("theirs")
    start = _divergence(ours[0] if ours else "", theirs[0] if theirs else "")
    gists = {"ours": _gist(ours, start), "theirs": _gist(theirs, start)}
    sides = ", ".join(f"{_named(block, side)}: {gists[side]}" for side in SIDES)
    return f"{MESSAGE}, lines {block.start}-{block.end}, {sides}"


def _divergence(one: str, other: str) -> int:
    """Where two lines (spaces squeezed) part ways: the length of what they begin with."""
    one, other = " ".join(one.split()), " ".join(other.split())
    if not (one and other):
        return 0
    pairs = zip(one, other, strict=False)
    return next((n for n, (a, b) in enumerate(pairs) if a != b), min(len(one), len(other)))


def _named(block: Block, side: Side) -> str:
    """``ours``, or ``ours (HEAD)`` when git labelled the side."""
    label = block.ours_label if side == "ours" else block.theirs_label
    return f"{side} ({shorten(label, 40)})" if label else side


def _gist(lines: list[str], start: int = 0, width: int = 60) -> str:
    """The first differing line, shortened, and how many more there are.

    Two long lines that part ways late (a sentence with a word changed near its end) are
    shown from a little before ``start``, after their key: cut at the end they would read
    the same.
    """
    if not lines:
        return "(nothing)"
    first = _from(" ".join(lines[0].split()), start, width)
    more = len(lines) - 1
    return f"{first} (+{more} more line{'s' if more > 1 else ''})" if more else first


def _from(line: str, start: int, width: int) -> str:
    """``line`` cut to ``width``, showing where it parts from the other side's line."""
    context = 12
    if len(line) <= width or start <= width - context:
        return shorten(line, width)
    key, equals, _ = line.partition("= ")
    head = key + equals if equals and len(key) <= 20 else ""
    if head and line[len(head) : len(head) + 1] in ('"', "'"):
        head += line[len(head)]  # the value's opening quote: it reads as a string still
    return shorten(f"{head}…{line[start - context :]}", width)


def is_conflict_message(message: str) -> bool:
    """Whether a problem's message is about a conflict block."""
    return message.startswith(MESSAGE)
