"""What the reader shows of an article's archived text, without a terminal.

The text whole, every reported excerpt as a highlight labelled with its statement,
passages that look like statements not yet in the dossier as suggestions, the
sentences a selection grows by, and the new statement a selection becomes. Offsets
are into the archive's text as read, so an excerpt cut from a selection is a verbatim
slice of it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from parley.dossier.archive import ArchiveText
from parley.dossier.attribution import Suggestion, suggest
from parley.dossier.check import Dossier
from parley.dossier.index import Index
from parley.dossier.model import Article, Claim, ClaimKind, Kind, Person, Round
from parley.dossier.search import fold
from parley.present.forms import ReportDraft, prefill

# -- the archived text ------------------------------------------------------------------


def archive_of(dossier: Dossier, article: Article) -> tuple[ArchiveText | None, str]:
    """The article's archived text as loaded, or None and why there is none (in words)."""
    found = dossier.archive(article.id)
    if found is not None:
        return found, ""
    if article.archive is None:
        return None, (
            "This article has no archived text. Save its text as a Markdown or plain-text file "
            "in the dossier and name it in the article record: "
            f'archive = "archives/{article.id}.md"'
        )
    read = dossier.archives.get(dossier.root / article.archive)
    why = read.error if read is not None and read.error else f"archive {article.archive} not read"
    return None, f"The archived text cannot be shown: {why}."


# -- highlights ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Highlight:
    """A passage of the text: a reported excerpt (with its claim) or a suggestion."""

    start: int
    end: int
    label: str  # the speaker's short name and the statement's first words, or the claim id
    claim_id: str | None = None  # None for a suggestion
    speaker: str | None = None  # a person's id, or a side's slug (``side`` set)
    side: bool = False

    @property
    def suggestion(self) -> bool:
        return self.claim_id is None


@dataclass
class ReaderText:
    """An article's archived text, its highlights and sentences."""

    article_id: str
    text: str
    highlights: list[Highlight] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # claims whose excerpt is not in the text
    sentences: list[tuple[int, int]] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)

    def sentence_at(self, offset: int) -> int:
        """The number of the sentence holding ``offset`` (or the one after it)."""
        return max(0, min(bisect.bisect_right(self._starts, offset) - 1, len(self.sentences) - 1))

    def highlights_at(self, start: int, end: int) -> list[Highlight]:
        """The highlights that overlap ``start``-``end``."""
        return [h for h in self.highlights if h.start < end and start < h.end]


def speaker_name(index: Index, claim: Claim) -> str:
    """The short name a label gives the claim's speaker (a side, an article's own voice)."""
    if claim.speaker:
        person = index.get_as(claim.speaker, Person)
        return person.name.split()[-1] if person and person.name.split() else claim.speaker
    if claim.side:
        return claim.side
    return "the article"


def label(index: Index, claim: Claim, words: int = 5) -> str:
    """``Fidan: “the talks will …”``: the speaker and the statement's first words."""
    text = claim.text.split()
    start = " ".join(text[:words]) + (" …" if len(text) > words else "")
    return f"{speaker_name(index, claim)}: “{start}”"


def build(
    article: Article, archive: ArchiveText, index: Index, suggested: Iterable[Suggestion] = ()
) -> ReaderText:
    """The reader's view of ``archive``, the archived text of ``article``."""
    text = archive.text
    doc = ReaderText(article.id, text, sentences=sentence_spans(text))
    doc._starts = [s for s, _e in doc.sentences]
    for claim_id in index.claims_reported_by(article.id):
        claim = index.get_as(claim_id, Claim)
        if claim is None:
            continue
        spans = [archive.locate(r.excerpt) for r in claim.reported_by if r.article == article.id]
        for span in spans or [None]:
            if span is None:
                doc.missing.append(claim_id)
                continue
            who = claim.speaker or claim.side
            side = bool(claim.side)
            highlight = Highlight(span.start, span.end, label(index, claim), claim_id, who, side)
            doc.highlights.append(highlight)
    doc.highlights.sort(key=lambda h: (h.start, h.end))
    add_suggestions(doc, index, suggested)
    return doc


