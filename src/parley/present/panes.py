"""What each pane lists for a selection: plain Python over the index.

The UI draws these; it never decides itself which records belong in a pane.
Keeping it here means the linked-pane rules are tested without a terminal.
Titles, headings and messages that quote a record are made safe here
(``text.one_line``); the UI shows them as ``Content``, never as markup.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import overload

from parley.dossier.filters import Lens
from parley.dossier.index import Index
from parley.dossier.model import Article, Claim, Kind, Person, Round, cut_at_word
from parley.dossier.text import one_line, side_label


@dataclass(frozen=True)
class Row:
    """One entry of a list: the record it stands for, or its place in a list of non-records.

    ``claim_id`` is the claim a report row (an article) reports. ``tag`` marks a
    role in the list ("head", "chair", "relayed"). ``position`` stands for an
    entry of a list that holds no records (disputes, problems). Rows with neither
    a ``record_id`` nor a ``position`` are headings and cannot be selected.
    """

    record_id: str | None = None
    claim_id: str | None = None
    heading: str | None = None
    tag: str | None = None
    position: int | None = None

    @property
    def selectable(self) -> bool:
        return self.record_id is not None or self.position is not None


class LazyRows(Sequence[Row]):
    """A sequence of rows made one at a time by ``row``."""

    def row(self, index: int) -> Row:
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Row]: ...
    def __getitem__(self, index: int | slice) -> Row | Sequence[Row]:
        if isinstance(index, slice):
            return [self.row(i) for i in range(*index.indices(len(self)))]
        return self.row(index)


class IdRows(LazyRows):
    """Rows over a list of ids, each made only when drawn.

    A person with thousands of statements or the list of every claim then costs
    nothing until a row is on screen, and finding a record's row is the C-speed
    ``list.index`` instead of a mapping built on every visit.
    """

    def __init__(
        self, ids: Sequence[str], tag: str | None = None, claim_id: str | None = None
    ) -> None:
        self.ids = ids
        self.tag = tag
        self.claim_id = claim_id

    def __len__(self) -> int:
        return len(self.ids)

    def row(self, index: int) -> Row:
        return Row(self.ids[index], claim_id=self.claim_id, tag=self.tag)

    def find(self, record_id: str | None, claim_id: str | None = None) -> int | None:
        """The position of a record's row, or None."""
        if claim_id is not None and claim_id != self.claim_id:
            return None
        try:
            return self.ids.index(record_id or "")
        except ValueError:
            return None


class JoinedRows(LazyRows):
    """Several row sequences (and headings) shown as one list."""

    def __init__(self, parts: Sequence[Sequence[Row]]) -> None:
        self.parts = [p for p in parts if len(p)]
        self.starts: list[int] = []
        total = 0
        for part in self.parts:
            self.starts.append(total)
            total += len(part)
        self.total = total

    def __len__(self) -> int:
        return self.total

    def row(self, index: int) -> Row:
        if index < 0:
            index += self.total
        if not 0 <= index < self.total:
            raise IndexError(index)
        n = bisect_right(self.starts, index) - 1
        return self.parts[n][index - self.starts[n]]

    def find(self, record_id: str | None, claim_id: str | None = None) -> int | None:
        """The position of a record's first row, or None."""
        for start, part in zip(self.starts, self.parts, strict=True):
            if isinstance(part, IdRows):
                found = part.find(record_id, claim_id)
                if found is not None:
                    return start + found
                continue
            for n, row in enumerate(part):
                if row.record_id == record_id and claim_id in (None, row.claim_id):
                    return start + n
        return None


@dataclass(frozen=True)
class PaneView:
    """A pane's title, rows, and what it says when there are none."""

    title: str
    rows: Sequence[Row] = field(default_factory=tuple)
    empty: str = "Nothing here."
    row_height: int = 1
    legend: str = ""


