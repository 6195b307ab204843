"""Turn records into styled Content. File text is always a plain part, never markup.

Every string from a file, a path or an error message is passed through
``parley.dossier.text`` (``safe``, ``clean``, ``one_line``) and reaches a widget as
``Content`` (``literal``), which Textual never parses as markup.
"""

from __future__ import annotations

import os
from collections.abc import Sequence, Set

from rich.cells import cell_len
from textual.content import Content

from parley.dossier.conflict import is_conflict_message
from parley.dossier.grades import badge, best_reliability
from parley.dossier.index import Index
from parley.dossier.model import (
    CREDIBILITY_MEANINGS,
    RELIABILITY_MEANINGS,
    Article,
    Claim,
    ClaimKind,
    Person,
    Round,
    cut_at_word,
)
from parley.dossier.problems import Problem
from parley.dossier.sources import questions
from parley.dossier.text import clean, one_line, plural, safe, side_label
from parley.present.panes import QUESTIONED, Row, said_when, speaker_label, speaker_side
from parley.ui.palette import side_variable

MUTED = "dim"
QUOTE_MARK = {ClaimKind.QUOTE: "“ ”", ClaimKind.PARAPHRASE: "≈  "}
_QUOTE_CHARS = "\"'“”‘’«»„‚‹›"


def quote_marks(text: str) -> tuple[str, str]:
    """The marks to put around ``text``: none when it starts or ends with its own."""
    text = text.strip()
    if text[:1] in _QUOTE_CHARS or text[-1:] in _QUOTE_CHARS:
        return "", ""
    return "“", "”"


DISPUTED = "⚡"  # two cells wide: the gutter of a statement row
STALE = "⚠stale "


def literal(text: str) -> Content:
    """One line of file-derived text for a widget: made safe, and never read as markup.

    Give it to anything that would parse a plain ``str`` as markup (``border_title``,
    ``Static.update``, ``Tab`` labels). Cut the text before, not after.
    """
    return Content(safe(text))


def wrap_words(
    words: Sequence[tuple[str, str]], gutter: Content, width: int, lines: int
) -> Content:
    """Styled words filled into ``lines`` lines of ``width`` cells after a two-cell gutter.

    Later lines are indented by the gutter. When the words do not fit, the last
    line ends at a word with "…"; a word longer than a line is cut.
    """
    room = max(width - 2, 4)
    rows: list[list[tuple[str, str]]] = [[]]
    used = 0
    for word, style in words:
        size = cell_len(word)
        if rows[-1] and used + 1 + size > room:
            if len(rows) == lines:
                return _assemble(_with_ellipsis(rows, room), gutter)
            rows.append([])
            used = 0
        if size > room:  # no line can hold it (a URL, say): cut it there and stop
            rows[-1].append((_cut_cells(word, room - 1) + "…", style))
            return _assemble(rows, gutter)
        used += size + (1 if rows[-1] else 0)
        rows[-1].append((word, style))
    return _assemble(rows, gutter)


def _with_ellipsis(rows: list[list[tuple[str, str]]], room: int) -> list[list[tuple[str, str]]]:
    """The last line with words dropped until "…" fits after the last one kept."""
    last = rows[-1]
    while len(last) > 1 and sum(cell_len(w) + 1 for w, _ in last) > room:
        last.pop()
    word, style = last[-1]
    last[-1] = (word.rstrip(",;:.-–—") + "…", style)
    return rows


def _cut_cells(word: str, cells: int) -> str:
    while cell_len(word) > cells:
        word = word[:-1]
    return word


def _assemble(rows: list[list[tuple[str, str]]], gutter: Content) -> Content:
    lines: list[Content] = []
    for n, row in enumerate(rows):
        parts: list[str | tuple[str, str]] = []
        for m, (word, style) in enumerate(row):
            if m:
                parts.append(" ")
            parts.append((word, style) if style else word)
        lines.append(Content.assemble(gutter if n == 0 else "  ", *parts))
    return Content("\n").join(lines)


def side_colour(side: str | None) -> str:
    """A stable colour per side, as a theme variable (``ui/palette.py``)."""
    if not side:
        return MUTED  # the theme's faded text: a fixed grey fades into a light background
    return side_variable(side)


def side_badge(side: str | None) -> tuple[str, str]:
    return ("● ", side_colour(side))


