"""Find records by name or text, whatever the case, accents, script or spelling.

``fold`` reduces a text to a search key: transliterated to ASCII, lowercased,
punctuation dropped, and a few spelling differences between transliterations
evened out, so "Кислиця", "Kyslytsya", "kyslytsia" and "Kislitsa" all become
``kislitsa``. ``SearchIndex`` folds every searchable field of an ``Index`` once
and then answers each query (one per keypress in the UI) with C-speed ``find``
calls over one long string per field, plus rapidfuzz on the short name fields.

Ranking, best first: an exact id; exact, then prefix, then word matches of
people's names and aliases; fuzzy matches of names and aliases; matches in
titles, places, venues, outlets, authors, roles and sides; then claims by their
text, then by the excerpts that report them. One hit per record, for its best
field. A query of several words matches a field holding all of them, each at
the start of a word, in any order.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from operator import contains

from anyascii import anyascii
from rapidfuzz import fuzz, process

from parley.dossier.fields import searched
from parley.dossier.index import Index
from parley.dossier.model import AnyRecord, Kind
from parley.dossier.text import snippet

# -- folding ---------------------------------------------------------------

_SEP = "\x00"  # joins many texts so they are folded in one pass; survives folding
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
# Letters and digits stay, ``y`` becomes ``i``; anything else becomes a space.
_ASCII = str.maketrans(
    {
        c: ("i" if chr(c) == "y" else " ")
        for c in range(128)
        if chr(c) not in "abcdefghijklmnopqrstuvwxz0123456789" + _SEP
    }
)
# A soft "i" between a consonant and a vowel: Kyslytsia/Kislitsa, Umierov/Umerov.
# (Written to start with a literal, which the regex engine scans for quickly.)
_SOFT_I = re.compile(r"i(?<=[b-df-hj-np-tv-z]i)(?=[aeou])")
# A word ending -ei after three letters: Sergey/Sergiy, Andrei/Andriy, Oleksei/Oleksiy.
_FINAL_EI = re.compile(r"ei(?<=[a-z]{3}ei)(?![a-z0-9])")
# Ukrainian h for Russian g, after a letter that does not make a digraph with h
# (ch, gh, kh, ph, sh, th, wh, zh): Serhii/Sergei, Oleh/Oleg, Ihor/Igor, Olha/Olga.
_H_FOR_G = re.compile(r"h(?<=[abd-fh-jl-oq-ruvx]h)")
_SPACES = re.compile(r"  +")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# The non-ASCII characters of English text, replaced before the slower transliteration.
_PUNCTUATION = {c: " " for c in "“”‘’ʼ—–…«»\u00a0\u2009\u202f"} | {"’": "'", "ʼ": "'"}
_CONSONANTS = frozenset("bcdfghjklmnpqrstvwxz")
_transliterated: dict[str, str] = {}


def _ascii(match: re.Match[str]) -> str:
    run = match.group()
    ascii_ = _transliterated.get(run)
    if ascii_ is None:
        ascii_ = anyascii(run)
        if len(_transliterated) < 65536:
            _transliterated[run] = ascii_
    return ascii_


_FOLD_AT_ONCE = 4096  # texts: each step copies them all, so a big column goes in slices


def fold_many(texts: Sequence[str]) -> list[str]:
    """``[fold(t) for t in texts]``, in one pass over each few thousand of them.

    The steps are whole-string operations (``str.replace``, ``str.translate``
    and regexes that start with a literal), so folding many texts costs about
    what folding one long text does, not a Python loop per character. A few
    thousand at a time cost as little, without a copy of every excerpt of a big
    dossier for each step (hundreds of MB at 100,000 statements).
    """
    if len(texts) <= _FOLD_AT_ONCE:
        return _fold_many(texts)
    folded: list[str] = []
    for start in range(0, len(texts), _FOLD_AT_ONCE):
        folded += _fold_many(texts[start : start + _FOLD_AT_ONCE])
    return folded


def _fold_many(texts: Sequence[str]) -> list[str]:
    if not texts:
        return []
    text = " " + f" {_SEP} ".join(t.replace(_SEP, " ") for t in texts) + " "
    if not text.isascii():
        for char, replacement in _PUNCTUATION.items():
            if char in text:
                text = text.replace(char, replacement)
        if not text.isascii():
            text = _NON_ASCII.sub(_ascii, text)
    text = text.lower().replace("'", "").replace("`", "").replace("x", "ks")
    text = text.translate(_ASCII)
    # Doubled i from -iy, -yy, -ii endings: Serhiy/Serhii, Zelenskyy/Zelensky.
    text = text.replace("ii", "i").replace("ii", "i")
    # "ie" at a word start: Yermak/Iermak/Ermak, Yevhen/Ievhen/Evhen.
    text = text.replace(" ie", " e")
    text = _SOFT_I.sub("", text)
    text = _FINAL_EI.sub("i", text)
    text = _H_FOR_G.sub("g", text)
    text = _SPACES.sub(" ", text)
    return [part.strip() for part in text.split(_SEP)]


def _light(text: str) -> str:
    """``text`` transliterated and lowercased, without ``fold``'s spelling changes."""
    return " ".join(_NON_ALNUM.sub(" ", anyascii(text).lower().replace("'", "")).split())