# A statement row: its first line and up to two more of its text, so rows stay scannable.
STATEMENT_HEIGHT = 3
LEGEND = "“ ”quote ≈paraphrase ⚡disputed ⚑questioned rep.=reported"
QUESTIONED = "⚑"
# What the marks in a list mean: the help spells out the legend.
GLYPHS = (
    ("“ ”", "a quote: the speaker's own words"),
    ("≈", "a paraphrase: the reporter's words"),
    ("⚡", "disputed: another statement contradicts it"),
    (QUESTIONED, "an editor would question its sources, beyond a single source: see its detail"),
    ("B2", "its grade: best source A-F, credibility 1-6; ? not graded"),
    ("rep. 2025-05-25", "no date of its own: its first report's date"),
    ("⚠stale", "its file has errors: its last good version"),
)


def navigator_row_height(kind: Kind) -> int:
    """Statements need room to be read; other records take one line."""
    return STATEMENT_HEIGHT if kind is Kind.CLAIM else 1


def heading(text: str) -> Row:
    return Row(None, heading=text)


# -- labels -----------------------------------------------------------------


def speaker_label(index: Index, claim: Claim) -> str:
    """Who made a claim: a person's name, a side, or an article in its own voice."""
    if claim.speaker:
        person = index.get_as(claim.speaker, Person)
        return person.name if person else claim.speaker
    if claim.side:
        return claim.credited_as or f"the {side_label(claim.side)} side"
    article = index.get_as(claim.narrator, Article)
    name = cut_at_word(article.outlet_text, 28) if article else ""
    return f"{name} (article)" if article else (claim.narrator or "")


def speaker_side(index: Index, claim: Claim) -> str | None:
    """The side a claim's speaker acts for, when known."""
    if claim.side:
        return claim.side
    person = index.get_as(claim.speaker, Person)
    return person.side if person else None


def said_when(index: Index, claim: Claim) -> str:
    """When a claim was said; failing that its first report's date, marked ``rep.``."""
    if claim.said_on:
        return claim.said_on.isoformat()
    date = index.claim_date(claim.id)
    return f"rep. {date.isoformat()}" if date else "undated"


# -- navigator ----------------------------------------------------------------


NO_LENS = Lens()


def narrowed(title: str, lens: Lens, index: Index) -> str:
    """A pane title with the filter and sort that narrow it."""
    said = lens.describe(index)
    return f"{title} · {said}" if said else title


def no_match(lens: Lens, index: Index, what: str = "statements") -> str:
    """What a list the filter emptied says: why, and how to undo it."""
    return f"No {what} match: {lens.filter.describe(index)}; F clears."


def navigator_rows(index: Index, kind: Kind, lens: Lens = NO_LENS) -> Sequence[Row]:
    """Every record of a kind; people grouped under a heading per side.

    The lens narrows and orders statements, and narrows articles by outlet.
    """
    ids = index.ids(kind)
    if kind is Kind.CLAIM:
        return IdRows(lens.claims(index, ids))
    if kind is Kind.ARTICLE:
        return IdRows(lens.articles(index, ids))
    if kind is not Kind.PERSON:
        return IdRows(ids)
    parts: list[Sequence[Row]] = []
    group: list[str] = []
    current: str | None = None
    for person_id in ids:
        person = index.records[person_id]
        assert isinstance(person, Person)
        if person.side != current:
            if group:
                parts.append(IdRows(group))
            current, group = person.side, []
            parts.append([heading(side_label(current))])
        group.append(person_id)
    if group:
        parts.append(IdRows(group))
    return JoinedRows(parts)


# -- linked panes -------------------------------------------------------------


def reports_of(index: Index, claim_id: str) -> IdRows:
    """One row per article reporting a claim, each carrying the claim's id."""
    return IdRows(index.articles_reporting(claim_id), claim_id=claim_id)


