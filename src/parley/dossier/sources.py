"""The questions an editor would ask of a dossier's sources, as warnings.

Each question is about one record and one of its keys: a statement carried by a
single article, a statement whose only sources are one side's state media, a
quote whose words appear in none of its excerpts, an article without a date or an
outlet, a name credited with a spelling no alias records. ``Questions`` asks them
of one record at a time and keeps the answers, so the app pays only for the rows
it draws; ``problems`` asks them of every record, for ``parley check --sources``.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from parley.dossier.index import Index
from parley.dossier.locate import Loc
from parley.dossier.model import Article, Claim, ClaimKind, Kind, OutletKind, Person
from parley.dossier.problems import Problem
from parley.dossier.read import Refused, read_bytes
from parley.dossier.text import side_label

STATE_KINDS = frozenset((OutletKind.STATE_MEDIA, OutletKind.STATE_FUNDED))
SPELLING_CUTOFF = 85
"""How close (rapidfuzz ratio, 0-100) a credited name must be to a recorded one to be its
spelling: ``Sergiy Kyslytsya`` and ``Serhiy Kyslytsya`` score 94, two different names far less."""


@dataclass(frozen=True)
class Question:
    """One thing an editor would ask about a record: the key it is about, and why."""

    record_id: str
    loc: Loc
    message: str
    value: str | None = None
    """A string in the key's value to point at, when the key holds several."""
    flagged: bool = True
    """Whether lists mark the record for it. A single source is not flagged: in a dossier
    built from a few articles nearly every statement has one, and a mark on every row
    tells nothing; the detail pane, ``check --sources`` and the sources filter show it."""


Locator = Callable[[Path, Loc, str | None], tuple[int, int]]
"""Where a key (or a string in its value) is in a file: ``check.Locator``."""


class Questions:
    """The questions of one index's records, each record asked once, when first wanted."""

    def __init__(self, index: Index) -> None:
        # Weak: the cache below must not keep an index alive once a reload replaces it.
        self._index = weakref.ref(index)
        self._asked: dict[str, tuple[Question, ...]] = {}

    @property
    def index(self) -> Index:
        index = self._index()
        if index is None:
            raise ReferenceError("the index these questions were asked of is gone")
        return index

    def of(self, record_id: str) -> tuple[Question, ...]:
        """What an editor would ask about one record (nothing for rounds and people)."""
        found = self._asked.get(record_id)
        if found is None:
            found = self._asked[record_id] = tuple(self._ask(record_id))
        return found

    def flagged(self, record_id: str) -> bool:
        """Whether a list marks the record: a question beyond a single source."""
        return any(question.flagged for question in self.of(record_id))

    def _ask(self, record_id: str) -> Iterator[Question]:
        record = self.index.get(record_id)
        if isinstance(record, Claim):
            yield from _claim_questions(self.index, record)
        elif isinstance(record, Article):
            yield from _article_questions(record)

    def all(self) -> Iterator[Question]:
        """Every question, statements first, then articles, in the index's order."""
        for kind in (Kind.CLAIM, Kind.ARTICLE):
            for record_id in self.index.ids(kind):
                yield from self.of(record_id)


_QUESTIONS: weakref.WeakKeyDictionary[Index, Questions] = weakref.WeakKeyDictionary()


def questions(index: Index) -> Questions:
    """The questions of ``index``'s records, shared by every caller while the index lives."""
    found = _QUESTIONS.get(index)
    if found is None:
        found = _QUESTIONS[index] = Questions(index)
    return found


def problems(index: Index, where: Locator) -> list[Problem]:
    """Every question as a warning at its key's line; ``where(path, loc, value)`` finds it."""
    found: list[Problem] = []
    path: Path | None = None
    text: str | None = None
    for question in questions(index).all():
        if index.path(question.record_id) != path:  # a record's questions come together
            path = index.path(question.record_id)
            text = _text(path) if path else None
        if path is None:
            continue
        simple = _simple_position(text, question.loc) if text and question.value is None else None
        line, col = simple or where(path, question.loc, question.value)
        found.append(
            Problem(
                path,
                line,
                col,
                "warning",
                question.message,
                question.record_id,
                rule="source-question",
            )
        )
    return sorted(found)


