"""Markdown for what leaves parley: record text escaped so it stays text, and citations.

A record's text never becomes Markdown syntax. ``escape`` backslash-escapes every
character CommonMark, GitHub tables and pandoc read as markup inside a line (``*``,
``_``, backticks, brackets, ``<``, ``>``, ``|``, ``&`` for entities, ``$`` for pandoc
math, ``@`` for pandoc citations), and at the start of each line what would begin a
block (``#``, ``-``, ``+``, ``=``, a number followed by ``.`` or ``)``). A newline
inside the text becomes a hard line break indented to stay inside its list item,
so it can neither end the item nor start a block. Characters a terminal would act
on (controls, bidi and zero-width characters) are written as numeric character
references: a Markdown reader gets them back exactly, but ``cat brief.md`` shows
only ``&#27;``. Rendered, the text reads exactly as the record has it.
"""

from __future__ import annotations

import re

from parley.dossier.index import Index
from parley.dossier.model import Article
from parley.export.citation import (
    CiteError,
    ClaimCitation,
    Source,
    article_source,
    claim_citation,
    day_text,
)

# Inline markup in CommonMark, GFM (tables, strikethrough) and pandoc (math, citations,
# super- and subscript). Backslash first: it escapes the others.
_INLINE = "\\`*_[]<>|&$@~^!{}"
_INLINE_RE = re.compile("[" + re.escape(_INLINE) + "]")
# What starts a block at the beginning of a line, when not already escaped above:
# a heading, a list bullet, a setext underline, an ordered list's "12." or "12)".
_LINE_START_RE = re.compile(r"^([#+=\-]|\d+(?=[.)]))")
# Same ranges as the terminal's safe text (parley.dossier.text): controls, DEL, C1,
# bidi and zero-width characters; tab and newline are handled as layout instead.
_UNSAFE_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060\u2066-\u2069"
    "\ud800-\udfff\ufeff]"
)
_SAFE_URL_RE = re.compile(r"^https?://[^\s<>]+$", re.IGNORECASE)


def _reference(match: re.Match[str]) -> str:
    code = ord(match.group())
    # A lone surrogate cannot be written to a UTF-8 file; CommonMark reads it as U+FFFD.
    return f"&#{code};" if not 0xD800 <= code <= 0xDFFF else "&#xFFFD;"


def _escape_line(line: str) -> str:
    # Leading blanks would indent a block (code) and do not render in a paragraph anyway.
    line = line.lstrip(" \t")
    line = _INLINE_RE.sub(lambda m: "\\" + m.group(), line)
    start = _LINE_START_RE.match(line)
    if start and start.group().isdigit():
        line = line[: start.end()] + "\\" + line[start.end() :]  # "1986." -> "1986\."
    elif start:
        line = "\\" + line
    return _UNSAFE_RE.sub(_reference, line)


def escape(text: str, indent: int = 0) -> str:
    """``text`` as Markdown that renders to exactly ``text``: no markup, no new block.

    Lines after the first are joined by a hard line break and indented by
    ``indent`` spaces, so text inside a list item stays in it.
    """
    lines = text.replace("\r\n", "\n").strip("\n").split("\n")
    return ("\\\n" + " " * indent).join(_escape_line(line) for line in lines)


def one_line(text: str) -> str:
    """``text`` escaped on one line (a heading, a table cell): line breaks become spaces."""
    return escape(" ".join(text.split()))


def link(label: str, url: str | None) -> str:
    """A link to ``url`` labelled with the escaped ``label``; only the label when
    ``url`` is not a plain http(s) address (a ``javascript:`` URL is never a link)."""
    text = one_line(label)
    if not url or not _SAFE_URL_RE.match(url):
        return text
    destination = url.replace("\\", "%5C").replace("(", "%28").replace(")", "%29")
    return f"[{text}]({_UNSAFE_RE.sub(_reference, destination)})"


def url_text(url: str) -> str:
    """A URL shown as an autolink when it is a plain http(s) address, else escaped text."""
    if _SAFE_URL_RE.match(url) and not _UNSAFE_RE.search(url):
        return f"<{url}>"
    return one_line(url)


def source_markdown(source: Source, indent: int = 0) -> str:
    """An article as one line of Markdown: outlet, linked title, date, authors, grade."""
    parts = [one_line(source.outlet_text), link(f"“{source.title}”", source.url)]
    parts.append(day_text(source.published))
    if source.authors:
        parts.append("by " + one_line(", ".join(source.authors)))
    if source.reliability:
        parts.append("reliability " + one_line(source.reliability))
    line = ", ".join(parts)
    if source.excerpt:
        line += ": “" + escape(source.excerpt, indent + 2) + "”"
    return line


def citation_markdown(citation: ClaimCitation) -> str:
    """A statement's citation as a list item: who and what, when and where, its reports."""
    detail = citation.who_detail
    who = f"**{one_line(citation.who)}**" + (f", {one_line(detail)}" if detail else "")
    text = escape(citation.text, 2)
    what = f"quoted: “{text}”" if citation.is_quote else f"paraphrased: {text}"
    lines = [f"- {who}, {what}\\", f"  When: {one_line(citation.when)}"]
    if citation.where:
        lines[-1] += "\\"
        lines.append(f"  Where: {one_line(citation.where)}")
    if citation.badge:
        lines[-1] += "\\"
        lines.append(f"  Grade: {one_line(citation.badge)}")
    lines += [f"  - {source_markdown(s, 4)}" for s in citation.reports] or ["  - no report"]
    return "\n".join(lines) + "\n"


def claim_markdown(index: Index, claim_id: str) -> str:
    """The citation of the statement ``claim_id`` as a Markdown list item."""
    return citation_markdown(claim_citation(index, claim_id))


def article_markdown(index: Index, article_id: str) -> str:
    """The citation of an article as a Markdown list item."""
    article = index.get_as(article_id, Article)
    if article is None:
        raise CiteError(f"no article with the id {article_id!r}")
    return f"- {source_markdown(article_source(article), 2)}\n"