def fold(text: str) -> str:
    """The search key of ``text``: ASCII, lowercase, words separated by single spaces.

    Case, accents and script are folded (``anyascii``), punctuation becomes
    space (apostrophes vanish), and transliteration variants meet:
    ``fold("Кислиця") == fold("Kyslytsia") == fold("Kislitsa") == "kislitsa"``,
    ``fold("Sergey") == fold("Sergiy") == fold("Serhii") == fold("Serhiy") == "sergi"``,
    ``fold("Oleh") == fold("Oleg")``, ``fold("Zelenskyy") == fold("Zelensky")``,
    ``fold("Dolmabahçe") == fold("Dolmabahce")``.
    """
    return fold_many([text])[0]


# -- hits ------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+(?:['’ʼ`][^\W_]+)*")


@dataclass(frozen=True)
class Hit:
    """One record found, with the field that matched best."""

    record_id: str
    kind: Kind
    label: str
    """What a list shows: a person's name, a title, a claim's first line."""
    field: str
    """Which field matched: ``name``, ``alias``, ``title``, ``text``, ``excerpt``, ``id``..."""
    matched: str
    """The matched value as written in the file."""
    score: float
    """Higher is better."""
    span: tuple[int, int] | None = dataclasses.field(default=None, compare=False, repr=False)
    """Where in ``matched`` the query's first word was found, when it could be located."""

    @property
    def describe(self) -> str:
        """``field: value``, a long value cut to about 60 characters around the match."""
        return f"{self.field}: {snippet(self.matched, self.span)}"


def word_span(text: str, words: Sequence[str]) -> tuple[int, int] | None:
    """The span of the first word of ``text`` whose fold starts with one of ``words``."""
    if not words:
        return None
    tokens = list(_WORD.finditer(text))
    for token, folded in zip(tokens, fold_many([t.group() for t in tokens]), strict=True):
        if any(folded.startswith(w) for w in words):
            return token.span()
    return None


# -- index -----------------------------------------------------------------

# Scores: the tiers are far apart, so a bonus never lifts a hit into the tier above.
_ID = 990.0
_ID_PART = 100.0  # the query is part of the id: "times" in "unknown-outlet-kyslytsya-times-…"
_ID_PART_MIN = 3  # shorter queries would match most ids
_EXACT = 1000.0
_PREFIX = 900.0
_WORDS = 800.0
_FUZZY = 500.0  # plus the rapidfuzz score, 0-100
_TITLE = 450.0
_PLACE = 440.0
_SOURCE = 430.0  # an article's outlet and authors
_ROLE = 410.0
_SIDE = 400.0
_TEXT = 200.0
_EXCERPT = 150.0
_CLOSENESS = 10.0  # at most, for the spelling closest to the query as typed
_ALIAS_PENALTY = 0.05  # a name beats an alias matched as well
_START_BONUS = 5.0  # the field starts with the query