def _text(path: Path) -> str | None:
    try:  # the file may have changed or gone since it was loaded
        return read_bytes(path)[1].decode("utf-8", errors="replace").removeprefix("\ufeff")
    except (OSError, Refused):
        return None


_HEADER = re.compile(r"^[ \t]*\[", re.MULTILINE)


def _simple_position(text: str, loc: Loc) -> tuple[int, int] | None:
    """Where a top-level key, ``[[table]]`` or ``[unknown]`` key is, when the file is
    plainly written; None when only a full scan can tell (``locate.KeyMap``).

    A full scan costs a millisecond a file, and nearly every statement has a question,
    so ``check --sources`` on a large dossier would mostly scan. Up to the first
    multi-line string, every line that starts with a key or a header is one, so a
    regular expression finds it there exactly.
    """
    ends = [i for quotes in ('"""', "'''") if (i := text.find(quotes)) >= 0]
    plain = text[: min(ends, default=len(text))]
    names = [re.escape(part) for part in loc if isinstance(part, str)]
    if len(loc) == 1 and len(names) == 1:
        match = _line(rf"{names[0]}[ \t]*=", plain, 0, _end_of_table(plain, 0)) or _line(
            rf"\[\[[ \t]*{names[0]}[ \t]*\]\]", plain
        )
    elif len(loc) == 2 and len(names) == 2 and loc[0] == "unknown":
        header = _line(r"\[[ \t]*unknown[ \t]*\][ \t]*(#.*)?$", plain)
        if header is None:
            return None
        match = _line(
            rf"{names[1]}[ \t]*=", plain, header.end(), _end_of_table(plain, header.end())
        )
    else:
        return None
    if match is None:
        return None
    line_start = plain.rfind("\n", 0, match.start()) + 1
    indent = len(match.group(0)) - len(match.group(0).lstrip(" \t"))
    return plain.count("\n", 0, match.start()) + 1, match.start() - line_start + indent + 1


