"""`d`: the contested points, each with its versions side by side."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Header, Static

from parley.dossier.index import Dispute, Index
from parley.dossier.load import Dossier
from parley.dossier.model import Article, Claim, cut_at_word
from parley.dossier.text import clean, one_line
from parley.present.panes import Row, speaker_label, speaker_side
from parley.ui.commands import Where, bindings
from parley.ui.render import MUTED, literal, side_colour, side_words
from parley.ui.screens.base import ParleyScreen
from parley.ui.widgets.keybar import KeyBar
from parley.ui.widgets.rowlist import RowList

MIN_CARD_WIDTH = 28


class VersionCard(VerticalScroll, can_focus=True):
    """One version of a contested point: who says it and who carries it."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(Where.VERSION)

    def __init__(self, index: Index, claim_id: str, number: int) -> None:
        super().__init__(classes="version")
        self.index = index
        self.claim_id = claim_id
        self.border_title = f"Version {number}"

    def compose(self) -> ComposeResult:
        yield Static(version_content(self.index, self.claim_id), markup=False)

    def action_open(self) -> None:
        self.screen.dismiss(self.claim_id)


def version_content(index: Index, claim_id: str) -> Content:
    claim = index.get_as(claim_id, Claim)
    if claim is None:
        return literal(claim_id)
    side = speaker_side(index, claim)
    parts: list[Content] = [
        Content.assemble(
            (side_words(one_line(speaker_label(index, claim)), side), f"bold {side_colour(side)}"),
            (f"  {claim.type.value}\n\n", MUTED),
        ),
        Content.assemble((clean(claim.text).strip(), "bold"), "\n\n"),
        Content.styled("Carried by\n", "bold $text-muted"),
    ]
    for article_id in index.articles_reporting(claim_id):
        article = index.get_as(article_id, Article)
        if article is None:
            continue
        parts.append(
            Content.assemble(
                ("• ", MUTED),
                (one_line(article.source_text), "bold"),
                "\n",
            )
        )
        excerpt = index.excerpt(claim_id, article_id)
        if excerpt:
            parts.append(Content.assemble(("  “", MUTED), one_line(excerpt), ("”\n", MUTED)))
    return Content.assemble(*parts)


class DisputesScreen(ParleyScreen[str | None]):
    """Contested points on the left; the highlighted one's versions in columns."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(Where.DISPUTES)
    DEFAULT_CSS = """
    DisputesScreen #dispute-list { width: 30; border: round $panel-lighten-2; }
    DisputesScreen #dispute-list:light { border: round $foreground 45%; }
    DisputesScreen #dispute-list:focus { border: round $accent; }
    DisputesScreen #versions { width: 1fr; }
    DisputesScreen #dispute-title { height: auto; padding: 0 1; text-style: bold; }
    DisputesScreen #version-cards { overflow-x: auto; }
    DisputesScreen .version { border: round $panel-lighten-2; padding: 0 1; }
    DisputesScreen .version:light { border: round $foreground 45%; }
    DisputesScreen .version:focus { border: round $accent; }
    """

    def __init__(self, index: Index) -> None:
        super().__init__()
        self.index = index
        self.disputes: list[Dispute] = index.disputes()
        self._refocus: str | None = None  # the claim whose card had focus before a reload

    def compose(self) -> ComposeResult:
        yield Header(icon="⚖")
        with Horizontal():
            yield RowList(self._render_dispute, empty="No contested points: no claim "
                          "contradicts another.", id="dispute-list")  # fmt: skip
            with Vertical(id="versions"):
                yield Static("", id="dispute-title", markup=False)
                yield Horizontal(id="version-cards")
        yield KeyBar()

    def _render_dispute(self, row: Row, width: int) -> Content:
        """The point, and how many versions when that fits whole; never a word cut."""
        dispute = self.disputes[row.position or 0]
        title = one_line(dispute.title)
        count = f"  {len(dispute.claims)} versions"
        if len(title) + len(count) > width - 2:
            count = f"  {len(dispute.claims)}"
        title = cut_at_word(title, width - 2 - len(count))
        return Content.assemble((title, "bold"), (count, MUTED))

    def on_mount(self) -> None:
        self.sub_title = "Disputes"
        self._list_disputes()
        self.query_one("#dispute-list", RowList).focus()

    def _list_disputes(self, topic: str | None = None, cursor: int | None = None) -> None:
        listing = self.query_one("#dispute-list", RowList)
        listing.border_title = f"Contested points ({len(self.disputes)})"
        topics = [d.topic for d in self.disputes]
        if topic in topics:
            cursor = topics.index(topic)
        listing.set_rows([Row(position=n) for n in range(len(self.disputes))], cursor=cursor)

    def dossier_changed(self, dossier: Dossier) -> None:
        """Show a re-read dossier's disputes, on the same point and version where they remain."""
        focused = self.focused
        self._refocus = focused.claim_id if isinstance(focused, VersionCard) else None
        listing = self.query_one("#dispute-list", RowList)
        current = self._dispute_at(listing.current)
        self.index = dossier.index
        self.disputes = self.index.disputes()
        self._list_disputes(current.topic if current else None, listing.cursor)

    def _dispute_at(self, row: Row | None) -> Dispute | None:
        if row is None or row.position is None or row.position >= len(self.disputes):
            return None
        return self.disputes[row.position]

    @on(RowList.Highlighted, "#dispute-list")
    async def _show(self, event: RowList.Highlighted) -> None:
        dispute = self._dispute_at(event.row)
        self.query_one("#dispute-title", Static).update(
            literal(f"{one_line(dispute.title)}: {len(dispute.claims)} versions" if dispute else "")
        )
        cards = self.query_one("#version-cards", Horizontal)
        await cards.remove_children()
        if dispute is not None:
            await cards.mount_all(
                VersionCard(self.index, claim_id, n) for n, claim_id in enumerate(dispute.claims, 1)
            )
            self._size_cards()
        refocus, self._refocus = self._refocus, None
        if refocus is not None:
            card = next((c for c in self._cards() if c.claim_id == refocus), None)
            (card or self.query_one("#dispute-list")).focus()

    def _size_cards(self) -> None:
        """Share the width between the versions, scrolling sideways past a readable minimum."""
        cards = self._cards()
        if not cards:
            return
        available = self.query_one("#version-cards", Horizontal).size.width
        width = max(MIN_CARD_WIDTH, available // len(cards))
        for card in cards:
            card.styles.width = width

    def on_resize(self) -> None:
        self._size_cards()

    @on(RowList.Selected, "#dispute-list")
    def _enter(self) -> None:
        cards = self.query(VersionCard)
        if cards:
            cards.first().focus()

    def _cards(self) -> list[VersionCard]:
        return list(self.query(VersionCard))

    def action_next_version(self) -> None:
        self._step(1)

    def action_previous_version(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        cards = self._cards()
        if not cards:
            return
        focused = self.focused
        if focused in cards:
            n = cards.index(focused) + delta
            if n < 0:
                self.query_one("#dispute-list").focus()
                return
            cards[min(n, len(cards) - 1)].focus()
        elif delta > 0:
            cards[0].focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_export_brief(self) -> None:
        """``x``: the contested point in view as a Markdown brief, to a file the user names."""
        from parley.export.scope import Scope
        from parley.ui.screens.save_as import export_brief

        dispute = self._dispute_at(self.query_one("#dispute-list", RowList).current)
        if dispute is None:
            self.notify("No contested point to export.", severity="warning", markup=False)
            return
        export_brief(self, self.index, Scope(point=dispute.topic))
