"""Make text from files, paths and error messages safe to show in a terminal.

Every string that came from a dossier file, a file or folder name, or an error
message goes through ``safe`` (or ``clean`` / ``one_line``, built on it) before
it reaches the screen or the CLI's output. It leaves ordinary text alone and
replaces each character a terminal could act on, or that would hide or reorder
text, with a visible escape written the way Python and TOML readers know it:

- C0 controls, DEL and C1 controls: ``\\x1b``, ``\\x07``, ``\\x7f``, ``\\x9b``;
  newline, tab and carriage return as ``\\n``, ``\\t``, ``\\r``. ESC is among
  them, so no escape sequence can move the cursor, recolour the screen, set the
  window title or write the clipboard (OSC 52).
- Bidirectional embeddings, overrides, isolates and marks (U+202A-U+202E,
  U+2066-U+2069, U+200E, U+200F, U+061C), which can make a line display in an
  order other than the one it is written in: ``\\u202e``.
- Zero-width characters (U+200B-U+200D, U+2060, U+FEFF) and the line and
  paragraph separators (U+2028, U+2029), which hide text or break a line
  where the layout does not expect it: ``\\u200b``.
- Lone surrogates, which stand for the bytes of a file name that are not
  UTF-8 and cannot be written to a UTF-8 terminal at all: ``\\udcff``.

A name such as ``ESC ] 0 ; PWNED BEL`` is thus shown as ``\\x1b]0;PWNED\\x07``.
A multi-line view (``clean``) keeps newlines and tabs, reading a CRLF line end
as a newline; everything else uses one line.

This module knows nothing of markup: it returns plain strings. The UI puts them
into widgets as ``Content`` (``ui.render.literal``) or with ``markup=False``, so
``[b]`` or ``[@click=app.quit]`` in a file is shown as written, never run. Cut
text to a width here, before it becomes ``Content``: a cut can then never leave
half a markup tag behind.

Below the safe-text functions are the plain ones every display shares: cutting a
line to a width (``shorten``, ``first_line``, ``snippet``) and naming a side
(``side_label``). They make nothing safe; what they return still goes through
``safe`` or ``one_line`` on its way to the screen.

The functions run for every row drawn, so they cost one regex search when there
is nothing to replace, and return the input unchanged.
"""

from __future__ import annotations

import re

# (first, last) code points of each run shown as an escape.
_RANGES = [
    (0x00, 0x1F),  # C0 controls, ESC among them
    (0x7F, 0x9F),  # DEL and C1 controls
    (0x061C, 0x061C),  # Arabic letter mark
    (0x200B, 0x200F),  # zero-width space, non-joiner, joiner; LTR and RTL marks
    (0x2028, 0x202E),  # line and paragraph separators; bidi embeddings and overrides
    (0x2060, 0x2060),  # word joiner
    (0x2066, 0x2069),  # bidi isolates
    (0xD800, 0xDFFF),  # lone surrogates: the undecodable bytes of a file name
    (0xFEFF, 0xFEFF),  # zero-width no-break space (byte order mark)
]
_KEPT_IN_LINES = "\n\t"
_SHORT = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _visible(code: int) -> str:
    return _SHORT.get(chr(code)) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def _class(ranges: list[tuple[int, int]]) -> str:
    return "".join(
        re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges
    )


_ONE_LINE_TABLE = {c: _visible(c) for a, b in _RANGES for c in range(a, b + 1)}
_LINES_TABLE = {c: v for c, v in _ONE_LINE_TABLE.items() if chr(c) not in _KEPT_IN_LINES}
_UNSAFE = re.compile(f"[{_class(_RANGES)}]")
_UNSAFE_IN_LINES = re.compile("[" + "".join(re.escape(chr(c)) for c in _LINES_TABLE) + "]")


def safe(text: str, *, keep_lines: bool = False) -> str:
    """``text`` with controls, bidi and zero-width characters shown as visible escapes.

    With ``keep_lines`` newlines and tabs stay (for views that show text whole).
    """
    if keep_lines:
        if _UNSAFE_IN_LINES.search(text) is None:
            return text
        return text.replace("\r\n", "\n").translate(_LINES_TABLE)
    if _UNSAFE.search(text) is None:
        return text
    return text.translate(_ONE_LINE_TABLE)


def safe_json(dumped: str) -> str:
    """JSON text with the characters ``json.dumps`` leaves raw written as ``\\uXXXX``.

    The data stays exact (a JSON reader gets the same strings back), but a
    terminal shown the JSON sees no C1 control, bidi or zero-width character.
    """
    if _UNSAFE_IN_LINES.search(dumped) is None:
        return dumped
    return _UNSAFE_IN_LINES.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def clean(text: str) -> str:
    """``text`` made safe for a multi-line view: newlines and tabs kept."""
    return safe(text, keep_lines=True)


def one_line(text: str, width: int = 0) -> str:
    """``text`` made safe on one line (whitespace runs folded), cut to ``width`` with "…"."""
    return shorten(" ".join(clean(text).split()), width)


# -- shortening and naming: plain text, not made safe -------------------------


def shorten(line: str, width: int = 0) -> str:
    """``line`` cut to ``width`` characters (none when 0), its last one "…" when cut."""
    if width and len(line) > width:
        return line[: max(width - 1, 0)] + "…"
    return line


def first_line(text: str, width: int = 0) -> str:
    """The first non-empty line of ``text``, cut to ``width`` characters if given."""
    return shorten(next((ln.strip() for ln in text.splitlines() if ln.strip()), ""), width)


def snippet(text: str, span: tuple[int, int] | None = None, width: int = 60) -> str:
    """``text`` on one line, cut to about ``width`` characters around ``span`` with ``…``."""
    if len(text) <= width:
        return " ".join(text.split())
    start = span[0] if span else 0
    begin = max(0, min(start - width // 3, len(text) - width))
    if begin > 0:
        space = text.find(" ", begin, start)
        if space != -1 and space - begin < 12:
            begin = space + 1
    end = min(len(text), begin + width)
    if end < len(text):
        space = text.rfind(" ", max(begin, start), end)
        if space != -1 and end - space < 12:
            end = space
    piece = " ".join(text[begin:end].split())
    return ("…" if begin > 0 else "") + piece + ("…" if end < len(text) else "")


def side_label(side: str) -> str:
    """A display name for a side slug: ``united-states`` -> ``United States``."""
    return SIDE_NAMES.get(side) or side.replace("-", " ").title()


SIDE_NAMES = {
    "usa": "USA",
    "united-states": "United States",
    "eu": "EU",
    "european-union": "European Union",
    "nato": "NATO",
    "uk": "UK",
}


def plural(count: int, noun: str) -> str:
    """``3 claims``, ``1 person``, ``2 people``."""
    if count == 1:
        return f"1 {noun}"
    return f"{count} {'people' if noun == 'person' else noun + 's'}"
