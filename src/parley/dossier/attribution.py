"""Find passages of a text that attribute words to a person or side the dossier knows.

Rules, no model: the dossier's own names and aliases (folded as search folds them,
so any spelling or script matches, and a surname alone too), the sides its records
use (with their capitals and the usual "the Russian side" forms), reporting verbs
and quotation marks. ``suggest`` returns one ``Suggestion`` per passage: a sentence,
or the sentences a quotation spans with its attribution, as offsets into the text,
so an excerpt cut from them is verbatim.

The forms covered: a quote with its attribution before, after or in the middle
(``"…," X said. "…"``: the second quote inherits the speaker); indirect speech
(``X said that …``, ``X told reporters …``, ``according to X, …``); appositions
and relative clauses between the speaker and the verb (``X, the foreign minister,
said``); ``he said`` resolved to the nearest named person before it, ``the minister
added`` to the nearest named person holding that role; headline forms (``X: "…"``,
``"…" – X``); and the lines of a list introduced by an attributed sentence ending
in a colon. Speech verbs (said, told, stressed) beat stance verbs (refused,
demanded); among several, the last wins, as in ``A claims that B said …``.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from parley.dossier.index import Index
from parley.dossier.model import Claim, ClaimKind, Kind, Person, Round
from parley.dossier.search import fold_many

# -- vocabulary ----------------------------------------------------------------


def _forms(*stems: str) -> frozenset[str]:
    """Verb forms written ``stem|s|ed``: each ``|`` alternative appended to the stem."""
    forms: set[str] = set()
    for spec in stems:
        stem, *endings = spec.split("|")
        forms.add(stem)
        forms.update(stem + ending for ending in endings)
    return frozenset(forms)


# Verbs of saying: they attribute words.
SPEECH_VERBS = _forms(
    "say|s|ing",
    "said",
    "tell|s|ing",
    "told",
    "add|s|ed|ing",
    "state|s|d",
    "note|s|d",
    "stress|es|ed",
    "emphasi|zes|zed|ses|sed",
    "underline|s|d",
    "announce|s|d",
    "declare|s|d",
    "claim|s|ed",
    "insist|s|ed",
    "argue|s|d",
    "warn|s|ed",
    "explain|s|ed",
    "repl|y|ies|ied",
    "respond|s|ed",
    "answer|s|ed",
    "write|s",
    "wrote",
    "tweet|s|ed",
    "confirm|s|ed",
    "acknowledge|s|d",
    "admit|s|ted",
    "recall|s|ed",
    "comment|s|ed",
    "remark|s|ed",
    "conclude|s|d",
    "continue|s|d",
    "reiterate|s|d",
    "assure|s|d",
    "mention|s|ed",
    "report|s|ed",
    "suggest|s|ed",
    "predict|s|ed",
)
# Verbs of a stance: a position taken, weaker evidence of words than saying.
STANCE_VERBS = _forms(
    "den|y|ies|ied",
    "promise|s|d",
    "threaten|s|ed",
    "express|es|ed",
    "believe|s|d",
    "think|s",
    "thought",
    "demand|s|ed",
    "refuse|s|d",
    "reject|s|ed",
    "request|s|ed",
    "propose|s|d",
    "offer|s|ed",
    "agree|s|d",
    "consider|s|ed",
    "vow|s|ed",
    "pledge|s|d",
    "accuse|s|d",
    "criticise|s|d",
    "criticize|s|d",
    "complain|s|ed",
    "describe|s|d",
    "urge|s|d",
    "call|s|ed",
    "ask|s|ed",
    "welcome|s|d",
    "hope|s|d",
    "want|s|ed",
    "expect|s|ed",
    "indicate|s|d",
    "signal|s|ed|led",
    "dismiss|es|ed",
    "blame|s|d",
    "rule|s|d",
    "ready",
    "satisfied",
    "prepared",
)
# Verbs that take the speaker after them: ``"…," said Medinsky``.
INVERTIBLE = _forms("said", "says", "added", "adds", "noted", "wrote", "explained", "continued")
# Words that may stand between a speaker and the verb: ``Russia firmly stressed``.
_FILLERS = frozenset(
    "also again once further then later earlier previously still even not never has have had "
    "was were is are be been being did does do would will could can cannot may might "
    "reportedly repeatedly already himself herself itself themselves today yesterday on "
    "monday tuesday wednesday thursday friday saturday sunday s only".split()
)
_PRONOUNS = frozenset({"he", "she", "him", "her"})
_COPULAS = frozenset(["is", "was", "are", "were", "be", "remains", "remained"])
_PREDICATES = frozenset(["ready", "satisfied", "prepared"])
_SPEECH = frozenset(fold_many(sorted(SPEECH_VERBS)))
_STANCE = frozenset(fold_many(sorted(STANCE_VERBS)))
_INVERTIBLE = frozenset(fold_many(sorted(INVERTIBLE)))
_FOLDED_FILLERS = frozenset(fold_many(sorted(_FILLERS)))
_FOLDED_PREDICATES = frozenset(fold_many(sorted(_PREDICATES)))
_BY = fold_many(["by"])[0]  # "bi": folding spells y as i
# Nouns that make ``the ...`` a role: ``the minister``, ``the head of the delegation``.
ROLE_NOUNS = frozenset(
    "minister president spokesman spokeswoman spokesperson aide adviser advisor diplomat "
    "chancellor secretary envoy ambassador official negotiator chief leader premier head "
    "chairman chair deputy general admiral commander director journalist author".split()
)
_ROLE_STOP = frozenset("the of a an s and for to".split())
_ROLES = frozenset(fold_many(sorted(ROLE_NOUNS)))

# Each side slug a dossier may use, with its names (capitals and institutions too) and
# its adjective; ``the Russian side`` and the like are made from the adjective.
_SIDES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "russia": (
        ("Russia", "Russian Federation", "Moscow", "Kremlin", "the Kremlin", "the Russians"),
        ("Russian",),
    ),
    "ukraine": (("Ukraine", "Kyiv", "Kiev", "the Ukrainians"), ("Ukrainian",)),
    "turkey": (("Turkey", "Türkiye", "Turkiye", "Ankara", "the Turks"), ("Turkish",)),
    "united-states": (
        ("United States", "U.S.", "USA", "Washington", "White House", "the Americans"),
        ("American", "U.S."),
    ),
    "european-union": (("European Union", "EU", "Brussels"), ("EU",)),
    "united-kingdom": (
        ("United Kingdom", "Britain", "UK", "London", "the British"),
        ("British",),
    ),
    "france": (("France", "Paris", "Élysée", "the French"), ("French",)),
    "germany": (("Germany", "Berlin", "the Germans"), ("German",)),
    "poland": (("Poland", "Warsaw", "the Poles"), ("Polish",)),
    "finland": (("Finland", "Helsinki", "the Finns"), ("Finnish",)),
    "holy-see": (("Holy See", "Vatican", "the Vatican"), ("Vatican",)),
    "china": (("China", "Beijing", "the Chinese"), ("Chinese",)),
    "belarus": (("Belarus", "Minsk"), ("Belarusian",)),
    "nato": (("NATO", "the Alliance"), ("NATO",)),
}
_SIDE_NOUNS = (
    "side",
    "delegation",
    "delegates",
    "representatives",
    "authorities",
    "officials",
    "government",
    "negotiators",
    "team",
    "leadership",
)

# -- text structure -------------------------------------------------------------

_TOKEN = re.compile(r"(?:(?![ʼ])[^\W_])+")
_OPEN_CLOSE = {"“": "”„“", "„": "“”", "«": "»", "‹": "›"}
_SINGLE_OPEN = "‘ʼ'"
_SINGLE_CLOSE = "’ʼ'"
_MAX_QUOTE = 3000
# A sentence ends after . ! ? (and any closing quotes or brackets) and space, before
# a capital, a digit or an opening quote; initials and short titles do not end one.
_SENTENCE_END = re.compile(r"[.!?…][\"”»’ʼ')\]]*\s+(?=[\"“„«‘ʼ'(\[]?[^\W_a-z])")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr gen col lt maj sgt st jr sr prof gov sen rep pres no vs etc u.s u.k e.g i.e "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_LIST_ITEM = re.compile(r"^\s*(?:[-*•–—]\s|\d+[.)]\s)|\s[–—-]\s")
_DASH = re.compile(r"^\s*[–—-]\s*")


@dataclass(frozen=True)
class Suggestion:
    """A passage that attributes words to a known person or side."""

    start: int
    end: int
    """Offsets of the passage in the text: ``text[start:end]`` is the excerpt."""
    line: int
    """The line the passage starts on, from 1."""
    excerpt: str
    speaker: str | None
    """The person's id, when a person is credited."""
    side: str | None
    """The side's slug, when only a side is credited (else the speaker's side)."""
    type: ClaimKind
    """A quote when the passage holds quotation marks, else a paraphrase."""
    cue: str
    """The words that attribute it, as written: ``Medinsky said``, ``according to him``."""

    @property
    def who(self) -> str:
        """The speaker's id, else the side's slug."""
        return self.speaker or self.side or ""


