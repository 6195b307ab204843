"""Markdown escaping: a record's text stays text in any Markdown reader.

A stand-in with the functions the brief needs, until the citations' Markdown
module replaces it (same names, same behaviour). ``escape`` backslash-escapes
what is markup inside a line, and at a line's start what would begin a block;
a newline becomes a hard line break. Characters a terminal would act on are
written as numeric character references, which a Markdown reader reads back.
"""

from __future__ import annotations

import re

_INLINE_RE = re.compile("[" + re.escape("\\`*_[]<>|&$@~^!{}") + "]")
_LINE_START_RE = re.compile(r"^([#+=\-]|\d+(?=[.)]))")
_UNSAFE_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060\u2066-\u2069"
    "\ud800-\udfff\ufeff]"
)
_SAFE_URL_RE = re.compile(r"^https?://[^\s<>]+$", re.IGNORECASE)


def _reference(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"&#{code};" if not 0xD800 <= code <= 0xDFFF else "&#xFFFD;"


def _escape_line(line: str) -> str:
    line = _INLINE_RE.sub(lambda m: "\\" + m.group(), line.lstrip(" \t"))
    start = _LINE_START_RE.match(line)
    if start and start.group().isdigit():
        line = line[: start.end()] + "\\" + line[start.end() :]
    elif start:
        line = "\\" + line
    return _UNSAFE_RE.sub(_reference, line)


def escape(text: str, indent: int = 0) -> str:
    """``text`` as Markdown that renders to ``text``; lines joined by hard breaks, indented."""
    lines = text.replace("\r\n", "\n").strip("\n").split("\n")
    return ("\\\n" + " " * indent).join(_escape_line(line) for line in lines)


def one_line(text: str) -> str:
    """``text`` escaped on one line (a heading, a table cell): line breaks become spaces."""
    return escape(" ".join(text.split()))


def url_text(url: str) -> str:
    """A URL as an autolink when it is a plain http(s) address, else escaped text."""
    if _SAFE_URL_RE.match(url) and not _UNSAFE_RE.search(url):
        return f"<{url}>"
    return one_line(url)