def add_suggestions(doc: ReaderText, index: Index, suggested: Iterable[Suggestion]) -> None:
    """Mark each suggested passage that overlaps no reported excerpt (those are in already)."""
    reported = [h for h in doc.highlights if not h.suggestion]
    added: list[Highlight] = []
    for suggestion in suggested:
        start, end = suggestion.start, suggestion.end
        if any(h.start < end and start < h.end for h in reported):
            continue
        is_side = suggestion.speaker is None
        who = suggestion.who or None
        name = _who(index, who, is_side)
        added.append(Highlight(start, end, f"{name}? suggested", None, who, is_side))
    doc.highlights = sorted(reported + added, key=lambda h: (h.start, h.end))


def suggestions(text: str, index: Index) -> list[Suggestion]:
    """The passages of ``text`` that attribute words to a known person or side."""
    return suggest(text, index)


def _who(index: Index, speaker: str | None, side: bool) -> str:
    """A suggestion's speaker as its label names them: a surname, or a side."""
    person = index.get_as(speaker, Person) if speaker and not side else None
    if person is not None:
        return person.name.split()[-1] if person.name.split() else person.id
    return speaker or "someone"


# -- sentences and words --------------------------------------------------------------------

# A sentence ends at . ! ? … (and any closing quotes or brackets) before a space, or at a
# blank line; a line that is a Markdown heading or list item is a sentence of its own.
_SENTENCE_END = re.compile(
    r"""[.!?…]+["”’'»)\]]*(?=\s)|\n[ \t]*\n|\n(?=[ \t]*(?:#|[-*+] |\d+\. ))"""
)
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st gen col lt sgt prof sen rep gov u.s u.k e.g i.e vs no jr".split()
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Every sentence of ``text`` as (start, end), without the whitespace around it."""
    spans: list[tuple[int, int]] = []
    at = 0
    for end in _SENTENCE_END.finditer(text):
        word = text[max(0, end.start() - 4) : end.start()].split()
        if end.group().startswith(".") and word and word[-1].lower() in _ABBREVIATIONS:
            continue
        _add(spans, text, at, end.end())
        at = end.end()
    _add(spans, text, at, len(text))
    return spans or [(0, 0)]


def _add(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        first = start + (len(piece) - len(piece.lstrip()))
        spans.append((first, first + len(stripped)))


_NEXT_WORD = re.compile(r"\s*\S+")


@dataclass(frozen=True)
class Selection:
    """A passage chosen in the text: its first character and the one after its last."""

    start: int
    end: int


def select_sentence(doc: ReaderText, offset: int) -> Selection:
    """The sentence at ``offset``: where `v` starts a selection."""
    start, end = doc.sentences[doc.sentence_at(offset)]
    return Selection(start, end)


def by_sentence(doc: ReaderText, selection: Selection, step: int) -> Selection:
    """The selection one sentence longer (``step`` 1) or shorter (-1), never empty."""
    n = doc.sentence_at(max(selection.end - 1, selection.start))
    if step > 0 and selection.end < doc.sentences[n][1]:
        return Selection(selection.start, doc.sentences[n][1])  # to the end of this one first
    if step > 0 and n + 1 < len(doc.sentences):
        return Selection(selection.start, doc.sentences[n + 1][1])
    if step < 0:
        for _start, end in reversed(doc.sentences[:n]):
            if end <= selection.start:
                break
            if end < selection.end:
                return Selection(selection.start, end)
    return selection


def by_word(doc: ReaderText, selection: Selection, step: int) -> Selection:
    """The selection one word longer (``step`` 1) or shorter (-1), never empty."""
    text = doc.text
    if step > 0:
        word = _NEXT_WORD.match(text, selection.end)
        return Selection(selection.start, word.end()) if word else selection
    head = text[selection.start : selection.end].rstrip()
    cut = max(head.rfind(" "), head.rfind("\n"))
    if cut <= 0:
        return selection
    return Selection(selection.start, selection.start + len(head[:cut].rstrip()))


# -- a new statement from a selection -----------------------------------------------------------

_QUOTE_MARKS = '“”„«»"‘’'


def statement_from(
    doc: ReaderText, index: Index, article: Article, selection: Selection
) -> tuple[dict[str, str], list[ReportDraft]]:
    """The new-statement form's fields for a selection: article, excerpt, speaker, type, round."""
    values, _reports = prefill(Kind.CLAIM, index, article.id)
    excerpt = doc.text[selection.start : selection.end].strip()
    quoted = any(mark in excerpt for mark in _QUOTE_MARKS)
    values["type"] = (ClaimKind.QUOTE if quoted else ClaimKind.PARAPHRASE).value
    values["text"] = _inner_quote(excerpt) if quoted else excerpt
    speaker = _speaker(doc, index, selection)
    if speaker is not None:
        values["side" if speaker[1] else "speaker"] = speaker[0]
    round_id = guess_round(index, article)
    if round_id:
        values["round"] = round_id
    return values, [ReportDraft(article.id, excerpt)]