@dataclass(frozen=True)
class FoundName:
    """A name in the text that matches no known person, as spelled there."""

    text: str
    start: int
    line: int


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    person: str | None = None
    side: str | None = None
    pronoun: bool = False


@dataclass(frozen=True)
class _Cue:
    start: int
    end: int
    person: str | None
    side: str | None
    at: int
    """Where its verb (or ``according to``, or a headline's mark) is."""
    aside: bool = False
    """Set off by commas inside the sentence it attributes: ``Russia, he said, refused``."""


class _Lexicon:
    """The names, aliases, surnames and side phrases of a dossier, folded to word tuples."""

    def __init__(self, index: Index) -> None:
        self.people: dict[str, Person] = {}
        names: dict[tuple[str, ...], set[str]] = {}
        surnames: dict[str, set[str]] = {}
        spellings: list[tuple[str, str]] = []
        for pid in index.ids(Kind.PERSON):
            person = index.get_as(pid, Person)
            if person is None:
                continue
            self.people[pid] = person
            spellings += [(pid, s) for s in [person.name, *person.aliases]]
        folded = fold_many([s for _, s in spellings])
        for (pid, _), key in zip(spellings, folded, strict=True):
            words = tuple(key.split())
            if not words:
                continue
            names.setdefault(words, set()).add(pid)
            if len(words) > 1:
                surnames.setdefault(words[-1], set()).add(pid)
        self.names = names
        self.first_names = {w[0] for w in names if len(w) > 1}
        self.name_words = {word for w in names for word in w}
        for word, pids in surnames.items():
            names.setdefault((word,), pids)
        self.sides: dict[tuple[str, ...], str] = {}
        self.exact_sides: dict[str, str] = {}  # short capitals-only names: "EU", "UK"
        for slug in sorted(_dossier_sides(index)):
            self._add_side(slug)
        self.longest = max((len(k) for k in [*names, *self.sides]), default=1)
        roles = [" ".join(r.title for r in p.roles) for p in self.people.values()]
        self.roles = dict(zip(self.people, map(set, map(str.split, fold_many(roles))), strict=True))

    def _add_side(self, slug: str) -> None:
        known, adjectives = _SIDES.get(slug, ((slug.replace("-", " ").title(),), ()))
        phrases = list(known) + [f"{a} {n}" for a in adjectives for n in _SIDE_NOUNS]
        phrases += [f"the {p}" for p in phrases if not p.startswith("the ")]
        for phrase, key in zip(phrases, fold_many(phrases), strict=True):
            if phrase.isupper() and len(phrase) <= 4:
                self.exact_sides[phrase] = slug
            elif key:
                self.sides.setdefault(tuple(key.split()), slug)


