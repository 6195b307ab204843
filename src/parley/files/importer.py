"""Import an article: its record and its archived text, made from a text, Markdown or HTML file.

The text of an HTML page is extracted by ``html-text`` (block elements become line
breaks, scripts and styles go, the ``<head>`` is dropped); its metadata (title,
site name, publication date, canonical address, language, author) is read from
the ``<meta>`` tags publishers set. Markdown and plain text are archived as they
are. What is neither given nor in the file is never guessed: the record lists it
under ``[unknown]`` with the reason.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from parley.dossier.model import Kind
from parley.files.atomic import Expect, atomic_write
from parley.files.ids import slugify, unique_id
from parley.files.records import create_record, new_record_path

NOT_GIVEN = "not given at import and not in the file"
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")
_MAX_TITLE = 300


class ImportRefused(Exception):
    """The file cannot be imported as asked; the message says why, in one line."""


@dataclass
class Metadata:
    """What a file says about itself; each value None when it does not say."""

    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    url: str | None = None
    language: str | None = None
    authors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Source:
    """A file read for import: the text to archive and what the file says about it."""

    text: str
    metadata: Metadata
    html: bool


@dataclass(frozen=True)
class Imported:
    """What an import wrote."""

    article_id: str
    record: Path
    archive: Path
    text: str


def read_source(path: Path) -> Source:
    """The text and metadata of a text, Markdown or HTML file."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ImportRefused(f"cannot read {path}: {error.strerror or error}") from error
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused(f"{path} is not UTF-8 text (byte {error.start})") from error
    if is_html(path, content):
        return Source(html_text_of(content), html_metadata(content), html=True)
    title = _markdown_title(content) if path.suffix.lower() in MARKDOWN_SUFFIXES else None
    return Source(content, Metadata(title=title), html=False)


def is_html(path: Path, content: str) -> bool:
    """An HTML file by its name, or by how its text starts."""
    if path.suffix.lower() in HTML_SUFFIXES:
        return True
    start = content.lstrip()[:200].lower()
    return start.startswith("<!doctype html") or start.startswith("<html")


def html_text_of(content: str) -> str:
    """The readable text of an HTML page, a line per block, the ``<head>`` left out."""
    import html_text

    tree = html_text.parse_html(content)
    for head in tree.xpath("//head"):
        head.drop_tree()
    text: str = html_text.extract_text(tree, guess_layout=True)
    return text.strip() + "\n"


class _MetaReader(HTMLParser):
    """Collects ``<meta>`` tags, ``<link rel=canonical>``, ``<html lang>``, ``<title>``, JSON-LD."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.lang: str | None = None
        self.title = ""
        self.json_ld: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): v or "" for k, v in attrs}
        if tag == "meta":
            key = values.get("property") or values.get("name") or values.get("itemprop", "")
            if key and values.get("content") and key.lower() not in self.meta:
                self.meta[key.lower()] = values["content"].strip()
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.canonical = self.canonical or values.get("href") or None
        elif tag == "html" and values.get("lang"):
            self.lang = values["lang"].strip()
        elif tag == "title" and not self.title:
            self._in = "title"
        elif tag == "script" and values.get("type", "").lower() == "application/ld+json":
            self._in = "json"
            self.json_ld.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("title", "script"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title += data
        elif self._in == "json":
            self.json_ld[-1] += data


def html_metadata(content: str) -> Metadata:
    """What the page's ``<head>`` says of its title, outlet, date, address, language, authors."""
    reader = _MetaReader()
    reader.feed(content)
    reader.close()
    meta, ld = reader.meta, _json_ld(reader.json_ld)
    title = meta.get("og:title") or meta.get("twitter:title") or _text(ld.get("headline"))
    title = title or " ".join(reader.title.split()) or None
    outlet = meta.get("og:site_name") or meta.get("application-name")
    publisher = ld.get("publisher")
    outlet = outlet or (_text(publisher.get("name")) if isinstance(publisher, dict) else None)
    published = _date(
        meta.get("article:published_time")
        or meta.get("datepublished")
        or meta.get("date")
        or meta.get("dc.date")
        or _text(ld.get("datePublished"))
    )
    url = reader.canonical or meta.get("og:url")
    language = _language(reader.lang or meta.get("og:locale") or meta.get("language"))
    authors = _authors(meta.get("author"), ld.get("author"))
    return Metadata(
        title=_one_line(title),
        outlet=_one_line(outlet),
        published=published,
        url=_one_line(url) if url and re.match(r"https?://", url) else None,
        language=language,
        authors=authors,
    )