def linked_view(index: Index, selected: str | None, lens: Lens = NO_LENS) -> PaneView:
    """The records linked to the one picked in the navigator: what the first linked pane lists.

    A person's statements, a round's table, the claims an article reports, or a
    claim's speaker and reports.
    """
    record = index.get(selected) if selected else None
    if record is None:
        return PaneView("Linked", empty="Pick a record on the left.")
    name = cut_at_word(one_line(record.title_text), 40)
    if isinstance(record, Person):
        said = index.claims_by_person(record.id)
        relayed = index.claims_relayed_by(record.id)
        empty = f"No statements recorded for {name}."
        if lens.filter.active and (said or relayed):
            empty = no_match(lens, index)
        said, relayed = lens.claims(index, said), lens.claims(index, relayed)
        parts: list[Sequence[Row]] = [IdRows(said)]
        if relayed:
            parts += [[heading(f"Relayed by {name}")], IdRows(relayed, tag="relayed")]
        return PaneView(
            narrowed(f"Statements by {name}", lens, index),
            JoinedRows(parts),
            empty,
            row_height=STATEMENT_HEIGHT,
            legend=LEGEND,
        )
    if isinstance(record, Round):
        table: list[Row] = []
        if record.chair:
            table += [heading("Chair"), Row(record.chair, tag="chair")]
        for delegation in record.delegations:
            table.append(heading(f"{side_label(delegation.side)} delegation"))
            for person_id in delegation.people:
                table.append(Row(person_id, tag="head" if person_id == delegation.head else None))
        return PaneView(f"At the table: {name}", table, f"No delegations recorded for {name}.")
    if isinstance(record, Article):
        return statements_view(
            index,
            index.claims_reported_by(record.id),
            lens,
            f"Claims reported by {name}",
            f"No claims cite {name}.",
        )
    assert isinstance(record, Claim)
    who: list[Row] = []
    if record.speaker or record.narrator:
        who += [heading("Said by"), Row(record.speaker or record.narrator, tag="speaker")]
    if record.via:
        who.append(Row(record.via, tag="via"))
    reports = reports_of(index, record.id)
    rows = JoinedRows([who, [heading("Reported by")], reports] if reports else [who])
    return PaneView("Speaker and reports", rows, "No article reports this claim.", row_height=2)


def statements_view(index: Index, ids: list[str], lens: Lens, title: str, empty: str) -> PaneView:
    """A pane of statements, narrowed by the lens, saying so in its title and when empty."""
    if lens.filter.active and ids:
        empty = no_match(lens, index)
    return PaneView(
        narrowed(title, lens, index),
        IdRows(lens.claims(index, ids)),
        empty,
        row_height=STATEMENT_HEIGHT,
        legend=LEGEND,
    )


def related_view(
    index: Index, selected: str | None, linked: Row | None, lens: Lens = NO_LENS
) -> PaneView:
    """What relates to the selection beyond its links: the second linked pane.

    The statements about a round, the claims contradicting a claim, or, for a
    person or an article, the reports of the claim highlighted in ``linked_view``.
    """
    record = index.get(selected) if selected else None
    if record is None:
        return PaneView("Details", empty="")
    if isinstance(record, Round):
        return statements_view(
            index,
            index.claims_of_round(record.id),
            lens,
            "Statements about this round",
            f"No statements recorded about {cut_at_word(one_line(record.title), 40)}.",
        )
    if isinstance(record, Claim):
        return statements_view(
            index,
            index.contradictions(record.id),
            lens,
            "Contradicted by",
            "No claim contradicts this one.",
        )
    claim_id = linked.record_id if linked is not None else None
    claim = index.get_as(claim_id, Claim)
    if claim is None:
        return PaneView("Reported by", empty="Highlight a statement to see who reports it.")
    if isinstance(record, Article):
        others = [a for a in index.articles_reporting(claim.id) if a != record.id]
        return PaneView(
            "Also reported by",
            IdRows(others, claim_id=claim.id),
            "No other article reports this claim.",
            row_height=2,
        )
    return PaneView(
        "Reported by",
        reports_of(index, claim.id),
        "No article reports this statement.",
        row_height=2,
    )
