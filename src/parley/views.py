"""What each pane lists for a selection: plain Python over the index.

The UI draws these; it never decides itself which records belong in a pane.
Keeping it here means the linked-pane rules are tested without a terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .index import Index
from .model import Article, Claim, Kind, Person, Round, side_label
from .text import one_line


@dataclass(frozen=True)
class Row:
    """One entry of a list: the record it stands for.

    ``context`` is a second id the row is about (the claim a report row
    reports). ``tag`` marks a role in the list ("head", "chair", "relayed").
    Rows without a ``record_id`` are headings and cannot be selected.
    """

    record_id: str | None
    context: str | None = None
    heading: str | None = None
    tag: str | None = None

    @property
    def selectable(self) -> bool:
        return self.record_id is not None


@dataclass(frozen=True)
class PaneView:
    """A pane's title, rows, and what it says when there are none."""

    title: str
    rows: Sequence[Row] = field(default_factory=tuple)
    empty: str = "Nothing here."
    row_height: int = 1


def heading(text: str) -> Row:
    return Row(None, heading=text)


# -- labels -----------------------------------------------------------------


def label(index: Index, record_id: str | None) -> str:
    """A short, one-line name for any record."""
    record = index.get(record_id) if record_id else None
    if record is None:
        return record_id or ""
    if isinstance(record, Claim):
        return one_line(record.text, 60)
    return one_line(record.title_text)


def speaker_label(index: Index, claim: Claim) -> str:
    """Who made a claim: a person's name, a side, or an article in its own voice."""
    if claim.speaker:
        person = index.get_as(claim.speaker, Person)
        return person.name if person else claim.speaker
    if claim.side:
        return claim.credited_as or f"the {side_label(claim.side)} side"
    article = index.get_as(claim.narrator, Article)
    return f"{article.outlet_text} (article)" if article else (claim.narrator or "")


def speaker_side(index: Index, claim: Claim) -> str | None:
    """The side a claim's speaker acts for, when known."""
    if claim.side:
        return claim.side
    person = index.get_as(claim.speaker, Person)
    return person.side if person else None


def date_label(index: Index, record_id: str) -> str:
    record = index.get(record_id)
    if isinstance(record, Claim):
        date = index.claim_date(record_id)
        return date.isoformat() if date else "undated"
    if isinstance(record, Article):
        return record.date_text
    if isinstance(record, Round):
        return record.date_text
    return ""


# -- navigator ----------------------------------------------------------------


def navigator_rows(index: Index, kind: Kind) -> list[Row]:
    """Every record of a kind; people grouped under a heading per side."""
    ids = index.ids(kind)
    if kind is not Kind.PERSON:
        return [Row(i) for i in ids]
    rows: list[Row] = []
    current: str | None = None
    for person_id in ids:
        person = index.records[person_id]
        assert isinstance(person, Person)
        if person.side != current:
            current = person.side
            rows.append(heading(side_label(current)))
        rows.append(Row(person_id))
    return rows


# -- linked panes -------------------------------------------------------------


def reports_of(index: Index, claim_id: str) -> list[Row]:
    """One row per article reporting a claim, each carrying the claim as context."""
    return [Row(a, context=claim_id) for a in index.articles_reporting(claim_id)]


def top_view(index: Index, selected: str | None) -> PaneView:
    """The first linked pane for the record picked in the navigator."""
    record = index.get(selected) if selected else None
    if record is None:
        return PaneView("Linked", empty="Pick a record on the left.")
    name = one_line(record.title_text, 40)
    if isinstance(record, Person):
        rows = [Row(c) for c in index.claims_by_person(record.id)]
        relayed = index.claims_relayed_by(record.id)
        if relayed:
            rows.append(heading(f"Relayed by {record.name}"))
            rows.extend(Row(c, tag="relayed") for c in relayed)
        return PaneView(
            f"Statements by {name}",
            rows,
            f"No statements recorded for {record.name}.",
            row_height=2,
        )
    if isinstance(record, Round):
        rows = []
        if record.chair:
            rows += [heading("Chair"), Row(record.chair, tag="chair")]
        for delegation in record.delegations:
            rows.append(heading(f"{side_label(delegation.side)} delegation"))
            for person_id in delegation.people:
                rows.append(Row(person_id, tag="head" if person_id == delegation.head else None))
        return PaneView(f"At the table: {name}", rows, f"No delegations recorded for {name}.")
    if isinstance(record, Article):
        rows = [Row(c) for c in index.claims_reported_by(record.id)]
        return PaneView(f"Claims reported by {name}", rows, f"No claims cite {name}.", row_height=2)
    assert isinstance(record, Claim)
    rows = []
    if record.speaker or record.narrator:
        rows += [heading("Said by"), Row(record.speaker or record.narrator, tag="speaker")]
    if record.via:
        rows += [Row(record.via, tag="via")]
    reports = reports_of(index, record.id)
    rows += [heading("Reported by"), *reports] if reports else []
    return PaneView("Speaker and reports", rows, "No article reports this claim.", row_height=2)


def bottom_view(index: Index, selected: str | None, top: Row | None) -> PaneView:
    """The second linked pane: it follows the row highlighted in the first."""
    record = index.get(selected) if selected else None
    if record is None:
        return PaneView("Details", empty="")
    if isinstance(record, Round):
        rows = [Row(c) for c in index.claims_of_round(record.id)]
        return PaneView(
            "Statements about this round",
            rows,
            f"No statements recorded about {one_line(record.title, 40)}.",
            row_height=2,
        )
    if isinstance(record, Claim):
        rows = [Row(c) for c in index.contradictions(record.id)]
        return PaneView("Contradicted by", rows, "No claim contradicts this one.", row_height=2)
    claim_id = top.record_id if top is not None else None
    claim = index.get_as(claim_id, Claim)
    if claim is None:
        return PaneView("Reported by", empty="Highlight a statement to see who reports it.")
    rows = reports_of(index, claim.id)
    if isinstance(record, Article):
        rows = [r for r in rows if r.record_id != record.id]
        return PaneView(
            "Also reported by", rows, "No other article reports this claim.", row_height=2
        )
    return PaneView("Reported by", rows, "No article reports this statement.", row_height=2)