def _inner_quote(excerpt: str) -> str:
    """The words inside the excerpt's quotation marks, else the excerpt.

    A comma closing a quoted part is the sentence's ("…,” he said), not the speaker's."""
    inside = re.findall(r"[“\"«„]([^”\"»“]+)[”\"»“]", excerpt)
    return " … ".join(part.strip().rstrip(",") for part in inside) if inside else excerpt


def _speaker(doc: ReaderText, index: Index, selection: Selection) -> tuple[str, bool] | None:
    """Who the selection is attributed to: the speaker of the passage it starts in (reported
    or suggested), else the person named first in its first sentence, else in all of them."""
    for highlight in doc.highlights_at(selection.start, selection.start + 1):
        if highlight.speaker:
            return highlight.speaker, highlight.side
    first = doc.sentences[doc.sentence_at(selection.start)]
    last = doc.sentences[doc.sentence_at(max(selection.end - 1, selection.start))][1]
    person = name_in(index, doc.text[first[0] : first[1]]) or name_in(
        index, doc.text[first[0] : last]
    )
    return (person, False) if person else None


def name_in(index: Index, text: str) -> str | None:
    """The person named first in ``text`` by name, alias or surname, in any spelling or script."""
    folded = f" {fold(text)} "
    best: tuple[int, str] | None = None
    for person_id in index.ids(Kind.PERSON):
        person = index.get_as(person_id, Person)
        if person is None:
            continue
        for name in _names(person):
            at = folded.find(f" {name} ")
            if at >= 0 and (best is None or at < best[0]):
                best = (at, person_id)
    return best[1] if best else None


def _names(person: Person) -> Sequence[str]:
    names = [person.name, *person.aliases]
    surnames = [n.split()[-1] for n in names if len(n.split()) > 1]
    return [f for f in (fold(n) for n in [*names, *surnames]) if len(f) > 2]


def guess_round(index: Index, article: Article) -> str | None:
    """The round the article reports: the one citing it, else the last one dated before it."""
    rounds = [r for r in (index.get_as(i, Round) for i in index.ids(Kind.ROUND)) if r]
    citing = [r for r in rounds if article.id in r.articles or _in_delegations(r, article.id)]
    if len(citing) == 1 or (citing and article.published is None):
        return citing[0].id
    published = article.published
    if published is None:
        return None
    candidates = citing or rounds
    dated = [(r.date, r.id) for r in candidates if r.date and r.date <= published]
    if not dated:
        return None
    date, round_id = max(dated)
    return round_id if citing or published - date <= dt.timedelta(days=7) else None


def _in_delegations(round_: Round, article_id: str) -> bool:
    return any(article_id in d.articles for d in round_.delegations)