def colourless() -> bool:
    """Whether colours are off: ``NO_COLOR`` is set (Textual reads it the same way)."""
    return "NO_COLOR" in os.environ


def side_words(label: str, side: str | None) -> str:
    """``label`` with its side in words when colours are off and the label does not name it.

    Only then: with colours on, the side's colour says it, and rows have no room to spare.
    """
    if not side or not colourless() or side_label(side) in label:
        return label
    return f"{label} ({side_label(side)})"


class RowRenderer:
    """Draws rows of any kind for one index; ``owner`` is the pane's own record."""

    def __init__(
        self,
        index: Index,
        owner: str | None = None,
        lines: int = 1,
        stale: Set[str] = frozenset(),
    ) -> None:
        self.index = index
        self.owner = owner
        self.lines = lines  # the row's height: how many lines a statement may wrap over
        self.stale = stale

    def __call__(self, row: Row, width: int) -> Content:
        record = self.index.get(row.record_id) if row.record_id else None
        if record is None:
            return literal(f"missing record {row.record_id}")
        stale = record.id in self.stale
        if stale:
            width -= cell_len(STALE)  # the mark goes before the first line
        if isinstance(record, Claim):
            content = self.claim(record, row, width)
        elif isinstance(record, Person):
            content = self.person(record, row, width)
        elif isinstance(record, Article):
            content = self.article(record, row, width)
        else:
            content = self.round(record, width)
        if stale:
            return Content.assemble((STALE, "bold $error"), content)
        return content

    def claim(self, claim: Claim, row: Row, width: int) -> Content:
        """A statement: disputed mark, kind, when, who (unless the pane is theirs), the text.

        The text wraps over the row's lines, cut at a word with "…" on its last one.
        """
        words: list[tuple[str, str]] = [(QUOTE_MARK[claim.type].strip(), "bold")]
        grade = badge(self.index, claim.id)
        if grade:
            words.append((grade, "bold $accent"))
        if questions(self.index).flagged(claim.id):
            words.append((QUESTIONED, "bold $warning"))
        words.append((said_when(self.index, claim), MUTED))
        if self.owner is None or claim.speaker != self.owner or row.tag == "relayed":
            side = speaker_side(self.index, claim)
            colour = side_colour(side)
            who = side_words(one_line(speaker_label(self.index, claim)), side)
            words += [(w, colour) for w in who.split()]
            words[-1] = (words[-1][0] + ":", colour)
        words += [(w, "") for w in one_line(claim.text).split()]
        disputed = bool(self.index.contradictions(claim.id))
        gutter = Content.styled(DISPUTED, "bold $warning") if disputed else Content("  ")
        return wrap_words(words, gutter, width - 2, self.lines)

    def person(self, person: Person, row: Row, width: int) -> Content:
        """Name and as much of the first role as fits, cut at a word; the side below."""
        tag = {"head": "head ", "chair": "chair ", "via": "relayed by "}.get(row.tag or "", "")
        name = one_line(person.name)
        first: list[str | tuple[str, str]] = [
            side_badge(person.side),
            (tag, "bold"),
            (name, "bold"),
        ]
        room = width - 2 - 2 - cell_len(tag + name) - 2
        if person.role and room > 8:
            first += ["  ", (cut_at_word(one_line(person.role), room), MUTED)]
        return Content.assemble(*first, "\n", ("  " + side_label(person.side), MUTED))

    def article(self, article: Article, row: Row, width: int) -> Content:
        """Its reliability grade, outlet and date, then as much of the title as fits."""
        letter = f"{article.reliability.value} " if article.reliability else ""
        fits = width - 2 - len(letter)
        name = cut_at_word(one_line(article.source_within(fits)), fits)
        room = fits - cell_len(name) - 2
        title = one_line(article.title)
        line = Content.assemble(
            (letter, "bold $accent"),
            (name, "bold"),
            ("  " + cut_at_word(title, room), MUTED) if room > 12 and article.outlet else "",
        )
        if row.claim_id:
            excerpt = self.index.excerpt(row.claim_id, article.id)
            start, end = quote_marks(excerpt or "")
            second = (
                Content.assemble(
                    (f"  {start}", MUTED), cut_at_word(one_line(excerpt), width - 7), (end, MUTED)
                )
                if excerpt
                else Content.styled("  states this in its own voice", MUTED)
            )
            return Content.assemble(line, "\n", second)
        return line

    def round(self, round_: Round, width: int) -> Content:
        """Date, title cut at a word to fit, and the place when there is room."""
        date = one_line(round_.date_text)
        room = width - 2 - cell_len(date) - 2
        title = cut_at_word(one_line(round_.title), room) if room >= 8 else ""
        place = one_line(round_.place)
        fits = room - cell_len(title) - 2 >= cell_len(place)
        return Content.assemble(
            (date, MUTED), "  ", (title, "bold"), ("  " + place if fits else "", MUTED)
        )


