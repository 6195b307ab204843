"""Record ids: readable ones made from any text, and the first one not yet taken."""

from __future__ import annotations

import re
from collections.abc import Container

from anyascii import anyascii

from parley.dossier.model import MAX_ID_LENGTH, WINDOWS_DEVICE_NAMES

MAX_ID = MAX_ID_LENGTH
_NOT_IN_ID = re.compile(r"[^a-z0-9]+")

# Names Windows keeps for devices, whatever the extension: ``con.toml`` cannot be opened there.
DEVICE_NAMES = WINDOWS_DEVICE_NAMES


def slugify(text: str, max_len: int = 60, *, fallback: str = "record") -> str:
    """A readable, valid id from any text: ``"Сергій Кислиця"`` -> ``serhii-kyslytsia``.

    Transliterated to ASCII, lowercased, every run of other characters made one
    hyphen, cut at a word boundary to ``max_len``. Never empty: ``fallback``
    (the kind name, say) stands in when nothing usable is left. Never a Windows
    device name: ``"Con"`` -> ``con-claim`` with ``fallback="claim"`` (the one
    case where the id may run past ``max_len``).
    """
    max_len = max(1, min(max_len, MAX_ID))
    slug = _hyphenated(text)
    if len(slug) > max_len:
        cut = slug[: max_len + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else slug[:max_len]
        slug = slug[:max_len].strip("-")
    if not slug:
        slug = _hyphenated(fallback) or "record"
    if slug in DEVICE_NAMES:  # "Con" as con.toml could not be checked out on Windows
        suffix = _hyphenated(fallback)
        slug = f"{slug}-{suffix if suffix and suffix not in DEVICE_NAMES else 'record'}"
    return slug


def _hyphenated(text: str) -> str:
    """``text`` in lowercase ASCII, each run of other characters one hyphen, none at the ends."""
    return _NOT_IN_ID.sub("-", anyascii(text).lower()).strip("-")


def unique_id(taken: Container[str], base: str) -> str:
    """``base``, or ``base-2``, ``base-3``, ... : the first that is not taken."""
    if base not in taken:
        return base
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = base[: MAX_ID - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        n += 1