_KIND_ORDER = {Kind.PERSON: 0, Kind.ROUND: 1, Kind.ARTICLE: 2, Kind.CLAIM: 3}
_FUZZY_MIN_WORD = 4
_CHUNK = 256  # entries per chunk of a column
_BATCH = 4  # chunks tested together for a query of several words
_NONE: frozenset[int] = frozenset()
_NEXT = (1).__add__


class _Column:
    """One field of many records, folded and joined into one string to ``find`` in.

    The blob is ``"\\n " + "\\n ".join(folded) + "\\n"``: every entry starts with a
    space, so ``" " + word`` finds a word start. The entries are grouped in chunks,
    and each word of the column maps to a bit mask of the chunks holding it, so a
    query scans only the chunks that hold a word starting with each query word.
    """

    def __init__(self, field: str, score: float) -> None:
        self.field = field
        self.score = score
        self.records: list[int] = []
        self.values: list[str] = []
        self.kinds: frozenset[Kind] = frozenset()
        self.folded: list[str] = []
        self.starts: list[int] = []
        self.blob = ""
        self.words: list[str] = []
        self.masks: list[int] = []
        self.light: list[str] = []  # for names and aliases: see ``_light``

    def add(self, record: int, value: str) -> None:
        self.records.append(record)
        self.values.append(value)

    def build(self, kinds: Sequence[Kind]) -> None:
        """Fold the values added, once they all are."""
        self.kinds = frozenset(kinds[record] for record in set(self.records))
        folded = fold_many(self.values)
        position = 1
        for text in folded:
            self.starts.append(position)
            position += len(text) + 2
        self.starts.append(position)  # the end, so entry i is blob[starts[i]:starts[i + 1]]
        self.blob = "\n " + "\n ".join(folded) + "\n"
        # The statements' texts and excerpts are most of a big dossier's text: they are
        # kept folded only in the blob (``matches`` slices it), not a second time here.
        self.folded = [] if self.field in _LONG else [" " + f for f in folded]
        del folded
        chunks: dict[str, list[int]] = {}
        for chunk, first in enumerate(range(0, len(self), _CHUNK)):
            text = self.blob[self.starts[first] : self.starts[min(first + _CHUNK, len(self))]]
            for word in set(text.split()):
                chunks.setdefault(word, []).append(chunk)
        self.words = sorted(chunks)
        self.masks = [sum(1 << chunk for chunk in chunks[word]) for word in self.words]

    def __len__(self) -> int:
        return len(self.records)

    def _chunks(self, word: str) -> int:
        """The mask of chunks holding a word that starts with ``word``."""
        words, masks = self.words, self.masks
        mask = 0
        for i in range(bisect_left(words, word), bisect_left(words, word + "~")):
            mask |= masks[i]
        return mask

    def matches(self, words: Sequence[str], skip: set[int] | frozenset[int]) -> Iterator[int]:
        """Entries, in order, holding every word at a word start; none of a skipped record."""
        if not words or not self.records:
            return
        masks = {" " + word: self._chunks(word) for word in words}
        mask = -1
        for word_mask in masks.values():
            mask &= word_mask
        if not mask:
            return
        # The word in the fewest chunks first: it rules out the most entries.
        needles = sorted(masks, key=lambda needle: masks[needle].bit_count())
        if len(needles) == 1:
            yield from self._occurrences(needles[0], mask, skip)
            return
        # Several words: the entries holding the rarest, found with ``find`` chunk by
        # chunk, then tested for the others at C speed, a batch of chunks at a time.
        blob, starts, records = self.blob, self.starts, self.records
        while mask:
            batch_mask = 0
            for _ in range(_BATCH):
                low = mask & -mask
                mask ^= low
                batch_mask |= low
            batch = list(self._occurrences(needles[0], batch_mask, _NONE))
            for needle in needles[1:]:  # each entry's text, with its newline, sliced in C
                ends = map(starts.__getitem__, map(_NEXT, batch))
                texts = map(blob.__getitem__, map(slice, map(starts.__getitem__, batch), ends))
                batch = list(compress(batch, map(contains, texts, repeat(needle))))
            for entry in batch:
                if records[entry] not in skip:
                    yield entry

    def _occurrences(
        self, needle: str, mask: int, skip: set[int] | frozenset[int]
    ) -> Iterator[int]:
        """Entries of the chunks in ``mask`` holding ``needle``, found with ``str.find``."""
        blob, starts, records = self.blob, self.starts, self.records
        while mask:
            low = mask & -mask
            mask ^= low
            first = (low.bit_length() - 1) * _CHUNK
            end = starts[min(first + _CHUNK, len(records))]
            position = blob.find(needle, starts[first], end)
            while position != -1:
                entry = bisect_right(starts, position, first) - 1
                if records[entry] not in skip:
                    yield entry
                position = blob.find(needle, starts[entry + 1], end)