def _dossier_sides(index: Index) -> set[str]:
    """Every side slug the dossier's records use."""
    sides: set[str] = set()
    for pid in index.ids(Kind.PERSON):
        person = index.get_as(pid, Person)
        if person:
            sides.add(person.side)
    for cid in index.ids(Kind.CLAIM):
        claim = index.get_as(cid, Claim)
        if claim and claim.side:
            sides.add(claim.side)
    for rid in index.ids(Kind.ROUND):
        round_ = index.get_as(rid, Round)
        if round_:
            sides.update(d.side for d in round_.delegations)
    return sides


class _Text:
    """A text's tokens, folded, with quotation spans and sentences found once."""

    def __init__(self, text: str, lexicon: _Lexicon) -> None:
        self.text = text
        self.lexicon = lexicon
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.quotes = list(_quotes(text))
        self.quote_starts = [q[0] for q in self.quotes]
        matches = [m for m in _TOKEN.finditer(text) if not self.in_quote(m.start())]
        self.tokens = [(m.start(), m.end(), m.group()) for m in matches]
        self.token_starts = [t[0] for t in self.tokens]
        self.folded = fold_many([t[2] for t in self.tokens])
        self.mentions = list(self._mentions())
        self.mention_starts = [m.start for m in self.mentions]

    def line_of(self, offset: int) -> int:
        return bisect_right(self.line_starts, offset)

    def in_quote(self, offset: int) -> bool:
        n = bisect_right(self.quote_starts, offset) - 1
        return n >= 0 and self.quotes[n][0] < offset < self.quotes[n][1] - 1

    def quotes_in(self, start: int, end: int) -> list[tuple[int, int]]:
        n = max(bisect_right(self.quote_starts, start) - 1, 0)
        hi = bisect_right(self.quote_starts, end)
        return [q for q in self.quotes[n:hi] if q[0] < end and q[1] > start]

    def _mentions(self) -> Iterator[_Mention]:
        """Names, sides and ``he``/``she``, longest match first, outside quotations."""
        folded, tokens = self.folded, self.tokens
        i = 0
        while i < len(tokens):
            found = self._mention_at(i)
            if found is None:
                if folded[i] in _PRONOUNS:
                    yield _Mention(tokens[i][0], tokens[i][1], pronoun=True)
                i += 1
                continue
            n, mention = found
            yield mention
            i += n

    def _mention_at(self, i: int) -> tuple[int, _Mention] | None:
        lex, folded, tokens = self.lexicon, self.folded, self.tokens
        raw = tokens[i][2]
        for n in range(min(lex.longest, len(tokens) - i), 0, -1):
            key = tuple(folded[i : i + n])
            if not self._adjacent(i, n):
                continue
            start, end = tokens[i][0], tokens[i + n - 1][1]
            pids = lex.names.get(key)
            if pids and raw[:1].isupper():
                person = next(iter(pids)) if len(pids) == 1 else None
                return n, _Mention(start, end, person=person)
            side = lex.sides.get(key)
            if side and (raw[:1].isupper() or key[0] == "the"):
                if n == 2 and key == ("u", "s") and self.text[end : end + 1] != ".":
                    continue
                return n, _Mention(start, self._after_dot(end), side=side)
        side = lex.exact_sides.get(raw)
        if side:
            return 1, _Mention(tokens[i][0], tokens[i][1], side=side)
        return None

    def _after_dot(self, end: int) -> int:
        return (
            end + 1
            if self.text[end : end + 1] == "." and self.text[end - 2 : end - 1] == "."
            else end
        )

    def _adjacent(self, i: int, n: int) -> bool:
        """True when tokens i..i+n are separated only by spaces, hyphens or dots."""
        for k in range(i, i + n - 1):
            gap = self.text[self.tokens[k][1] : self.tokens[k + 1][0]]
            if gap.strip(" .-\u00a0") or len(gap) > 2:
                return False
        return True