# -- detail -----------------------------------------------------------------


def _field(name: str, value: str | Content, inferred: str | None = None) -> Content:
    """A labelled value; ``inferred`` is the reason when the value is derived, not read."""
    return Content.assemble((f"{name}: ", "bold $text-muted"), value, _inferred(inferred), "\n")


def _inferred(why: str | None) -> Content:
    """The mark after a derived value: ``(inferred: why)``, or nothing."""
    if not why:
        return Content("")
    return Content.assemble(
        ("  (inferred: ", "italic $warning"), clean(why), (")", "italic $warning")
    )


# The keys each detail pane shows with their own label, so an inferred one is marked there;
# the others are listed in the pane's Inferred section.
_INLINE = {
    Claim: (
        "speaker",
        "side",
        "narrator",
        "credited_as",
        "via",
        "said_on",
        "occasion",
        "round",
        "topics",
    ),
    Person: ("side", "aliases"),
    Article: ("outlet", "outlet_kind", "affiliation", "published", "authors", "language", "url"),
    Round: ("date", "place", "venue", "chair"),
}


def detail(
    index: Index,
    record_id: str | None,
    claim_id: str | None = None,
    problems: Sequence[Problem] = (),
) -> Content:
    """The whole record, with its links spelled out; ``problems`` mark it stale."""
    record = index.get(record_id) if record_id else None
    if record is None:
        return Content.styled("Nothing selected.", MUTED)
    body = {
        Claim: _claim_detail,
        Person: _person_detail,
        Article: _article_detail,
        Round: _round_detail,
    }[type(record)](index, record)  # type: ignore[operator]
    header = Content.assemble(
        (f"{record.kind.label} ", "bold $accent"), (safe(record.id), MUTED), "\n"
    )
    parts = [header]
    if problems:
        parts.append(
            Content.styled(
                "⚠ Stale: its file has errors, so this is its last good version.\n", "bold $error"
            )
        )
        for problem in problems:
            parts.append(Content.assemble((f"  {problem.line}:{problem.col} ", MUTED),
                                          clean(problem.message), "\n"))  # fmt: skip
        if any(is_conflict_message(problem.message) for problem in problems):
            parts.append(Content.styled("  e shows both sides of the merge conflict\n", "bold"))
        parts.append(Content("\n"))
    if claim_id and isinstance(record, Article):
        excerpt = index.excerpt(claim_id, record.id)
        if excerpt:
            start, end = quote_marks(excerpt)
            parts += [
                Content.styled("Reports the statement as:\n", "bold"),
                Content.assemble((start, MUTED), clean(excerpt), (f"{end}\n\n", MUTED)),
            ]
    parts.append(body)
    if record.notes:
        parts += [Content("\n"), _field("Notes", clean(record.notes))]
    if record.unknown:
        parts.append(Content.styled("\nUnknown\n", "bold"))
        for key, why in record.unknown.items():
            parts.append(_field(f"  {key}", clean(why)))
    apart = [key for key in record.inferred if key not in _INLINE[type(record)]]
    if apart:
        parts.append(Content.styled("\nInferred, not read in a source\n", "bold"))
        for key in apart:
            parts.append(_field(f"  {key}", clean(record.inferred[key])))
    return Content.assemble(*parts)


def _person_line(index: Index, person_id: str | None) -> Content:
    person = index.get_as(person_id, Person)
    if person is None:
        return literal(person_id or "")
    return Content.assemble(
        side_badge(person.side),
        (side_words(clean(person.name), person.side), "bold"),
        (f" ({one_line(person.role)})" if person.role else "", MUTED),
    )


