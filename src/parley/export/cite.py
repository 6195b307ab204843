"""The citation of one record (a statement or an article) as text, Markdown or CSL-JSON.

Text is plain and unescaped: whoever shows it on a terminal passes it through the
safe-text function. Markdown and CSL-JSON are escaped by their own encoders.
"""

from __future__ import annotations

import difflib
from typing import Literal, get_args

from parley.dossier.index import Index
from parley.dossier.model import Article, Claim, Kind
from parley.export import csl, markdown
from parley.export.citation import (
    CiteError,
    ClaimCitation,
    Source,
    article_source,
    claim_citation,
    day_text,
)

Format = Literal["text", "markdown", "csl-json"]
FORMATS: tuple[str, ...] = get_args(Format)


def fold(text: str) -> str:
    """``text`` on one line: a name or a title with a line break would break the layout."""
    return " ".join(text.split())


def source_text(source: Source) -> str:
    """An article on one line: outlet, title in quotation marks, date, authors, URL."""
    parts = [source.outlet_text, f"“{source.title}”", day_text(source.published)]
    if source.authors:
        parts.append("by " + ", ".join(source.authors))
    if source.reliability:
        parts.append(f"reliability {source.reliability}")
    parts.append(source.url or "no URL")
    return fold(", ".join(parts))


def citation_text(citation: ClaimCitation) -> str:
    """A statement's citation as plain lines: who, what, when, where, then each report."""
    detail = citation.who_detail
    text = f"“{citation.text}”" if citation.is_quote else citation.text
    lines = [
        fold(citation.who + (f", {detail}" if detail else "")),
        ("Quote: " if citation.is_quote else "Paraphrase: ") + text,
        f"When: {citation.when}",
    ]
    if citation.where:
        lines.append(f"Where: {fold(citation.where)}")
    if citation.badge:
        lines.append(f"Grade: {citation.badge}")
    lines.append("Reported by:" if citation.reports else "Reported by: no article")
    for source in citation.reports:
        lines.append(f"- {source_text(source)}")
        if source.excerpt:
            excerpt = source.excerpt.replace("\n", "\n    ")  # kept under its report
            lines.append(f"  Excerpt: “{excerpt}”")
    return "\n".join(lines) + "\n"


def article_text(index: Index, article_id: str) -> str:
    """The citation of an article as one line of text."""
    article = index.get_as(article_id, Article)
    if article is None:
        raise CiteError(f"no article with the id {article_id!r}")
    return source_text(article_source(article)) + "\n"


def kind_of(index: Index, record_id: str) -> Kind:
    """The kind of a citable record; ``CiteError`` for a missing id, a person or a round."""
    record = index.get(record_id)
    if record is None:
        citable = index.ids(Kind.CLAIM) + index.ids(Kind.ARTICLE)
        close = difflib.get_close_matches(record_id, citable, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]}?" if close else ""
        raise CiteError(f"no statement or article with the id {record_id!r}{hint}")
    if not isinstance(record, Claim | Article):
        what = record.kind.indefinite
        raise CiteError(f"{record_id!r} is {what}: only a statement or an article can be cited")
    return record.kind


def cite(index: Index, record_id: str, format: Format = "text") -> str:
    """The citation of the statement or article ``record_id`` in ``format``."""
    kind = kind_of(index, record_id)
    if format == "csl-json":
        return csl.cite_json(index, record_id)
    if kind is Kind.ARTICLE:
        if format == "markdown":
            return markdown.article_markdown(index, record_id)
        return article_text(index, record_id)
    citation = claim_citation(index, record_id)
    return markdown.citation_markdown(citation) if format == "markdown" else citation_text(citation)
