"""What the timeline lists: every dated round and statement, in date order.

Rounds are rows of their own, placed before the statements of their day. The
merged order is made once per index; a filter then keeps the statements it lets
through (and, when it names rounds, only those rounds) in one pass over the ids.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from parley.dossier.filters import Lens, facets
from parley.dossier.index import Index, per_index
from parley.dossier.model import Kind
from parley.dossier.text import plural
from parley.present.panes import IdRows, PaneView, no_match


@dataclass(frozen=True)
class Order:
    """The timeline of one index: every dated id in order, which are rounds, how many undated."""

    ids: list[str]
    rounds: frozenset[str]
    undated: int


@per_index
def timeline_order(index: Index) -> Order:
    """The index's dated rounds and statements merged by date, made once per index.

    Both lists come from the index in date order, the undated last; each round is
    put before the first statement of its day by a binary search, so a date is
    looked up for a few claims per round, not for every claim.
    """
    claims = index.ids(Kind.CLAIM)
    dated = bisect_left(claims, True, key=lambda c: index.claim_date(c) is None)
    merged: list[str] = []
    rounds: list[str] = []
    start = 0
    for round_id in index.ids(Kind.ROUND):
        date = index.round_date(round_id)
        if date is None:
            continue
        at = bisect_left(claims, date, start, dated, key=lambda c: index.claim_date(c) or date)
        merged += claims[start:at]
        merged.append(round_id)
        rounds.append(round_id)
        start = at
    merged += claims[start:dated]
    return Order(merged, frozenset(rounds), len(claims) - dated)


def timeline_view(index: Index, lens: Lens) -> PaneView:
    """The timeline's rows, title and empty message under ``lens`` (its sort is ignored)."""
    order = timeline_order(index)
    wanted = lens.filter
    allowed = facets(index).allowed(wanted)
    if allowed is None:  # nothing narrows statements, so nothing narrows rounds either
        ids = order.ids
        shown_rounds = len(order.rounds)
    else:
        # Named rounds narrow the rounds too; otherwise every round stays, as a landmark.
        rounds = order.rounds & wanted.rounds if wanted.rounds else order.rounds
        ids = [i for i in order.ids if i in allowed or i in rounds]
        shown_rounds = len(rounds)
    title = f"Timeline: {plural(shown_rounds, 'round')}, "
    title += plural(len(ids) - shown_rounds, "statement")
    if wanted.active:
        title += f" · {wanted.describe(index)}"
    if not order.ids:
        empty = "Nothing dated in this dossier: no round or statement has a date."
    else:
        empty = no_match(lens, index)
    return PaneView(title, IdRows(ids), empty, row_height=2)


def undated_note(index: Index) -> str:
    """What the timeline leaves out: statements with no date of their own or their reports'."""
    undated = timeline_order(index).undated
    return f"{plural(undated, 'undated statement')} not shown" if undated else ""