_MARKS = re.compile("[\"“”„«»‹›‘’ʼ'\n]")


def _quotes(text: str) -> Iterator[tuple[int, int]]:
    """The spans of quotations, marks included, each within one paragraph.

    Every mark's positions are listed once, so finding where a quotation closes is a
    binary search, whatever the text holds (a megabyte of unmatched marks included).
    """
    where: dict[str, list[int]] = {}
    for match in _MARKS.finditer(text):
        where.setdefault(match.group(), []).append(match.start())
    opening = sorted(p for c in ('"', *_OPEN_CLOSE, *_SINGLE_OPEN) for p in where.get(c, []))
    done = 0
    for pos in opening:
        if pos < done:
            continue
        close = _closing(text, pos, where)
        if close is not None:
            yield pos, close + 1
            done = close + 1


def _next(where: dict[str, list[int]], chars: str, after: int, limit: int) -> int | None:
    """The first position of any of ``chars`` in ``(after, limit)``."""
    found = []
    for char in chars:
        positions = where.get(char, [])
        n = bisect_right(positions, after)
        if n < len(positions) and positions[n] < limit:
            found.append(positions[n])
    return min(found) if found else None


def _closing(text: str, pos: int, where: dict[str, list[int]]) -> int | None:
    """Where the quotation opened at ``pos`` closes, or None if none opens there."""
    char = text[pos]
    limit = min(len(text), pos + _MAX_QUOTE)
    newline = _next(where, "\n", pos, limit)
    limit = newline if newline is not None else limit
    if char == '"':
        end = _next(where, '"', pos, limit)
        return end if end is not None and end > pos + 1 else None
    if char in _OPEN_CLOSE:
        end = _next(where, _OPEN_CLOSE[char], pos, limit)
        return end if end is not None and end > pos + 1 else None
    before = text[pos - 1] if pos else " "
    if not (before.isspace() or before in "(:—–-") or not text[pos + 1 : pos + 2].isalpha():
        return None
    k = pos + 1
    for _ in range(200):  # apostrophes inside words are passed over; a few hundred at most
        end = _next(where, _SINGLE_CLOSE, k, limit)
        if end is None:
            return None
        if not text[end + 1 : end + 2].isalnum() and not text[end - 1].isspace():
            return end
        k = end
    return None


def _sentences(doc: _Text) -> list[tuple[int, int]]:
    """Sentence spans, never cut inside a quotation or after an initial or a title."""
    text = doc.text
    spans: list[tuple[int, int]] = []
    for line_start, line in _lines(text):
        start = 0
        for match in _SENTENCE_END.finditer(line):
            cut = match.end()
            tail = line[max(0, match.start() - 40) : match.start() + 1].rsplit(None, 1)
            word = tail[-1].lower().rstrip(".") if tail else ""
            space = line_start + match.start() + len(match.group().rstrip())
            if doc.in_quote(space) or word in _ABBREVIATIONS:
                continue
            if len(word) == 1 and word.isalpha():  # an initial: "J. Smith"
                continue
            spans.append(_trimmed(text, line_start + start, line_start + cut))
            start = cut
        if line[start:].strip():
            spans.append(_trimmed(text, line_start + start, line_start + len(line)))
    return [s for s in spans if s[1] > s[0]]


def _lines(text: str) -> Iterator[tuple[int, str]]:
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# -- attribution -------------------------------------------------------------


