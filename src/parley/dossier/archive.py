"""An article's archived text: read it safely, find an excerpt in it, or the passage nearest.

An excerpt is found when it is in the archive verbatim, up to one documented
normalisation (``dossiers/README.md``, "Archived texts"), applied to both sides:

- every run of whitespace, line breaks included, is one space, and the ends are trimmed;
- typographic double quotes (“ ” „ ‟ « » ″) are ``"``, single quotes and apostrophes
  (‘ ’ ‚ ‛ ʼ ′ and the backtick) are ``'``;
- dashes and hyphens (‐ ‑ ‒ – — ― −) are ``-``;
- in a Markdown archive (``.md``) the emphasis markers ``*`` and ``_`` are left out.

Nothing else: case, spelling, other punctuation and ellipses must be as the archive has them.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from parley.dossier.read import Refused, read_bytes
from parley.dossier.stamp import Stamp

_QUOTES = str.maketrans(
    {
        **dict.fromkeys("“”„‟«»″", '"'),
        **dict.fromkeys("‘’‚‛ʼ′`", "'"),
        **dict.fromkeys("‐‑‒–—―−", "-"),
    }
)
_EMPHASIS = frozenset("*_")
_QUOTES_NO_EMPHASIS = {**_QUOTES, **dict.fromkeys(map(ord, _EMPHASIS))}
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\S+")  # \s is str.isspace, as str.split() is


@dataclass(frozen=True)
class Match:
    """Where an excerpt sits in an archive: ``text[start:end]``, starting at ``line`` (from 1)."""

    start: int
    end: int
    line: int
    column: int


@dataclass(frozen=True)
class Nearest:
    """The passage of an archive closest to an excerpt that is not in it, and how close (0-100)."""

    match: Match
    score: float
    passage: str


class Folded:
    """A text after the normalisation, with where each of its characters came from."""

    __slots__ = ("origin", "text")

    def __init__(self, text: str, *, markdown: bool = False) -> None:
        # Word by word, not character by character: a long archive is folded at every load.
        table = _QUOTES_NO_EMPHASIS if markdown else _QUOTES
        parts: list[str] = []
        origin: list[int] = []
        for run in _WORD.finditer(text):
            word = run.group()
            kept: range | list[int] = range(run.start(), run.end())
            if markdown and ("*" in word or "_" in word):
                kept = [n for n in kept if text[n] not in _EMPHASIS]
                if not kept:
                    continue
            if parts:  # the whitespace before: one space, from the character before the word
                parts.append(" ")
                origin.append(kept[0] - 1)
            parts.append(word.translate(table))
            origin.extend(kept)
        self.text = "".join(parts)
        # One past the last character: where a match ending at the end of the text ends.
        origin.append(origin[-1] + 1 if origin else 0)
        self.origin = origin

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original ``(start, end)`` of the folded ``text[start:end]``."""
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1


