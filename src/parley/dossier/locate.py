"""Find where a key lives in a TOML file, so problems point at the right line.

TOML parsers return values, not positions. Problems are rare, so instead of a
position-keeping parser we scan the text again when a file has one: a
``KeyMap`` is built in one pass over the text (strings, comments, headers,
dotted keys, inline tables and arrays spanning lines) and then answers any
number of questions about that file without reading it again.

The scan keeps no call stack of its own (nesting is a list), so no file can
make it recurse, and key paths live in a tree, so a key of many dotted parts
costs its length, not its length squared.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

Loc = Sequence[str | int]
Position = tuple[int, int]

# One token at a time, with the blanks before it, tried in this order. Quantifiers
# inside strings are possessive: a string that never closes costs one pass, not a backtrack.
_TOKEN = re.compile(
    r"""
    [ \t\r]*+
    (?:(?P<nl>\n)
    |(?P<comment>\#[^\n]*+)
    |(?P<mlb>\"\"\"(?:[^"\\]++|\\[\s\S]|""?(?!"))*+(?:"{3,5}|\\?\Z))
    |(?P<mll>'''(?:[^']++|''?(?!'))*+(?:'{3,5}|\Z))
    |(?P<basic>"(?:[^"\\\n]++|\\.)*+"?)
    |(?P<literal>'[^'\n]*+'?)
    |(?P<open2>\[\[)
    |(?P<close2>\]\])
    |(?P<punct>[\[\]{}=,.])
    |(?P<bare>[^\s\[\]{}=,.\#"']++)
    |(?P<other>[\s\S]))
    """,
    re.VERBOSE,
)

_STRINGS = frozenset(("basic", "literal", "mlb", "mll"))
_KEY_TOKENS = frozenset(("basic", "literal", "bare"))

# What the scan expects next.
_KEY, _DOT, _HEADER, _HEADER_DOT, _VALUE, _AFTER, _SKIP = range(7)


class _Node:
    """One key path: where it first appears, its children, the strings in its value."""

    __slots__ = ("children", "items", "pos", "tables", "values")

    def __init__(self, pos: Position | None = None) -> None:
        self.pos = pos
        self.children: dict[str | int, _Node] = {}
        self.values: dict[str, Position] | None = None
        self.items: list[Position] | None = None  # where each element of an array starts
        self.tables = 0  # how many ``[[path]]`` headers named this path so far

    def child(self, part: str | int, pos: Position) -> _Node:
        node = self.children.get(part)
        if node is None:
            node = self.children[part] = _Node(pos)
        elif node.pos is None:
            node.pos = pos
        return node


class _Frame:
    """An open array or inline table."""

    __slots__ = ("index", "is_array", "key", "node")

    def __init__(self, is_array: bool, node: _Node, key: _Node) -> None:
        self.is_array = is_array
        self.node = node  # the array's or table's own path
        self.key = key  # the nearest key, whose value the strings inside belong to
        self.index = 0


class KeyMap:
    """Where each key and string value of one file's text is, from one scan of it."""

    def __init__(self, text: str) -> None:
        self._root, self.deepest = _scan(text)

    def locate(self, loc: Loc, value: str | None = None) -> Position:
        """The (line, col) of the deepest part of ``loc`` that appears in the text, 1-based.

        ``loc`` is a key path such as ``("reported_by", 1, "article")``. When
        ``value`` is given and that key's value holds it as a string, the
        string's position is preferred. Falls back to the innermost enclosing
        table, then to 1:1.
        """
        node, best = self._root, None
        for part in loc:
            child = node.children.get(part)
            if child is None:
                items = node.items
                if isinstance(part, int) and items and 0 <= part < len(items) and value is None:
                    return items[part]
                break
            node = child
            if node.pos is not None:
                best = node
        if best is None or best.pos is None:
            return 1, 1
        if value is not None and best.values:
            return best.values.get(value, best.pos)
        return best.pos


def key_position(text: str, loc: Loc, value: str | None = None) -> Position:
    """The position of ``loc`` in ``text`` (see ``KeyMap.locate``); scans ``text`` once."""
    return KeyMap(text).locate(loc, value)


def _string_value(kind: str, token: str) -> str:
    """The text a string token stands for (escapes decoded where JSON's rules agree)."""
    if kind in ("mlb", "mll"):
        body = token[3:-3] if len(token) >= 6 else token[3:]
        body = body.removeprefix("\r\n").removeprefix("\n")
    else:
        body = token[1:-1] if len(token) >= 2 and token[-1] == token[0] else token[1:]
    if kind in ("basic", "mlb") and "\\" in body:
        try:
            decoded = json.loads(f'"{body}"')
        except ValueError:
            return body
        return decoded if isinstance(decoded, str) else body
    return body


def _scan(text: str) -> tuple[_Node, tuple[int, Position] | None]:
    """The key tree of ``text``, and the longest dotted key or header (parts, position)."""
    root = table = _Node((1, 1))
    frames: list[_Frame] = []
    state = _KEY
    line, line_start = 1, 0
    keys: list[tuple[str, Position]] = []
    header: Position = (1, 1)
    header_tables = False
    key = root  # the key whose value is being read
    deepest: tuple[int, Position] | None = None

    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind == "comment":
            continue
        start = match.start(kind)
        if kind == "nl":
            line, line_start = line + 1, start + 1
            if not frames:
                state = _KEY
                keys.clear()
            continue
        token = match.group(kind)
        pos = (line, start - line_start + 1)
        if kind == "mlb" or kind == "mll":
            line, line_start = _past_lines(token, start, line, line_start)

        if state == _SKIP:
            continue
        if state == _KEY or state == _HEADER:
            if kind in _KEY_TOKENS:
                name = token if kind == "bare" else _string_value(kind, token)
                keys.append((name, pos))
                state = _DOT if state == _KEY else _HEADER_DOT
            elif state == _KEY and not frames and not keys and token in ("[", "[["):
                state, header, header_tables = _HEADER, pos, token == "[["
            elif state == _KEY and frames and not frames[-1].is_array and token == "}":
                frames.pop()  # an empty inline table, or one ending in a comma
                state, key = _after(frames, root)
            elif not frames:
                state = _SKIP
        elif state == _DOT or state == _HEADER_DOT:
            if token == ".":
                state = _KEY if state == _DOT else _HEADER
            elif state == _DOT and token == "=":
                key = _walk(frames[-1].node if frames else table, keys, pos)
                state, deepest = _VALUE, _deeper(deepest, len(keys), keys[0][1])
                keys.clear()
            elif state == _HEADER_DOT and token in ("]", "]]"):
                table = _header(root, keys, header, header_tables)
                state, deepest = _SKIP, _deeper(deepest, len(keys), header)
                keys.clear()
            elif not frames:
                state = _SKIP
        elif state == _VALUE:
            state, key = _value(frames, key, kind, token, pos, root)
        elif state == _AFTER:
            state, key = _after_value(frames, token, key, root)
    return root, deepest


def _past_lines(token: str, start: int, line: int, line_start: int) -> tuple[int, int]:
    """The line, and the offset it starts at, after a multi-line string ``token``."""
    newlines = token.count("\n")
    if not newlines:
        return line, line_start
    return line + newlines, start + token.rfind("\n") + 1


def _deeper(
    deepest: tuple[int, Position] | None, depth: int, pos: Position
) -> tuple[int, Position] | None:
    """The first of the deepest keys so far, after a key of ``depth`` parts at ``pos``."""
    return (depth, pos) if deepest is None or depth > deepest[0] else deepest


def _walk(base: _Node, keys: list[tuple[str, Position]], pos: Position) -> _Node:
    """The node of a dotted key under ``base``, each part placed at its own column."""
    node = base
    for name, where in keys:
        node = node.child(name, where)
    node.pos = keys[-1][1] if keys else pos
    return node


def _header(root: _Node, keys: list[tuple[str, Position]], pos: Position, tables: bool) -> _Node:
    """The node a ``[table]`` or ``[[array.of.tables]]`` header opens."""
    node = root
    for n, (name, _) in enumerate(keys):
        node = node.child(name, pos)
        if n < len(keys) - 1 and node.tables:
            node = node.child(node.tables - 1, pos)  # inside the latest [[entry]]
    if tables:
        index = node.tables
        node.tables += 1
        node = node.child(index, pos)
    node.pos = pos
    return node


def _value(
    frames: list[_Frame], key: _Node, kind: str, token: str, pos: Position, root: _Node
) -> tuple[int, _Node]:
    """Read the first token of a value: a string, an array, an inline table or a scalar."""
    if token in ("]", "]]", "}"):  # an empty array, or one ending in a comma
        return _after_value(frames, token, key, root)
    in_array = bool(frames) and frames[-1].is_array
    if in_array:
        array = frames[-1].node
        if array.items is None:
            array.items = []
        array.items.append(pos)
    if kind in _STRINGS:
        if key.values is None:
            key.values = {}
        key.values.setdefault(_string_value(kind, token), pos)
    elif token in ("[", "[[", "{"):
        node = frames[-1].node.child(frames[-1].index, pos) if in_array else key
        if token == "{":
            frames.append(_Frame(False, node, key))
            return _KEY, key
        frames.append(_Frame(True, node, key))
        if token == "[[":
            return _value(frames, key, kind, "[", pos, root)
        return _VALUE, key
    elif kind not in ("bare", "other") and token != ".":
        return _VALUE, key  # stray punctuation: wait for the value itself
    return _after(frames, root)


def _after_value(frames: list[_Frame], token: str, key: _Node, root: _Node) -> tuple[int, _Node]:
    """After a value: a comma or a closing bracket, inside an array or inline table."""
    if not frames:
        return _SKIP, key
    top = frames[-1]
    if token == ",":
        if top.is_array:
            top.index += 1
            return _VALUE, top.key
        return _KEY, key
    if (token in ("]", "]]") and top.is_array) or (token == "}" and not top.is_array):
        frames.pop()
        if token == "]]" and frames and frames[-1].is_array:
            frames.pop()
        return _after(frames, root)
    return _AFTER, key  # the rest of a scalar such as 1.5 or a date-time


def _after(frames: list[_Frame], root: _Node) -> tuple[int, _Node]:
    """The state once a value is complete, and the key later strings belong to."""
    if not frames:
        return _SKIP, root
    return _AFTER, frames[-1].key