class _Attributor:
    def __init__(self, doc: _Text) -> None:
        self.doc = doc
        self.lex = doc.lexicon

    def tokens_in(self, start: int, end: int) -> range:
        starts = self.doc.token_starts
        lo = bisect_right(starts, start - 1)
        hi = bisect_right(starts, end - 1)
        return range(lo, hi)

    def cues(self, start: int, end: int) -> list[_Cue]:
        """Every attribution in the span ``start:end`` (one sentence), in order."""
        found: list[_Cue] = []
        folded = self.doc.folded
        span = self.tokens_in(start, end)
        for i in span:
            word = folded[i]
            if word == "according" and i + 1 in span and folded[i + 1] == "to":
                cue = self._according(i, span)
            elif word in _SPEECH or word in _STANCE:
                cue = self._verb(i, start, end)
            else:
                cue = None
            if cue:
                found.append(cue)
        found += self._headline(start, end)
        return sorted(found, key=lambda c: c.start)

    def _according(self, i: int, span: range) -> _Cue | None:
        """``according to X``: the first person (else side) before the phrase ends."""
        start = self.doc.tokens[i][0]
        mention = self._phrase_mention(i + 2, self.doc.tokens[span[-1]][1])
        return None if mention is None else self._cue(start, mention.end, mention, at=start)

    def _phrase_mention(self, i: int, end: int) -> _Mention | None:
        """The first person (else side, pronoun) named from token ``i`` to the phrase's end."""
        doc = self.doc
        if i >= len(doc.tokens) or doc.tokens[i][0] >= end:
            return None
        start = doc.tokens[i][0]
        limit = min(doc.tokens[min(i + 7, len(doc.tokens) - 1)][1], end)
        phrase_end = re.search(r"[,.;:!?\"“”«»]", doc.text[start:limit])
        limit = start + phrase_end.start() if phrase_end else limit
        mentions = self._mentions_in(start, limit)
        return next((m for m in mentions if m.person), None) or next(iter(mentions), None)

    def _verb(self, i: int, start: int, end: int) -> _Cue | None:
        doc, folded = self.doc, self.doc.folded
        word = folded[i]
        v_start, v_end = doc.tokens[i][0], doc.tokens[i][1]
        if word in _FOLDED_PREDICATES and (i == 0 or folded[i - 1] not in _COPULAS):
            return None
        if i + 2 < len(folded) and folded[i + 1] == _BY:
            by = self._phrase_mention(i + 2, end)  # "this was stated by (spokesman) X"
            if by is not None:
                return self._cue(v_start, by.end, by, at=v_start)
        subject = self._subject_before(i, start)
        if subject is not None:
            aside = doc.text[start : subject.start].rstrip().endswith(",") and doc.text[
                v_end:end
            ].lstrip().startswith(",")
            return self._cue(subject.start, v_end, subject, at=v_start, aside=aside)
        if word in _INVERTIBLE:
            after = self._subject_after(i, end)
            if after is not None:
                return self._cue(v_start, after.end, after, at=v_start)
        return None

    def _subject_before(self, i: int, start: int) -> _Mention | None:
        """The speaker ending just before verb token ``i``: fillers and one aside allowed."""
        doc = self.doc
        v_start = doc.tokens[i][0]
        role = self._role_before(i, start)
        mention = self._last_mention(start, v_start)
        if role is not None and (mention is None or mention.start >= role.start):
            return role
        if mention is not None and self._plain_gap(doc.text[mention.end : v_start]):
            return mention
        # "Trump, after a call with Putin on 19 May, stated": the name before the aside.
        head = doc.text[max(start, v_start - 200) : v_start]
        aside = re.search(r",[^,;:.!?\"“”«»]{1,160},\s*$", head)
        if aside is None:
            return None
        at = v_start - len(head) + aside.start()
        mention = self._last_mention(start, at)
        if mention is not None and self._plain_gap(doc.text[mention.end : at]):
            return mention
        return None

    def _plain_gap(self, gap: str) -> bool:
        """True when ``gap`` holds only filler words, after dropping one ``, … ,`` aside."""
        if len(gap) > 200:
            return False
        gap = re.sub(r"^\s*,[^,;:.!?\"“”«»]{1,160},\s*", " ", gap, count=1)
        if re.search(r"[,;:.!?\"“”«»()\[\]–—]", gap):
            return False
        words = fold_many([gap])[0].split()
        return len(words) <= 4 and all(w in _FOLDED_FILLERS or w.endswith("li") for w in words)

    def _role_before(self, i: int, start: int) -> _Mention | None:
        """``the minister`` / ``the head of the Russian delegation`` right before token ``i``."""
        doc, folded = self.doc, self.doc.folded
        lo = max(self.tokens_in(start, doc.tokens[i][0]).start, i - 9)
        for k in range(i - 1, lo - 1, -1):
            if folded[k] != "the":
                continue
            phrase_end = doc.tokens[i - 1][1]
            words = [w for w in folded[k + 1 : i] if w not in _FOLDED_FILLERS]
            if not words or not _ROLES.intersection(words):
                continue
            text = doc.text[doc.tokens[k][0] : phrase_end]
            if re.search(r"[,;:!?\"“”«»]|(?<![A-Z])\.", text):  # "the U.S. president" is one
                return None
            if any(m.person for m in self._mentions_in(doc.tokens[k][0], phrase_end)):
                return None  # "the head of the delegation Vladimir Medinsky said": the name
            person = self._resolve_role(words, doc.tokens[k][0])
            if person is None:
                return None
            return _Mention(doc.tokens[k][0], phrase_end, person=person)
        return None

    def _resolve_role(self, words: Sequence[str], before: int) -> str | None:
        """The nearest named person before ``before`` holding the role, else the only one."""
        wanted = [w for w in words if w not in _ROLE_STOP]
        if "state" in wanted and "head" in wanted:
            wanted = ["president"]
        nouns = [w for w in wanted if w in _ROLES]
        for needed in (wanted, nouns):
            holders = {p for p, roles in self.lex.roles.items() if roles.issuperset(needed)}
            if not holders:
                continue
            for mention in self._before(before):
                if mention.person in holders:
                    return mention.person
            if len(holders) == 1:
                return next(iter(holders))
        # No one known holds it: "the diplomat" is then the person named last.
        return self._antecedent(before)

    def _subject_after(self, i: int, end: int) -> _Mention | None:
        """``said X`` after a comma or a quotation: the first name within a few words."""
        doc = self.doc
        before = doc.text[max(0, doc.tokens[i][0] - 20) : doc.tokens[i][0]].rstrip()
        if not before or before[-1] not in ",\"”»’ʼ'":
            return None
        limit = doc.tokens[min(i + 8, len(doc.tokens) - 1)][1]
        window = doc.text[doc.tokens[i][1] : min(limit, end)]
        stop = re.search(r"[,;:.!?\"“”«»]", window)
        limit = doc.tokens[i][1] + (stop.start() if stop else len(window))
        mentions = self._mentions_in(doc.tokens[i][1], limit)
        return next((m for m in mentions if m.person or m.pronoun), None) or next(
            iter(mentions), None
        )

    def _headline(self, start: int, end: int) -> list[_Cue]:
        """``X: "…"`` and ``"…" – X``."""
        doc = self.doc
        cues: list[_Cue] = []
        last = next(self._before(end, 1), None)  # "Talks may go on in Istanbul, - Peskov"
        if last and not doc.text[last.end : end].strip(" .") and last.start > start:
            if re.search(r"\s[–—-]\s*$", doc.text[max(start, last.start - 4) : last.start]):
                cue = self._cue(last.start, last.end, last, at=last.start)
                cues += [cue] if cue else []
        for q_start, q_end in doc.quotes_in(start, end):
            head_start = max(start, q_start - 8)
            colon = re.search(r":\s*$", doc.text[head_start:q_start])
            if colon:
                at = head_start + colon.start()
                mention = next(self._before(at, 1), None)
                if mention and mention.start >= start and not doc.text[mention.end : at].strip():
                    cue = self._cue(mention.start, head_start + colon.end(), mention, at=at)
                    cues += [cue] if cue else []
            dash = _DASH.match(doc.text[q_end : min(end, q_end + 8)])
            if dash:
                after = self._mentions_in(q_end, min(end, q_end + 200))
                if after and after[0].start == q_end + dash.end():
                    cue = self._cue(q_end, after[0].end, after[0], at=q_end)
                    cues += [cue] if cue else []
        return cues

    def _mentions_in(self, start: int, end: int) -> list[_Mention]:
        doc = self.doc
        lo = bisect_right(doc.mention_starts, start - 1)
        hi = bisect_right(doc.mention_starts, end - 1)
        return [m for m in doc.mentions[lo:hi] if m.end <= end]

    def _last_mention(self, start: int, end: int) -> _Mention | None:
        mentions = self._mentions_in(start, end)
        return mentions[-1] if mentions else None

    def _cue(
        self, start: int, end: int, mention: _Mention, *, at: int, aside: bool = False
    ) -> _Cue | None:
        person, side = mention.person, mention.side
        if mention.pronoun:
            person = self._antecedent(mention.start)
            if person is None:
                return None
        if person is None and side is None:
            return None
        return _Cue(start, end, person, side, at, aside)

    def _antecedent(self, offset: int) -> str | None:
        """The nearest named person before ``offset``."""
        for mention in self._before(offset):
            if mention.person:
                return mention.person
        return None

    def _before(self, offset: int, most: int = 300) -> Iterator[_Mention]:
        """The mentions before ``offset``, nearest first, at most ``most`` of them."""
        n = bisect_right(self.doc.mention_starts, offset - 1)
        for k in range(n - 1, max(n - most, 0) - 1, -1):
            if self.doc.mentions[k].end <= offset:
                yield self.doc.mentions[k]


