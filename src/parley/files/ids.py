"""Record ids: readable ones made from any text, and the first one not yet taken."""

from __future__ import annotations

import re
from collections.abc import Container

from anyascii import anyascii

from parley.dossier.model import MAX_ID_LENGTH, WINDOWS_DEVICE_NAMES

MAX_ID = MAX_ID_LENGTH
_NOT_IN_ID = re.compile(r"[^a-z0-9]+")
_WORD_AND_GAP = re.compile(r"([a-z0-9]+)([^a-z0-9]*)")
# What ends a phrase between two words: punctuation, or a dash set off by spaces.
_PHRASE_END = re.compile(r"[,;:.!?()\[\]\"]| -|- ")
# Words an id should not end on: a cut after them leaves a phrase hanging.
_HANGING = frozenset(
    "a an the to of and or but nor not no in on at by for with from into onto as than that "
    "which who whom whose this these those is are was were be been being has have had do does "
    "did will would shall should can could may might must it its their his her our your my we "
    "they he she i you if so then also very just about over under after before while when "
    "where what there here".split()
)

# Names Windows keeps for devices, whatever the extension: ``con.toml`` cannot be opened there.
DEVICE_NAMES = WINDOWS_DEVICE_NAMES


def slugify(
    text: str, max_len: int = 60, *, fallback: str = "record", max_words: int | None = None
) -> str:
    """A readable, valid id from any text: ``"Сергій Кислиця"`` -> ``serhii-kyslytsia``.

    Transliterated to ASCII, lowercased, every run of other characters made one
    hyphen. A longer text is cut to ``max_len`` (and ``max_words``) where a phrase
    ends if one ends far enough in, else between words, and never after a word
    that leaves the phrase hanging (``to``, ``not``, ``the``). Never empty: ``fallback``
    (the kind name, say) stands in when nothing usable is left. Never a Windows
    device name: ``"Con"`` -> ``con-claim`` with ``fallback="claim"`` (the one
    case where the id may run past ``max_len``).
    """
    max_len = max(1, min(max_len, MAX_ID))
    slug = _cut(anyascii(text).lower(), max_len, max_words)
    if not slug:
        slug = _hyphenated(fallback) or "record"
    if slug in DEVICE_NAMES:  # "Con" as con.toml could not be checked out on Windows
        suffix = _hyphenated(fallback)
        slug = f"{slug}-{suffix if suffix and suffix not in DEVICE_NAMES else 'record'}"
    return slug


def _cut(text: str, max_len: int, max_words: int | None) -> str:
    """The words of lowercase ASCII ``text`` joined by hyphens, cut as ``slugify`` says."""
    pairs = _WORD_AND_GAP.findall(text)
    words = [word for word, _gap in pairs]
    n, length = 0, -1
    while n < len(words) and (max_words is None or n < max_words):
        if length + 1 + len(words[n]) > max_len:
            break
        length += 1 + len(words[n])
        n += 1
    if n == len(words):
        return "-".join(words)
    if n == 0:  # one word longer than the limit
        return words[0][:max_len] if words else ""
    ends = [k for k in range(max(1, (n + 1) // 2), n + 1) if _PHRASE_END.search(pairs[k - 1][1])]
    n = ends[-1] if ends else n
    while n > 1 and words[n - 1] in _HANGING:
        n -= 1
    return "-".join(words[:n])


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
