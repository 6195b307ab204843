"""What the machine formats share: JSON written fast and readably, web addresses, the collector."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit


def encode(doc: dict[str, Any]) -> str:
    """``doc`` as JSON, one top-level key a line and each item of a top-level list on its own.

    Readable and diffable, yet made by ``json``'s C encoder: with ``indent`` it
    falls back to Python, five times slower on a large dossier. Controls are
    escaped by ``json``; every other character is written as it is.
    """

    def value(item: object) -> str:
        return json.dumps(item, ensure_ascii=False)

    def member(key: str, item: object) -> str:
        if isinstance(item, list) and item:
            return f"{value(key)}: [\n" + ",\n".join(value(i) for i in item) + "\n]"
        return f"{value(key)}: {value(item)}"

    return "{\n" + ",\n".join(member(k, v) for k, v in doc.items()) + "\n}\n"


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector while an export builds its many small dicts.

    They hold no cycles, and each collection would walk the whole dossier again:
    on 20,000 claims that is a fifth of the ``ftm`` export's time. Reference
    counting still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def is_web_url(url: str) -> bool:
    """True for an absolute http(s) or ftp address with a host and no spaces or controls."""
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        return False
    parts = urlsplit(url)
    return parts.scheme in ("http", "https", "ftp") and bool(parts.netloc)