def _claim_detail(index: Index, claim: Claim) -> Content:
    start, end = quote_marks(claim.text) if claim.type is ClaimKind.QUOTE else ("", "")
    parts: list[Content] = [
        Content.styled(f"{claim.type.value.capitalize()}\n", "italic"),
        Content.assemble((start, "bold"), (clean(claim.text).strip(), "bold"), (end, "bold"),
                         "\n\n"),
    ]  # fmt: skip
    why = claim.inferred.get
    who = why("speaker") or why("side") or why("narrator")
    if claim.speaker:
        parts.append(_field("Speaker", _person_line(index, claim.speaker), who))
    else:
        parts.append(_field("Speaker", clean(speaker_label(index, claim)), who))
    if claim.credited_as:
        parts.append(_field("Credited as", clean(claim.credited_as), why("credited_as")))
    if claim.via:
        parts.append(_field("Relayed by", _person_line(index, claim.via), why("via")))
    when = ", ".join(
        x for x in (claim.said_on.isoformat() if claim.said_on else "", claim.occasion or "") if x
    )
    parts.append(
        _field("When and where", clean(when) or "not stated", why("said_on") or why("occasion"))
    )
    round_ = index.get_as(claim.round, Round)
    if round_:
        about = f"{one_line(round_.date_text)}  {one_line(round_.title)}"
        parts.append(_field("Round", about, why("round")))
    if claim.topics:
        parts.append(_field("Topics", safe(", ".join(claim.topics)), why("topics")))
    grade = _grade_text(index, claim)
    if grade:
        parts.append(_field("Grade", grade))
    return Content.assemble(
        *parts,
        *_claim_reports(index, claim),
        *_claim_contradictions(index, claim),
        *_questions(index, claim.id),
    )


def _grade_text(index: Index, claim: Claim) -> str:
    """``B2: best source usually reliable, probably true``, or nothing when not graded."""
    shown = badge(index, claim.id)
    if not shown:
        return ""
    reliability = best_reliability(index, claim.id)
    source = (
        f"best source {RELIABILITY_MEANINGS[reliability]}" if reliability else "no source graded"
    )
    credibility = claim.credibility
    said = CREDIBILITY_MEANINGS[credibility] if credibility else "credibility not graded"
    return f"{shown}: {source}, {said}"


def _questions(index: Index, record_id: str) -> list[Content]:
    """What an editor would ask about a record's sources, one line each."""
    asked = questions(index).of(record_id)
    if not asked:
        return []
    parts = [Content.styled(f"\nQuestions about the sources ({len(asked)})\n", "bold $warning")]
    for question in asked:
        mark = QUESTIONED if question.flagged else "•"
        parts.append(Content.assemble((f"{mark} ", "bold $warning"), clean(question.message), "\n"))
    return parts


def _claim_reports(index: Index, claim: Claim) -> list[Content]:
    """The articles reporting a claim, each with its excerpt, and its narrator if any."""
    parts = [Content.styled(f"\nReported by ({len(claim.reported_by)})\n", "bold")]
    for report in claim.reported_by:
        article = index.get_as(report.article, Article)
        name = article.source_text if article else report.article
        letter = f"  {article.reliability.value}" if article and article.reliability else ""
        # The narrator's own report says so on its line, not as a second entry below.
        voice = "  in its own voice" if report.article == claim.narrator else ""
        parts.append(
            Content.assemble(
                ("• ", MUTED), (clean(name), "bold"), (letter, "bold $accent"), (voice, MUTED), "\n"
            )
        )
        start, end = quote_marks(report.excerpt)
        parts.append(
            Content.assemble(
                (f"  {start}", MUTED), clean(report.excerpt).strip(), (f"{end}\n", MUTED)
            )
        )
    if claim.narrator and claim.narrator not in {r.article for r in claim.reported_by}:
        article = index.get_as(claim.narrator, Article)
        name = article.outlet_text if article else claim.narrator
        parts.append(Content.assemble(("• ", MUTED), (clean(name), "bold"),
                                      (" states this in its own voice\n", MUTED)))  # fmt: skip
    return parts