def fold(text: str, *, markdown: bool = False) -> str:
    """``text`` after the normalisation excerpts and archives are compared under."""
    return " ".join(text.translate(_QUOTES_NO_EMPHASIS if markdown else _QUOTES).split())


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """``start`` and ``end`` moved out to the edges of the words they cut."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, end


def _match(text: str, start: int, end: int) -> Match:
    line_start = text.rfind("\n", 0, start) + 1
    return Match(start, end, text.count("\n", 0, start) + 1, start - line_start + 1)


class ArchiveText:
    """One archived text, folded once for every excerpt looked up in it."""

    def __init__(self, text: str, *, markdown: bool = False) -> None:
        self.text = text
        self.markdown = markdown
        self._folded: Folded | None = None

    @property
    def folded(self) -> Folded:
        if self._folded is None:
            self._folded = Folded(self.text, markdown=self.markdown)
        return self._folded

    def locate(self, excerpt: str) -> Match | None:
        """Where ``excerpt`` is (its first occurrence), or None."""
        wanted = fold(excerpt, markdown=self.markdown)
        if not wanted:
            return None
        found = self.folded.text.find(wanted)
        if found < 0:
            return None
        return _match(self.text, *self.folded.span(found, found + len(wanted)))

    def nearest(self, excerpt: str) -> Nearest | None:
        """The passage most like ``excerpt``, for an excerpt ``locate`` did not find."""
        wanted = fold(excerpt, markdown=self.markdown)
        folded = self.folded
        if not wanted or not folded.text:
            return None
        from rapidfuzz import fuzz  # only for an excerpt not found: not at every start

        found = fuzz.partial_ratio_alignment(wanted, folded.text)
        if found is None:
            return None
        start, end = _whole_words(self.text, *folded.span(found.dest_start, found.dest_end))
        return Nearest(_match(self.text, start, end), found.score, self.text[start:end])


def locate_excerpt(text: str, excerpt: str, *, markdown: bool = False) -> Match | None:
    """Where ``excerpt`` sits in an archived ``text`` under the normalisation, or None."""
    return ArchiveText(text, markdown=markdown).locate(excerpt)


def nearest_passage(text: str, excerpt: str, *, markdown: bool = False) -> Nearest | None:
    """The passage of ``text`` most like ``excerpt``, with its line and score."""
    return ArchiveText(text, markdown=markdown).nearest(excerpt)


# -- reading ------------------------------------------------------------------------


class ArchiveError(Exception):
    """An archive that could not be read, in words for the article's ``archive`` line."""


@dataclass(frozen=True)
class ArchiveFile:
    """An archive as read: its text, or why there is none; ``stamp`` tells when to read again."""

    path: Path
    stamp: Stamp | None
    text: ArchiveText | None
    error: str | None = None


def archive_path(root: Path, relative: str) -> Path:
    """An archive's path, named as the dossier names its files (``root`` joined with the rest)."""
    return root / relative


def read_archive(root: Path, relative: str) -> ArchiveFile:
    """Read ``relative`` (``archives/…``) under ``root``; every failure is an ``error``.

    Through ``read.read_bytes``: a regular file only, at most ``MAX_FILE_BYTES``, never
    blocking. A symbolic link may point elsewhere inside the dossier, never out of it.
    """
    path = archive_path(root, relative)
    try:
        stamp: Stamp | None = archive_stamp(path)
        _inside(root, path)
        _, raw = read_bytes(path)
    except ArchiveError as error:
        return ArchiveFile(path, archive_stamp(path), None, str(error))
    except Refused as refused:
        return ArchiveFile(path, archive_stamp(path), None, f"archive {relative}: {refused}")
    except FileNotFoundError:
        return ArchiveFile(path, None, None, f"archive {relative} does not exist")
    except OSError as error:
        reason = error.strerror or str(error)
        return ArchiveFile(
            path, archive_stamp(path), None, f"cannot read archive {relative}: {reason}"
        )
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        return ArchiveFile(
            path, stamp, None, f"archive {relative} is not UTF-8 (line {line}); save it as UTF-8"
        )
    return ArchiveFile(path, stamp, ArchiveText(text, markdown=path.suffix == ".md"))


def archive_stamp(path: Path) -> Stamp | None:
    """The archive's own stamp (not its link target's), None when there is nothing there."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if os.path.islink(path):
        try:
            target = os.stat(path)
        except OSError:
            return (info.st_mtime_ns, -1)
        return (max(info.st_mtime_ns, target.st_mtime_ns), target.st_size)
    return (info.st_mtime_ns, info.st_size)


def _inside(root: Path, path: Path) -> None:
    """Refuse a path that leads out of the dossier folder, through a link on the way."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    if os.path.commonpath([real_root, real]) != real_root:
        raise ArchiveError(
            f"archive {path.relative_to(root)} is a symbolic link out of the dossier folder; "
            "parley reads archives only inside it"
        )