def _best(cues: Sequence[_Cue]) -> _Cue | None:
    """The attribution that holds the words: an aside (``X, he said, …``), else the last one.

    The last is the innermost: in ``A said that B demanded …`` the words are B's, relayed.
    """
    asides = [c for c in cues if c.aside]
    if asides:
        return asides[0]
    return max(cues, key=lambda c: c.at) if cues else None


def _outer(cues: Sequence[_Cue]) -> _Cue | None:
    """The attribution that frames the sentence, which the sentences after it continue."""
    asides = [c for c in cues if c.aside]
    return asides[0] if asides else min(cues, key=lambda c: c.at) if cues else None


# ``This was stated by X``: X said what the paragraph before says.
_CATAPHOR = re.compile(r"(?:This|That|These|Those|It|Such)\b[^.]{0,40}?\bby\b")


def suggest(text: str, index: Index) -> list[Suggestion]:
    """The passages of ``text`` that attribute words to a known person or side, in order."""
    return _suggest(text, _Lexicon(index), nested=True)


def _suggest(text: str, lexicon: _Lexicon, *, nested: bool) -> list[Suggestion]:
    doc = _Text(text, lexicon)
    attributor = _Attributor(doc)
    sentences = _sentences(doc)
    found: dict[int, Suggestion] = {}
    previous: tuple[int, _Cue] | None = None  # sentence number and framing cue of the last one
    list_cue: _Cue | None = None
    for n, (start, end) in enumerate(sentences):
        cues = attributor.cues(start, end)
        cue, outer = _best(cues), _outer(cues)
        sentence = doc.text[start:end]
        quoted = bool(doc.quotes_in(start, end))
        inherited = False
        if list_cue is not None and not _LIST_ITEM.search(sentence):
            list_cue = None
        if list_cue is not None:  # the items of a list are in the voice of who announced it
            cue = outer = list_cue
            inherited = True
        elif cue is None and quoted and previous and previous[0] == n - 1:
            cue = outer = previous[1]
            inherited = True
        if cue is None and previous and previous[0] == n - 1 and sentence.endswith(":"):
            list_cue = previous[1]  # "X announced …. Here are the main points:"
        if cue is None or outer is None:
            continue
        if sentence.rstrip().endswith(":") and not quoted and not inherited:
            list_cue = outer
        found[n] = _suggestion(doc, start, end, cue, quoted, inherited)
        previous = (n, outer)
        if _CATAPHOR.match(sentence):
            for k, span in _paragraph_before(doc, sentences, n):
                quoted_k = bool(doc.quotes_in(*span))
                found.setdefault(k, _suggestion(doc, *span, cue, quoted_k, True))
    result = [found[n] for n in sorted(found)]
    if nested:
        result += _nested(doc)
    return sorted(result, key=lambda s: (s.start, -s.end))


