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
import heapq
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from itertools import compress, islice, repeat
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

    def matches(self, words: Sequence[str], skip: AbstractSet[int]) -> Iterator[int]:
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

    def _occurrences(self, needle: str, mask: int, skip: AbstractSet[int]) -> Iterator[int]:
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


class _Part:
    """The columns of some records, numbered (from ``first``) kind by kind in display order.

    A record's number is its handle in every column, in ``SearchIndex``'s ranking and
    in the ``skip`` sets of ``_Column.matches``.
    """

    def __init__(self, records: Iterable[tuple[str, Kind, AnyRecord]], first: int = 0) -> None:
        self.first = first
        self.ids: list[str] = []
        self.kinds: list[Kind] = []
        self.number: dict[str, int] = {}
        self.names = _Column("name", 0.0)
        self.aliases = _Column("alias", -_ALIAS_PENALTY)
        self.short = [_Column(field, score) for field, score in _SHORT.items()]
        self.long = [_Column(field, score) for field, score in _LONG.items()]
        self._add_records(records)
        # All ids on one line each, so a part of an id is found by C-speed ``find``.
        self.id_text = "".join(f"{record_id}\n" for record_id in self.ids)
        self.id_starts: list[int] = []
        # Records are numbered kind by kind: each kind's stretch of ids and of numbers.
        self.id_spans: dict[Kind, tuple[int, int]] = {}
        self.record_spans: dict[Kind, tuple[int, int]] = {}
        start = 0
        for record_id, kind in zip(self.ids, self.kinds, strict=True):
            self.id_starts.append(start)
            start += len(record_id) + 1
            at = self.id_spans.get(kind, (self.id_starts[-1], 0))[0]
            self.id_spans[kind] = (at, start)
            at = self.record_spans.get(kind, (first + len(self.id_starts) - 1, 0))[0]
            self.record_spans[kind] = (at, first + len(self.id_starts))
        kinds = [*repeat(Kind.PERSON, first), *self.kinds]  # by number, from 0
        for column in [self.names, self.aliases, *self.short, *self.long]:
            column.build(kinds)
        for column in (self.names, self.aliases):
            column.light = [_light(value) for value in column.values]
        self._prepare_fuzzy()

    def _add_records(self, records: Iterable[tuple[str, Kind, AnyRecord]]) -> None:
        """Number every record and add its searchable values to the columns."""
        columns = {c.field: c for c in [self.names, self.aliases, *self.short, *self.long]}
        readers = {kind: _readers(kind, columns) for kind in Kind}
        for record_id, kind, record in records:
            n = self.first + len(self.ids)
            self.ids.append(record_id)
            self.kinds.append(kind)
            self.number[record_id] = n
            for column, key, inside, show in readers[kind]:
                for value in _values(record, key, inside):
                    column.add(n, show(value) if show else value)

    def _prepare_fuzzy(self) -> None:
        """Fuzzy matching runs on whole names and aliases, and on their words."""
        self.fuzzy_names: list[str] = []
        self.fuzzy_name_targets: list[list[tuple[_Column, int]]] = []
        words: dict[str, list[tuple[_Column, int]]] = {}
        for column in (self.names, self.aliases):
            for entry, value in enumerate(column.folded):
                self.fuzzy_names.append(value[1:])
                self.fuzzy_name_targets.append([(column, entry)])
                for word in value.split():
                    if len(word) >= _FUZZY_MIN_WORD:
                        words.setdefault(word, []).append((column, entry))
        self.fuzzy_words = list(words)
        self.fuzzy_word_targets = list(words.values())

    def __contains__(self, number: int) -> bool:
        return self.first <= number < self.first + len(self.ids)

    def record_id(self, number: int) -> str:
        return self.ids[number - self.first]

    def kind(self, number: int) -> Kind:
        return self.kinds[number - self.first]

    def id_matches(self, part: str, kind: Kind, skip: frozenset[int]) -> Iterator[int]:
        """The records of ``kind`` whose id holds ``part``, in order; none in ``skip``."""
        at, end = self.id_spans.get(kind, (0, 0))
        while (at := self.id_text.find(part, at, end)) >= 0:
            n = bisect_right(self.id_starts, at) - 1
            at = self.id_starts[n] + len(self.ids[n]) + 1  # on to the next id
            if self.first + n not in skip:
                yield self.first + n

    def of_kind(self, kind: Kind, skip: frozenset[int]) -> Iterator[int]:
        """The records of ``kind``, in order; none in ``skip``."""
        first, end = self.record_spans.get(kind, (0, 0))
        return (n for n in range(first, end) if n not in skip)


_MAX_CHANGED = 500  # records changed since the full build: past this, build it again
_MAX_CHANGED_SHARE = 0.005


