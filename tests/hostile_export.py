"""A small dossier whose every text field is hostile to some output format, for the exports.

Markup, quotes of every kind, backslashes, newlines, escape codes, ``</script>``,
comment and CDATA ends, template syntax, bidi and line separators: an export must
carry each one exactly, and none may break the file it lands in.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import tomli_w

HOSTILE = (
    "Say \"no\" [b]bold[/b] [@click=app.quit]quit[/] \\ \\n C:\\path\\ 'single' “curly”\n"
    "second line\r\nthird\t</script><script>alert(1)</script> <!-- --> ]]> ${x} %s {{y}}"
    " \x1b[31mred\x1b[0m \x1b]0;PWNED\x07 \x7f \u202eevil\u202c \u2028\u2029 \x85 \ufeff 🕊️ "
    '{"a": 1} @context @id _:b0 '
)


def hostile(tag: str) -> str:
    """``HOSTILE`` marked with ``tag``, so every field's text is its own."""
    return f"{tag}: {HOSTILE}"


def _write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(tomli_w.dumps(data), encoding="utf-8")


def hostile_dossier(base: Path) -> Path:
    """A valid dossier of every kind and link, with hostile text in every text field."""
    folder = base / "hostile"
    _write(folder / "articles" / "report.toml", {
        "title": hostile("title"),
        "outlet": hostile("outlet"),
        "outlet_kind": "independent",
        "url": "https://example.org/a?b=1&c=%22%3C/script%3E",
        "published": dt.date(2025, 5, 16),
        "authors": [hostile("author one"), hostile("author two")],
        "language": "en",
        "notes": hostile("article notes"),
    })  # fmt: skip
    _write(folder / "articles" / "anonymous.toml", {
        "title": hostile("anonymous title"),
        "language": "uk",
        "unknown": {
            "outlet": hostile("unknown outlet"),
            "outlet_kind": hostile("unknown kind"),
            "published": hostile("unknown date"),
            "authors": hostile("unknown authors"),
            "url": hostile("unknown url"),
        },
    })  # fmt: skip
    _write(folder / "people" / "anna.toml", {
        "name": hostile("name"),
        "aliases": [hostile("alias one"), hostile("alias two")],
        "side": "ukraine",
        "roles": [{"title": hostile("role"), "article": "report"}],
        "notes": hostile("person notes"),
    })  # fmt: skip
    _write(folder / "people" / "boris.toml", {"name": hostile("boris"), "side": "russia"})
    _write(folder / "people" / "chair.toml", {"name": hostile("chair"), "side": "turkey"})
    _write(folder / "rounds" / "talks.toml", {
        "title": hostile("round title"),
        "date": dt.date(2025, 5, 16),
        "place": hostile("place"),
        "venue": hostile("venue"),
        "chair": "chair",
        "articles": ["report"],
        "notes": hostile("round notes"),
        "delegations": [
            {"side": "ukraine", "head": "anna", "members": [], "articles": ["report"]},
            {"side": "russia", "head": "boris", "members": []},
        ],
    })  # fmt: skip
    _write(folder / "rounds" / "later.toml", {
        "title": hostile("later title"),
        "when": hostile("when"),
        "place": hostile("later place"),
        "unknown": {"date": hostile("unknown round date")},
    })  # fmt: skip
    _write(folder / "claims" / "anna-quote.toml", {
        "speaker": "anna",
        "credited_as": hostile("credited as"),
        "type": "quote",
        "text": hostile("quote"),
        "said_on": dt.date(2025, 5, 16),
        "occasion": hostile("occasion"),
        "round": "talks",
        "topics": ["mood"],
        "contested": ["length"],
        "contradicts": ["boris-paraphrase"],
        "notes": hostile("claim notes"),
        "reported_by": [
            {"article": "report", "excerpt": hostile("excerpt one")},
            {"article": "anonymous", "excerpt": hostile("excerpt two")},
        ],
    })  # fmt: skip
    _write(folder / "claims" / "boris-paraphrase.toml", {
        "speaker": "boris",
        "via": "anna",
        "type": "paraphrase",
        "text": hostile("paraphrase"),
        "round": "talks",
        "contested": ["length"],
        "reported_by": [{"article": "anonymous", "excerpt": hostile("excerpt three")}],
    })  # fmt: skip
    _write(folder / "claims" / "side-claim.toml", {
        "side": "russia",
        "type": "paraphrase",
        "text": hostile("side claim"),
        "reported_by": [{"article": "report", "excerpt": hostile("excerpt four")}],
    })  # fmt: skip
    _write(folder / "claims" / "narrated.toml", {
        "narrator": "report",
        "type": "paraphrase",
        "text": hostile("narrated"),
        "round": "later",
    })  # fmt: skip
    return folder