def _line(pattern: str, text: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
    """The first line of ``text[start:end]`` that starts, after blanks, with ``pattern``."""
    line = re.compile(rf"^[ \t]*{pattern}", re.MULTILINE)
    return line.search(text, start, len(text) if end is None else end)


def _end_of_table(text: str, start: int) -> int:
    """Where the keys after ``start`` end: at the next table header, or the end."""
    header = _HEADER.search(text, start)
    return header.start() if header else len(text)


# -- statements ------------------------------------------------------------------


def _claim_questions(index: Index, claim: Claim) -> Iterator[Question]:
    articles = [
        article
        for article_id in index.articles_reporting(claim.id)  # once each
        if (article := index.get_as(article_id, Article)) is not None
    ]
    # An article speaking in its own voice is the source itself: a second one is not expected.
    if len(articles) == 1 and not claim.narrator:
        yield Question(
            claim.id,
            ("reported_by",),
            f"carried by a single article ({articles[0].source_text}): find a second source",
            flagged=False,
        )
    side = _state_media_side(articles)
    if side is not None:
        yield Question(
            claim.id,
            ("reported_by",),
            f"its only sources are {side_label(side)}'s state media: find an independent source",
        )
    # Once an article of it is archived, this is an error of ``check.py`` instead.
    archived = any(article.archive for article in articles)
    if claim.type is ClaimKind.QUOTE and claim.reported_by and not archived and not quoted(claim):
        yield Question(
            claim.id,
            ("text",),
            "a quote whose words appear in none of its excerpts: check the words against "
            "the articles, or call it a paraphrase",
        )
    yield from _spelling_questions(index, claim)


def _state_media_side(articles: list[Article]) -> str | None:
    """The side whose state media are all of a statement's sources, if they are."""
    sides = {a.affiliation for a in articles if a.outlet_kind in STATE_KINDS}
    if len(sides) == 1 and all(a.outlet_kind in STATE_KINDS for a in articles):
        return sides.pop()  # None when the outlets' side is not recorded
    return None


# -- quotes ------------------------------------------------------------------------

_APOSTROPHES = str.maketrans(dict.fromkeys("’‘ʼ`´′", "'"))
_WORD = re.compile(r"\w+(?:'\w+)*")
# Where a quote leaves words out or adds its own: "…", "...", "[...]", "[the Russians]".
_GAP = re.compile(r"\[[^\]]*\]|…|\.\.\.")


def _words(text: str) -> str:
    """The words of ``text`` in one case, joined by single spaces: quotation marks, dashes,
    other punctuation and line breaks are left out, and every apostrophe is one."""
    return " ".join(_WORD.findall(text.translate(_APOSTROPHES).casefold()))


def quoted(claim: Claim) -> bool:
    """Each part of a quote's words (between its gaps) appears in one and the same excerpt."""
    parts = [words for part in _GAP.split(claim.text) if (words := _words(part))]
    if not parts:
        return True
    excerpts = [f" {_words(report.excerpt)} " for report in claim.reported_by]
    return any(all(f" {part} " in excerpt for part in parts) for excerpt in excerpts)


# -- articles ----------------------------------------------------------------------


def _article_questions(article: Article) -> Iterator[Question]:
    if article.published is None:
        yield Question(
            article.id,
            _given_or_explained(article, "published"),
            "no date of publication: an editor cannot tell when it was written",
        )
    if not article.outlet:
        yield Question(
            article.id,
            _given_or_explained(article, "outlet"),
            "no outlet: an editor cannot tell who published it",
        )


def _given_or_explained(article: Article, key: str) -> Loc:
    """Point at the reason in ``[unknown]`` when there is one."""
    return ("unknown", key) if key in article.unknown else ()


# -- names ------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _fold(name: str) -> str:
    """A name in ASCII, one case, words split on anything but letters: how it sounds."""
    from anyascii import anyascii  # only for a credit that differs: not at every start

    return " ".join(re.findall(r"[a-z0-9]+", anyascii(name).casefold()))


def _name_words(text: str) -> list[str]:
    """The words of a credit, a possessive ``’s`` and punctuation around each dropped."""
    words = [w.strip(',.;:()"“”«»') for w in text.translate(_APOSTROPHES).split()]
    return [w.removesuffix("'s") for w in words if w]


def _spelling_questions(index: Index, claim: Claim) -> Iterator[Question]:
    """Names in ``credited_as`` that are a recorded spelling of the speaker's, but not one."""
    person = index.get_as(claim.speaker, Person)
    if person is None or not claim.credited_as:
        return
    for name, recorded in _misspelt(claim.credited_as, [person.name, *person.aliases]):
        yield Question(
            claim.id,
            ("credited_as",),
            f"credited as {name!r}, which differs from {recorded!r} only by spelling: "
            f"add it to the aliases of {person.id!r}, or correct it",
        )


def _misspelt(credit: str, spellings: list[str]) -> Iterator[tuple[str, str]]:
    """Each run of words in ``credit`` close to a spelling but equal to none, and that
    spelling. A run inside a name as long or longer, recorded or already found, is part of
    that name, so ``Sergiy Kyslytsya`` is one finding, not two."""
    from rapidfuzz import fuzz  # only for a credit that differs: not at every start

    words = _name_words(credit)
    known = {s.casefold() for s in spellings}
    runs = [
        (start, start + size)
        for size in sorted({len(s.split()) for s in spellings}, reverse=True)
        for start in range(len(words) - size + 1)
    ]
    taken = [(a, b) for a, b in runs if " ".join(words[a:b]).casefold() in known]
    for a, b in runs:
        run = " ".join(words[a:b])
        if len(run) < 4 or _covered(a, b, taken):
            continue
        # as heard (folded to ASCII) and as written: a Latin run is shown a Latin spelling
        close = max(spellings, key=lambda s: fuzz.ratio(_fold(run), _fold(s)) + fuzz.ratio(run, s))
        if fuzz.ratio(_fold(run), _fold(close)) >= SPELLING_CUTOFF:
            taken.append((a, b))
            yield run, close


def _covered(a: int, b: int, taken: list[tuple[int, int]]) -> bool:
    """Words ``a:b`` overlap a name (of ``taken``) at least as long."""
    return any(x < b and a < y and y - x >= b - a for x, y in taken)
