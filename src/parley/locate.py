"""Find where a key lives in a TOML file, so problems point at the right line.

TOML parsers return values, not positions. Problems are rare, so instead of a
position-keeping parser we scan the text again when one needs a line: table
headers and ``key =`` lines are enough to place every error a record can have.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)\s*=""")

Loc = Sequence[str | int]


def _unquote(key: str) -> str:
    if len(key) >= 2 and key[0] == key[-1] and key[0] in "\"'":
        return key[1:-1]
    return key


def _key_positions(text: str) -> dict[tuple[str | int, ...], tuple[int, int]]:
    """Map each key path in ``text`` to the (line, col) where it starts, 1-based."""
    positions: dict[tuple[str | int, ...], tuple[int, int]] = {}
    table: tuple[str | int, ...] = ()
    array_counts: dict[tuple[str | int, ...], int] = {}
    in_multiline: str | None = None
    depth = 0  # open brackets of a multi-line array value
    for number, line in enumerate(text.splitlines(), start=1):
        if in_multiline:
            if line.count(in_multiline) % 2 == 1:
                in_multiline = None
            continue
        if depth > 0:
            depth += _bracket_balance(line)
            continue
        header = _HEADER.match(line)
        if header:
            path = tuple(_unquote(p.strip()) for p in header.group(2).split("."))
            col = line.index("[") + 1
            if header.group(1) == "[[":
                index = array_counts.get(path, 0)
                array_counts[path] = index + 1
                table = (*path, index)
                positions.setdefault(path, (number, col))
            else:
                table = path
            positions[table] = (number, col)
            continue
        key = _KEY.match(line)
        if not key:
            continue
        name = _unquote(key.group(1))
        col = line.index(key.group(1)) + 1
        positions[(*table, name)] = (number, col)
        rest = line[key.end() :]
        for quote in ('"""', "'''"):
            if rest.count(quote) == 1:
                in_multiline = quote
        if in_multiline is None:
            depth = max(_bracket_balance(rest), 0)
    return positions


def _bracket_balance(line: str) -> int:
    stripped = re.sub(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'', "", line.split("#", 1)[0])
    return stripped.count("[") - stripped.count("]")


def locate(text: str, loc: Loc, value: str | None = None) -> tuple[int, int]:
    """The (line, col) of the deepest part of ``loc`` that appears in ``text``.

    ``loc`` is a key path such as ``("reported_by", 1, "article")``. When the
    key holds a list and ``value`` is given, the line of that value is preferred.
    Falls back to the innermost enclosing table, then to 1:1.
    """
    positions = _key_positions(text)
    parts = tuple(loc)
    while parts:
        if parts in positions:
            line, col = positions[parts]
            if value is not None:
                found = _find_value(text, line, value)
                if found:
                    return found
            return line, col
        parts = parts[:-1]
    return 1, 1


def _find_value(text: str, start_line: int, value: str) -> tuple[int, int] | None:
    needles = (f'"{value}"', f"'{value}'")
    lines = text.splitlines()
    for number in range(start_line, min(len(lines), start_line + 200) + 1):
        line = lines[number - 1]
        if number > start_line and (_HEADER.match(line) or _KEY.match(line)):
            break
        for needle in needles:
            col = line.find(needle)
            if col >= 0:
                return number, col + 1
    return None