def _paragraph_before(
    doc: _Text, sentences: Sequence[tuple[int, int]], n: int
) -> Iterator[tuple[int, tuple[int, int]]]:
    """The sentences of the paragraph before sentence ``n``, when ``n`` starts a paragraph."""
    start = sentences[n][0]
    if start and doc.text[max(0, start - 80) : start].rstrip(" \t")[-1:] != "\n":
        return
    k = n - 1
    while k >= 0:
        yield k, sentences[k]
        gap = doc.text[sentences[k - 1][1] : sentences[k][0]] if k else ""
        if "\n" in gap:
            return
        k -= 1


def _nested(doc: _Text) -> list[Suggestion]:
    """Attributed quotations inside a quotation: ``"… he says: 'Well, …' …," X said.``"""
    found: list[Suggestion] = []
    for q_start, q_end in doc.quotes:
        if q_end - q_start < 40:
            continue
        inner = doc.text[q_start + 1 : q_end - 1]
        for s in _suggest(inner, doc.lexicon, nested=False):
            if s.type is ClaimKind.QUOTE and not s.cue.startswith("continues"):
                start = q_start + 1 + s.start
                found.append(
                    dataclasses.replace(
                        s, start=start, end=q_start + 1 + s.end, line=doc.line_of(start)
                    )
                )
    return found