def every_string(value: object) -> list[str]:
    """Every string inside a JSON value, keys excluded."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in every_string(v)]
    if isinstance(value, list):
        return [s for v in value for s in every_string(v)]
    return []


def hostile_texts(index: Any) -> set[str]:
    """Every hostile text the records of an index hold."""
    texts: set[str] = set()
    for record in index.records.values():
        texts.update(s for s in every_string(record.model_dump(mode="json")) if HOSTILE in s)
    return texts


def graded_dossier(base: Path) -> Path:
    """Articles and statements graded, partly graded and ungraded, one outlet a side's state media.

    ``both`` is reported by ``wire`` (B) and ``tass`` (D) with credibility 2: ``B2``;
    ``partial`` only by the ungraded ``blog``, credibility 3: ``?3``; ``letter-only``
    by ``tass`` without credibility: ``D?``; ``ungraded`` has no grade at all.
    ``reply``, by a Ukrainian, is reported only by the Russian state outlet ``tass``.
    """
    folder = base / "graded"
    article = {"language": "en", "published": dt.date(2025, 5, 16), "authors": ["A. Writer"]}
    _write(folder / "articles" / "wire.toml", {
        **article, "url": "https://example.org/wire",
        "title": "Talks end", "outlet": "Example Wire",
        "outlet_kind": "news agency", "reliability": "B",
    })  # fmt: skip
    _write(folder / "articles" / "tass.toml", {
        **article, "url": "https://example.org/tass",
        "title": "Talks end well", "outlet": "TASS",
        "outlet_kind": "state media", "affiliation": "russia", "reliability": "D",
    })  # fmt: skip
    _write(folder / "articles" / "blog.toml", {
        **article, "url": "https://example.org/blog",
        "title": "Talks, a view", "outlet": "A Blog",
        "outlet_kind": "other",
    })  # fmt: skip
    _write(folder / "people" / "medinsky.toml", {"name": "Vladimir Medinsky", "side": "russia"})
    _write(folder / "people" / "umerov.toml", {"name": "Rustem Umerov", "side": "ukraine"})
    said = {"speaker": "medinsky", "said_on": dt.date(2025, 5, 16)}
    _write(folder / "claims" / "reply.toml", {
        **said, "speaker": "umerov", "type": "paraphrase", "text": "The talks were short.",
        "reported_by": [{"article": "tass", "excerpt": "Umerov said the talks were short."}],
    })  # fmt: skip
    _write(folder / "claims" / "both.toml", {
        **said, "type": "quote", "text": "Good.", "credibility": 2,
        "reported_by": [
            {"article": "tass", "excerpt": "Good, he said."},
            {"article": "wire", "excerpt": "“Good,” he said."},
        ],
    })  # fmt: skip
    _write(folder / "claims" / "partial.toml", {
        **said, "type": "paraphrase", "text": "The talks went well.", "credibility": 3,
        "reported_by": [{"article": "blog", "excerpt": "He said the talks went well."}],
    })  # fmt: skip
    _write(folder / "claims" / "letter-only.toml", {
        **said, "type": "paraphrase", "text": "The talks will go on.",
        "reported_by": [{"article": "tass", "excerpt": "He said the talks will go on."}],
    })  # fmt: skip
    _write(folder / "claims" / "ungraded.toml", {
        **said, "type": "quote", "text": "Fine.",
        "reported_by": [{"article": "blog", "excerpt": "Fine, he said."}],
    })  # fmt: skip
    return folder