# The columns, by the name ``fields.FIELDS`` gives a searched key, and their scores. Names
# and aliases are ranked apart; of the short fields, the first of equal scores wins.
_SHORT = {
    "title": _TITLE,
    "place": _PLACE,
    "venue": _PLACE,
    "outlet": _SOURCE,
    "author": _SOURCE,
    "role": _ROLE,
    "side": _SIDE,
}
_LONG = {"text": _TEXT, "excerpt": _EXCERPT}
SEARCHED = frozenset({"name", "alias", *_SHORT, *_LONG})
"""Every name a searched key may have in ``fields.FIELDS``."""

_Reader = tuple[_Column, str, str | None, Callable[[str], str] | None]


def _readers(kind: Kind, columns: dict[str, _Column]) -> list[_Reader]:
    """Which column each searched key of ``kind`` goes to, and how its values are shown."""
    return [(columns[e.search or ""], key, inside, e.show) for key, inside, e in searched(kind)]


def _values(record: AnyRecord, key: str, inside: str | None) -> Iterable[str]:
    """The texts a record holds under ``key`` (``key.inside``): one per distinct value."""
    value = getattr(record, key)
    if inside is not None:
        return dict.fromkeys(getattr(table, inside) for table in value)
    if isinstance(value, list):
        return value
    return (value,) if value else ()


_Offer = Callable[[int, float, _Column | None, int], None]
"""Offers a record (by number) with a score, the column and the entry that matched."""