class SearchIndex:
    """Everything searchable in an ``Index``, folded once; ``search`` per keypress.

    After a reload, ``updated`` re-indexes only the changed records: the full
    build (``_base``) stays, its versions of those records are skipped, and
    their new versions are in a small second part (``_delta``), each numbered
    after the records of the full build and ranked where the new index lists it.
    """

    def __init__(self, index: Index) -> None:
        self.index = index
        self._base = _Part(_in_order(index, (index.ids(kind) for kind in _KINDS)))
        self._delta: _Part | None = None
        self._changed: frozenset[str] = frozenset()  # ids in ``_delta`` or gone, since the base
        self._dead: frozenset[int] = frozenset()  # the base's numbers of those ids
        self._places: dict[int, tuple[int, int]] = {}  # where each of ``_delta`` ranks

    def updated(self, index: Index, changed: Iterable[str]) -> SearchIndex:
        """This search over ``index``, which differs from ``self.index`` only in ``changed``:
        the records that came, went, changed or moved in their kind's display order."""
        copy = object.__new__(type(self))
        copy.index = index
        copy._base = self._base
        copy._changed = self._changed | frozenset(changed)
        base = self._base.number
        copy._dead = frozenset(base[i] for i in copy._changed if i in base)
        present = sorted(
            (_place(index, i) for i in copy._changed if i in index), key=lambda p: p[:2]
        )
        copy._delta = _Part(
            ((i, kind, index.records[i]) for _, _, i, kind in present), len(self._base.ids)
        )
        copy._places = copy._ranks(present)
        return copy

    @property
    def worth_rebuilding(self) -> bool:
        """Enough has changed since the full build that a new one would search faster."""
        return len(self._changed) > max(_MAX_CHANGED, _MAX_CHANGED_SHARE * len(self._base.ids))

    def _ranks(self, present: list[tuple[int, int, str, Kind]]) -> dict[int, tuple[int, int]]:
        """For each changed record, the number of the first unchanged one after it in its
        kind's new order (or the end of that kind), then its own rank among the changed."""
        assert self._delta is not None
        places: dict[int, tuple[int, int]] = {}
        base = self._base
        for rank, (_, position, record_id, kind) in enumerate(present):
            ids = self.index.ids(kind)
            after = _kind_end(base, kind)
            for n in range(position + 1, len(ids)):
                later = ids[n]
                if later not in self._changed:
                    after = base.number[later]
                    break
            places[self._delta.number[record_id]] = (after, rank)
        return places

    def _key(self, number: int) -> tuple[int, int, int]:
        """Where a record ranks among equal scores: its place in display order."""
        place = self._places.get(number)
        return (number, 1, 0) if place is None else (place[0], 0, place[1])

    def _parts(self) -> list[tuple[_Part, frozenset[int]]]:
        """Each part with the numbers to skip in it."""
        parts = [(self._base, self._dead)]
        if self._delta is not None:
            parts.append((self._delta, _NONE))
        return parts

    def _part(self, number: int) -> _Part:
        return self._base if number in self._base or self._delta is None else self._delta

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
        dead = self._dead

        def offer(record: int, score: float, column: _Column | None, entry: int) -> None:
            if record in dead or self._part(record).kind(record) not in wanted:
                return
            if score > best.get(record, (-1.0,))[0]:
                best[record] = (score, column, entry)

        id_part = _NON_ALNUM.sub("-", query.strip().lower()).strip("-")
        for part, _ in reversed(self._parts()):  # a changed record's new version first
            record = part.number.get(query.strip().lower())
            if record is not None and record not in dead:
                offer(record, _ID, None, -1)
                break
        if Kind.PERSON in wanted:
            self._offer_people(query, folded, words, offer)
        self._offer_short(words, wanted, offer)
        if Kind.CLAIM in wanted:
            self._offer_claims(words, set(best), limit - len(best), offer)
        self._offer_id_parts(id_part, wanted, limit - len(best), offer)

        key = self._key
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], key(item[0])))[:limit]
        return [self._hit(record, *found_, words, id_part) for record, found_ in ranked]

    def _merged(self, found: Callable[[_Part, frozenset[int]], Iterator[int]]) -> Iterator[int]:
        """What ``found`` yields in each part, in display order."""
        parts = self._parts()
        if len(parts) == 1:
            return found(*parts[0])
        return heapq.merge(*(found(*p) for p in parts), key=self._key)

    def _listing(self, kinds: frozenset[Kind], limit: int) -> list[Hit]:
        """The first ``limit`` records of ``kinds``, in display order."""
        wanted: list[int] = []
        for kind in sorted(kinds, key=_KIND_ORDER.__getitem__):

            def of_kind(part: _Part, skip: frozenset[int], kind: Kind = kind) -> Iterator[int]:
                return part.of_kind(kind, skip)

            wanted.extend(islice(self._merged(of_kind), limit - len(wanted)))
        return [self._hit(n, 0.0, None, -1, [], "") for n in wanted]

    def _offer_id_parts(
        self, part: str, wanted: frozenset[Kind], limit: int, offer: _Offer
    ) -> None:
        """Offer the first ``limit`` records of ``wanted`` kinds whose id holds ``part``."""
        if len(part) < _ID_PART_MIN:
            return
        found = 0
        for kind in wanted:  # only the wanted kinds' stretch of text is read
            if found >= limit:
                break

            def matches(p: _Part, skip: frozenset[int], kind: Kind = kind) -> Iterator[int]:
                return p.id_matches(part, kind, skip)

            for record in islice(self._merged(matches), limit - found):
                offer(record, _ID_PART, None, -1)
                found += 1

    def _offer_people(self, query: str, folded: str, words: list[str], offer: _Offer) -> None:
        """Offer people by name and alias: exact, then prefix, then word matches, then fuzzy."""
        typed = " ".join(words)
        # Of the spellings that fold alike, the closest to the query as typed wins:
        # "Sergey Kyslytsya" shows that alias, "Serhii Kyslytsia" the name.
        typed_light = _light(query)
        for part, skip in self._parts():
            for column in (part.names, part.aliases):
                for entry in column.matches(words, skip):
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
            self._fuzzy(part, folded, offer)

    def _offer_short(self, words: list[str], wanted: frozenset[Kind], offer: _Offer) -> None:
        """Offer the records whose titles, places, outlets, authors, roles or sides match."""
        typed = " ".join(words)
        for part, skip in self._parts():
            for column in part.short:
                if wanted.isdisjoint(column.kinds):
                    continue
                for entry in column.matches(words, skip):
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
        # The base's skipped records count as found: never offered, never counted.
        found |= self._dead
        for n, score in enumerate(_LONG.values()):
            if needed <= 0:
                break
            at: dict[int, tuple[_Column, int]] = {}  # the entry each record was found by

            def matches(
                part: _Part,
                _skip: frozenset[int],
                n: int = n,
                at: dict[int, tuple[_Column, int]] = at,
            ) -> Iterator[int]:
                column = part.long[n]
                for entry in column.matches(words, found):
                    at[column.records[entry]] = (column, entry)
                    yield column.records[entry]

            for record in self._merged(matches):
                if record in found:
                    continue  # a record with several excerpts: once, for the first
                offer(record, score, *at[record])
                found.add(record)
                needed -= 1
                if needed <= 0:
                    break

    def _fuzzy(self, part: _Part, folded: str, offer: _Offer) -> None:
        """Offer the names and aliases close to ``folded``, scored 500-600.

        A one-word query is compared with each word of the names ("Medinksy" with
        "Vladimir Medinsky"), a longer one with whole names, in any word order.
        """
        if " " in folded:
            choices, targets = part.fuzzy_names, part.fuzzy_name_targets
            scorer: Callable[..., float] = fuzz.token_sort_ratio
        elif len(folded) >= _FUZZY_MIN_WORD:
            choices, targets, scorer = part.fuzzy_words, part.fuzzy_word_targets, fuzz.ratio
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
        part = self._part(record)
        record_id = part.record_id(record)
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
            kind=part.kind(record),
            label=self._label(record_id),
            field=field,
            matched=matched,
            score=score,
            span=span,
        )


_KINDS = sorted(Kind, key=_KIND_ORDER.__getitem__)


def _in_order(index: Index, ids: Iterable[list[str]]) -> Iterator[tuple[str, Kind, AnyRecord]]:
    for kind_ids in ids:
        for record_id in kind_ids:
            record = index.get(record_id)
            if record is not None:
                yield record_id, record.kind, record


def _place(index: Index, record_id: str) -> tuple[int, int, str, Kind]:
    """A record's kind (as search orders kinds), its place among them, its id and kind."""
    record = index.records[record_id]
    ids = index.ids(record.kind)
    if record.kind is Kind.CLAIM:  # claims are in (date, id) order: found by bisection
        date = index._claim_dates[record_id]
        at = bisect_left(ids, (date, record_id), key=lambda i: (index._claim_dates[i], i))
    else:
        at = ids.index(record_id)
    return _KIND_ORDER[record.kind], at, record_id, record.kind


def _kind_end(base: _Part, kind: Kind) -> int:
    """The number just after the base's records of ``kind`` (where they would be)."""
    end = 0
    for other in _KINDS:
        span = base.record_spans.get(other)
        if span is not None:
            end = span[1]
        if other is kind:
            return end
    return end