def _suggestion(
    doc: _Text, start: int, end: int, cue: _Cue, quoted: bool, inherited: bool
) -> Suggestion:
    side = cue.side
    if cue.person and side is None:
        side = doc.lexicon.people[cue.person].side
    cue_text = doc.text[cue.start : cue.end]
    if inherited:
        cue_text = f"continues {' '.join(cue_text.split())}"
    return Suggestion(
        start=start,
        end=end,
        line=doc.line_of(start),
        excerpt=doc.text[start:end],
        speaker=cue.person,
        side=None if cue.person else side,
        type=ClaimKind.QUOTE if quoted else ClaimKind.PARAPHRASE,
        cue=" ".join(cue_text.split()),
    )


# -- unknown names ----------------------------------------------------------------

_NAME_RUN = re.compile(
    r"(?<![\w'’ʼ])(?:[^\W\d_a-z][^\W\d_A-Z]+(?:[-'’][^\W\d_][^\W\d_A-Z]+)?"
    r"(?:\s+|\s+(?:von der|von|van der|van|de|da|di|al|bin|ibn|le|la)\s+)){1,3}"
    r"[^\W\d_a-z][^\W\d_A-Z]+(?:[-'’][^\W\d_][^\W\d_A-Z]+)?(?![\w])"
)
_NOT_NAMES = frozenset(
    """
    the a an and of in on at to for from by with as but or if this that these those it its he
    she they we i you his her their our my your there here when while after before during since
    mr mrs ms dr president minister foreign deputy prime first second third defence defense
    ministry general staff directorate department chief head spokesman spokeswoman aide adviser
    admiral colonel lieutenant major hero secretary state chancellor envoy ambassador official
    delegation delegations side palace images getty reuters ap afp times news media agency
    economist telegraph guardian journal post press service security intelligence council
    committee union forces armed army navy team society university institute duma house
    office cooperation international military main presidential federation republic
    national government kremlin parliament latest category authors author support see all
    read more min source photo video live monday tuesday wednesday thursday friday saturday
    sunday january february march april may june july august september october november
    december russia russian russians ukraine ukrainian ukrainians turkey turkish turkiye
    istanbul moscow kyiv kiev ankara washington europe european american americans united
    states kingdom america western eastern north south east west nato eu un white
    bulletin talks peace war ceasefire negotiations round summit meeting later earlier
    meanwhile however also then today yesterday recently still now moreover thus therefore
    even although despite while during since when where what why how who speaking according
    """.split()
)


def unknown_names(text: str, index: Index) -> list[FoundName]:
    """Names of people in ``text`` that match no known person, first spelling of each."""
    lex = _Lexicon(index)
    candidates: list[tuple[str, int]] = []
    headings = _heading_spans(text)
    for match in _NAME_RUN.finditer(text):
        n = bisect_right(headings, match.start())
        if n % 2:  # inside a line in title case, where every word is capitalised
            continue
        for name, start in _trim_name(match.group(), match.start()):
            candidates.append((name, start))
    folded = fold_many([name for name, _ in candidates])
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    found: dict[str, FoundName] = {}
    for (name, start), key in zip(candidates, folded, strict=True):
        words = key.split()
        if len(words) < 2 or key in found:
            continue
        if any(w in lex.name_words for w in words) or tuple(words) in lex.sides:
            continue
        found[key] = FoundName(name, start, bisect_right(line_starts, start))
    return list(found.values())


_COMMON_ENDING = re.compile(r"(?:ing|tion|sion|ment|ness|ity|ed|ance|ence|ous|ive|ship|ies)$")


def _heading_spans(text: str) -> list[int]:
    """Start and end offsets, flattened, of headings: runs of words in title case.

    A run counts when most of its longer words are capitalised and one of them reads
    as a common word (``Situation``, ``Remains Unchanged``), which names seldom do.
    """
    spans: list[int] = []
    for start, line in _lines(text):
        for part in re.finditer(r"[^.!?]+[.!?]?", line):
            words = [w for w in part.group().split() if len(w) > 3 and w[0].isalpha()]
            capitals = [w.strip(",;:.!?") for w in words if w[0].isupper()]
            if (
                len(capitals) >= 2
                and len(capitals) >= 0.7 * len(words)
                and any(_COMMON_ENDING.search(w) for w in capitals)
            ):
                spans += [start + part.start(), start + part.end()]
    return spans


def _trim_name(run: str, start: int) -> Iterator[tuple[str, int]]:
    """The parts of a run of capitalised words that may be a name, stop words cut out."""
    parts = [(m.group(), m.start()) for m in re.finditer(r"\S+", run)]
    group: list[tuple[str, int]] = []
    for word, offset in [*parts, ("", -1)]:
        bare = word.lower().split("'")[0].split("’")[0]
        if word and bare not in _NOT_NAMES and not word.isupper():
            group.append((word, offset))
            continue
        while group and group[-1][0].islower():
            group.pop()
        if len(group) >= 2:
            first, last = group[0], group[-1]
            yield run[first[1] : last[1] + len(last[0])], start + first[1]
        group = []