class SearchIndex:
    """Everything searchable in an ``Index``, folded once; ``search`` per keypress."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._ids: list[str] = []
        self._kinds: list[Kind] = []
        self._number: dict[str, int] = {}
        self._names = _Column("name", 0.0)
        self._aliases = _Column("alias", -_ALIAS_PENALTY)
        self._short = [_Column(field, score) for field, score in _SHORT.items()]
        self._long = [_Column(field, score) for field, score in _LONG.items()]
        self._add_records(index)
        # All ids on one line each, so a part of an id is found by C-speed ``find``.
        self._id_text = "".join(f"{record_id}\n" for record_id in self._ids)
        self._id_starts: list[int] = []
        # Records are numbered kind by kind: each kind's stretch of ids and of numbers.
        self._id_spans: dict[Kind, tuple[int, int]] = {}
        self._record_spans: dict[Kind, tuple[int, int]] = {}
        start = 0
        for record_id, kind in zip(self._ids, self._kinds, strict=True):
            self._id_starts.append(start)
            start += len(record_id) + 1
            first = self._id_spans.get(kind, (self._id_starts[-1], 0))[0]
            self._id_spans[kind] = (first, start)
            first = self._record_spans.get(kind, (len(self._id_starts) - 1, 0))[0]
            self._record_spans[kind] = (first, len(self._id_starts))
        for column in [self._names, self._aliases, *self._short, *self._long]:
            column.build(self._kinds)
        for column in (self._names, self._aliases):
            column.light = [_light(value) for value in column.values]
        self._prepare_fuzzy()

    def _add_records(self, index: Index) -> None:
        """Number every record, kind by kind, and add its searchable values to the columns."""
        columns = {c.field: c for c in [self._names, self._aliases, *self._short, *self._long]}
        readers = {kind: _readers(kind, columns) for kind in Kind}
        for kind in sorted(Kind, key=_KIND_ORDER.__getitem__):
            read = readers[kind]
            for record_id in index.ids(kind):
                record = index.get(record_id)
                if record is None:
                    continue
                n = len(self._ids)
                self._ids.append(record_id)
                self._kinds.append(kind)
                self._number[record_id] = n
                for column, key, inside, show in read:
                    for value in _values(record, key, inside):
                        column.add(n, show(value) if show else value)

    def _prepare_fuzzy(self) -> None:
        """Fuzzy matching runs on whole names and aliases, and on their words."""
        self._fuzzy_names: list[str] = []
        self._fuzzy_name_targets: list[list[tuple[_Column, int]]] = []
        words: dict[str, list[tuple[_Column, int]]] = {}
        for column in (self._names, self._aliases):
            for entry, value in enumerate(column.folded):
                self._fuzzy_names.append(value[1:])
                self._fuzzy_name_targets.append([(column, entry)])
                for word in value.split():
                    if len(word) >= _FUZZY_MIN_WORD:
                        words.setdefault(word, []).append((column, entry))
        self._fuzzy_words = list(words)
        self._fuzzy_word_targets = list(words.values())

    def search(
        self, query: str, limit: int = 50, kinds: frozenset[Kind] | None = None
    ) -> list[Hit]:
        """The best ``limit`` records for ``query``, best first.

        A blank query finds nothing, or with ``kinds`` every record of those kinds
        (a picker lists its choices before anything is typed).
        """
        folded = fold(query)
        words = folded.split()
        if limit <= 0:
            return []
        if not words:
            return self._listing(kinds, limit) if kinds is not None else []
        # The last word may be half typed: "kyslytsi" must still find "kyslytsia",
        # whose soft i only folds away once the vowel after it is typed.
        last = words[-1]
        if len(last) >= 4 and last[-1] == "i" and last[-2] in _CONSONANTS:
            words[-1] = last[:-1]

        wanted = kinds if kinds is not None else frozenset(Kind)
        best: dict[int, tuple[float, _Column | None, int]] = {}

        def offer(record: int, score: float, column: _Column | None, entry: int) -> None:
            if self._kinds[record] in wanted and score > best.get(record, (-1.0,))[0]:
                best[record] = (score, column, entry)

        id_part = _NON_ALNUM.sub("-", query.strip().lower()).strip("-")
        record = self._number.get(query.strip().lower())
        if record is not None:
            offer(record, _ID, None, -1)
        if Kind.PERSON in wanted:
            self._offer_people(query, folded, words, offer)
        self._offer_short(words, wanted, offer)
        if Kind.CLAIM in wanted:
            self._offer_claims(words, set(best), limit - len(best), offer)
        self._offer_id_parts(id_part, wanted, limit - len(best), offer)

        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))[:limit]
        return [self._hit(record, *found_, words, id_part) for record, found_ in ranked]

    def _listing(self, kinds: frozenset[Kind], limit: int) -> list[Hit]:
        """The first ``limit`` records of ``kinds``, in display order."""
        wanted: list[int] = []
        for kind in sorted(kinds, key=_KIND_ORDER.__getitem__):
            first, end = self._record_spans.get(kind, (0, 0))
            wanted.extend(range(first, min(end, first + limit - len(wanted))))
        return [self._hit(n, 0.0, None, -1, [], "") for n in wanted]

    def _offer_id_parts(
        self, part: str, wanted: frozenset[Kind], limit: int, offer: _Offer
    ) -> None:
        """Offer the first ``limit`` records of ``wanted`` kinds whose id holds ``part``."""
        if len(part) < _ID_PART_MIN:
            return
        found = 0
        for kind in wanted:  # only the wanted kinds' stretch of text is read
            at, end = self._id_spans.get(kind, (0, 0))
            while found < limit and (at := self._id_text.find(part, at, end)) >= 0:
                record = bisect_right(self._id_starts, at) - 1
                at = self._id_starts[record] + len(self._ids[record]) + 1  # on to the next id
                offer(record, _ID_PART, None, -1)
                found += 1

    def _offer_people(self, query: str, folded: str, words: list[str], offer: _Offer) -> None:
        """Offer people by name and alias: exact, then prefix, then word matches, then fuzzy."""
        typed = " ".join(words)
        # Of the spellings that fold alike, the closest to the query as typed wins:
        # "Sergey Kyslytsya" shows that alias, "Serhii Kyslytsia" the name.
        typed_light = _light(query)
        for column in (self._names, self._aliases):
            for entry in column.matches(words, _NONE):
                value, light = column.folded[entry], column.light[entry]
                if value == " " + folded:
                    score = _EXACT + fuzz.ratio(typed_light, light) * _CLOSENESS / 100
                elif value.startswith(" " + typed):
                    head = light[: len(typed_light)]
                    score = _PREFIX + fuzz.ratio(typed_light, head) * _CLOSENESS / 100
                    score -= min(len(light), 99) / 100  # shorter is closer to complete
                else:
                    score = _WORDS - min(len(light), 99) / 100
                offer(column.records[entry], score + column.score, column, entry)
        self._fuzzy(folded, offer)

    def _offer_short(self, words: list[str], wanted: frozenset[Kind], offer: _Offer) -> None:
        """Offer the records whose titles, places, outlets, authors, roles or sides match."""
        typed = " ".join(words)
        for column in self._short:
            if wanted.isdisjoint(column.kinds):
                continue
            for entry in column.matches(words, _NONE):
                start = column.folded[entry].startswith(" " + typed)
                offer(
                    column.records[entry],
                    column.score + (_START_BONUS if start else 0.0),
                    column,
                    entry,
                )

    def _offer_claims(self, words: list[str], found: set[int], needed: int, offer: _Offer) -> None:
        """Offer claims by their text, then by their excerpts, until ``needed`` are found.

        Claims come last, in display order, so the search stops once enough are found;
        a record in ``found`` (offered already) is skipped.
        """
        for column in self._long:
            if needed <= 0:
                break
            for entry in column.matches(words, found):
                record = column.records[entry]
                offer(record, column.score, column, entry)
                found.add(record)
                needed -= 1
                if needed <= 0:
                    break

    def _fuzzy(self, folded: str, offer: _Offer) -> None:
        """Offer the names and aliases close to ``folded``, scored 500-600.

        A one-word query is compared with each word of the names ("Medinksy" with
        "Vladimir Medinsky"), a longer one with whole names, in any word order.
        """
        if " " in folded:
            choices, targets = self._fuzzy_names, self._fuzzy_name_targets
            scorer: Callable[..., float] = fuzz.token_sort_ratio
        elif len(folded) >= _FUZZY_MIN_WORD:
            choices, targets, scorer = self._fuzzy_words, self._fuzzy_word_targets, fuzz.ratio
        else:
            return
        cutoff = 90.0 if len(folded) < 5 else 80.0
        close = process.extract(
            folded, choices, scorer=scorer, processor=None, score_cutoff=cutoff, limit=None
        )
        for _, ratio, i in close:
            for column, entry in targets[i]:
                offer(column.records[entry], _FUZZY + ratio + column.score, column, entry)

    def _label(self, record_id: str) -> str:
        record = self.index.get(record_id)
        return record.title_text if record is not None else record_id

    def _hit(
        self,
        record: int,
        score: float,
        column: _Column | None,
        entry: int,
        words: list[str],
        id_part: str,
    ) -> Hit:
        record_id = self._ids[record]
        span: tuple[int, int] | None
        if column is None:
            at = record_id.find(id_part) if id_part else -1
            field, matched = "id", record_id
            span = (at, at + len(id_part)) if at >= 0 else None
        else:
            field, matched = column.field, column.values[entry]
            span = word_span(matched, words)
        return Hit(
            record_id=record_id,
            kind=self._kinds[record],
            label=self._label(record_id),
            field=field,
            matched=matched,
            score=score,
            span=span,
        )