def _claim_contradictions(index: Index, claim: Claim) -> list[Content]:
    """The claims contradicting this one: who said each, what, and where it is reported."""
    contradictions = index.contradictions(claim.id)
    parts: list[Content] = []
    if contradictions:
        parts.append(
            Content.styled(f"\nContradicted by ({len(contradictions)})\n", "bold $warning")
        )
        for other_id in contradictions:
            other = index.get_as(other_id, Claim)
            if other is None:
                continue
            sources = "; ".join(
                a.source_text for i in index.articles_reporting(other_id)
                if (a := index.get_as(i, Article))
            )  # fmt: skip
            parts.append(
                Content.assemble(
                    ("• ", MUTED),
                    (
                        side_words(clean(speaker_label(index, other)), speaker_side(index, other)),
                        side_colour(speaker_side(index, other)),
                    ),
                    ": ",
                    one_line(other.text),
                    "\n",
                    (f"  sources: {clean(sources) or 'none'}\n", MUTED),
                )
            )
    return parts


def _person_detail(index: Index, person: Person) -> Content:
    parts = [
        Content.assemble((clean(person.name), "bold"), "\n"),
        _field(
            "Side",
            Content.assemble(side_badge(person.side), side_label(person.side)),
            person.inferred.get("side"),
        ),
    ]
    if person.aliases:
        aliases = clean(", ".join(person.aliases))
        parts.append(_field("Also written", aliases, person.inferred.get("aliases")))
    if person.roles:
        parts.append(Content.styled("\nRoles, as the sources give them\n", "bold"))
        for role in person.roles:
            article = index.get_as(role.article, Article)
            source = article.outlet_text if article else role.article
            parts.append(
                Content.assemble("• ", clean(role.title), (f"  ({clean(source)})\n", MUTED))
            )
    said = index.claims_by_person(person.id)
    relayed = index.claims_relayed_by(person.id)
    rounds = index.rounds_of_person(person.id)
    parts.append(Content.styled(f"\n{plural(len(said), 'statement')}", "bold"))
    parts.append(Content(f", {len(relayed)} relayed, {plural(len(rounds), 'round')}\n"))
    for round_id in rounds:
        round_ = index.get_as(round_id, Round)
        if round_:
            parts.append(
                Content.assemble(
                    ("• ", MUTED), f"{one_line(round_.date_text)}  {one_line(round_.title)}", "\n"
                )
            )
    return Content.assemble(*parts)


def _article_detail(index: Index, article: Article) -> Content:
    why = article.inferred.get
    parts = [
        Content.assemble((clean(article.title), "bold"), "\n"),
        _field("Outlet", clean(article.outlet or "unknown (see below)"), why("outlet")),
    ]
    if article.outlet_kind:
        parts.append(_field("Kind of outlet", article.outlet_kind.value, why("outlet_kind")))
    if article.affiliation:
        parts.append(_field("Affiliation", side_label(article.affiliation), why("affiliation")))
    if article.reliability:
        grade = article.reliability
        parts.append(_field("Reliability", f"{grade.value}: {RELIABILITY_MEANINGS[grade]}"))
    parts.append(_field("Published", article.date_text, why("published")))
    authors = clean(", ".join(article.authors)) or "unknown"
    parts.append(_field("Authors", authors, why("authors")))
    parts.append(_field("Language", article.language, why("language")))
    parts.append(_field("URL", clean(article.url or "unknown"), why("url")))
    claims = index.claims_reported_by(article.id)
    parts.append(Content.styled(f"\nReports {plural(len(claims), 'claim')}\n", "bold"))
    return Content.assemble(*parts, *_questions(index, article.id))


def _round_detail(index: Index, round_: Round) -> Content:
    why = round_.inferred.get
    parts = [
        Content.assemble((clean(round_.title), "bold"), "\n"),
        _field("Date", clean(round_.date_text), why("date")),
        _field("Place", clean(round_.place), why("place")),
    ]
    if round_.venue:
        parts.append(_field("Venue", clean(round_.venue), why("venue")))
    if round_.chair:
        parts.append(_field("Chair", _person_line(index, round_.chair), why("chair")))
    for delegation in round_.delegations:
        parts.append(Content.styled(f"\n{side_label(delegation.side)} delegation\n", "bold"))
        for person_id in delegation.people:
            mark = "head  " if person_id == delegation.head else "      "
            parts.append(Content.assemble((mark, MUTED), _person_line(index, person_id), "\n"))
    sources = [a.source_text for i in round_.articles if (a := index.get_as(i, Article))]
    if sources:
        parts.append(_field("\nDescribed by", clean("; ".join(sources))))
    claims = index.claims_of_round(round_.id)
    about = f"\n{plural(len(claims), 'statement')} about this round\n"
    parts.append(Content.styled(about, "bold"))
    return Content.assemble(*parts)