def _json_ld(blocks: list[str]) -> dict[str, Any]:
    """The first JSON-LD object that describes an article (or the first object at all)."""
    found: list[dict[str, Any]] = []
    for block in blocks:
        try:
            data = json.loads(block)
        except ValueError:
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data])
        found += [item for item in items if isinstance(item, dict)]
    articles = [i for i in found if "Article" in str(i.get("@type", ""))]
    return (articles or found or [{}])[0]


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _one_line(value: str | None) -> str | None:
    return " ".join(value.split())[:_MAX_TITLE] or None if value else None


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _language(value: str | None) -> str | None:
    """An ``html lang`` or ``og:locale`` value as a language tag: ``en_GB`` -> ``en-GB``."""
    if not value:
        return None
    tag = value.strip().replace("_", "-")
    head, _, rest = tag.partition("-")
    tag = head.lower() + (f"-{rest}" if rest else "")
    return tag if _LANGUAGE.match(tag) else None


def _authors(meta: str | None, ld: object) -> list[str]:
    names = [meta] if meta else []
    for item in ld if isinstance(ld, list) else [ld]:
        if isinstance(item, dict):
            names.append(str(item.get("name") or ""))
        elif isinstance(item, str):
            names.append(item)
    unique = dict.fromkeys(n for name in names if (n := _one_line(name)) and "://" not in n)
    return list(unique)


def _markdown_title(content: str) -> str | None:
    """The first ``# heading`` of a Markdown file."""
    match = re.search(r"^#\s+(.+?)\s*#*\s*$", content, re.MULTILINE)
    return _one_line(match.group(1)) if match else None


def first_line(text: str) -> str | None:
    """The text's first non-blank line, as a title of last resort."""
    for line in text.splitlines():
        if line.strip():
            return _one_line(line.lstrip("# "))
    return None


def article_data(
    source: Source,
    *,
    title: str | None = None,
    outlet: str | None = None,
    published: dt.date | None = None,
    url: str | None = None,
    language: str | None = None,
) -> dict[str, Any]:
    """The article record's keys: what was given, else what the file says, else ``[unknown]``."""
    meta = source.metadata
    title = title or meta.title or first_line(source.text)
    if not title:
        raise ImportRefused("the file has no text to take a title from: give --title")
    language = language or meta.language
    if not language:
        raise ImportRefused("the file does not say its language: give --language (en, uk, ru…)")
    data: dict[str, Any] = {"title": title, "language": language}
    values = {
        "outlet": outlet or meta.outlet,
        "published": published or meta.published,
        "url": url or meta.url,
        "authors": meta.authors,
        "outlet_kind": None,
    }
    unknown: dict[str, str] = {}
    for key, value in values.items():
        if value:
            data[key] = value
        else:
            unknown[key] = NOT_GIVEN
    if unknown:
        data["unknown"] = unknown
    return data


def import_article(
    root: Path,
    source_path: Path,
    taken: set[str],
    **given: Any,
) -> Imported:
    """Write ``articles/<id>.toml`` and ``archives/<id>.md`` for the file at ``source_path``.

    ``given`` holds what the command line said (title, outlet, published, url,
    language); the id is made from the title, unlike any id in ``taken``.
    """
    source = read_source(source_path)
    data = article_data(source, **given)
    base = slugify(data["title"], fallback="article")
    article_id = base
    archive_rel = f"archives/{article_id}.md"
    while article_id in taken or (root / archive_rel).exists() or _record_exists(root, article_id):
        taken = taken | {article_id}
        article_id = unique_id(taken, base)
        archive_rel = f"archives/{article_id}.md"
    data["archive"] = archive_rel
    archive = root / archive_rel
    archive.parent.mkdir(exist_ok=True)
    atomic_write(archive, source.text, expect=Expect.new(), label=archive_rel, root=root)
    try:
        record = create_record(root, Kind.ARTICLE, data, article_id)
    except BaseException:
        archive.unlink(missing_ok=True)  # no archive without its record
        raise
    return Imported(article_id, record, archive, source.text)


def _record_exists(root: Path, article_id: str) -> bool:
    return new_record_path(root, Kind.ARTICLE, article_id).exists()
