"""`r`: an article's archived text, its reported excerpts highlighted, and statements made
from a selection of it."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Header

from parley.dossier.attribution import Suggestion
from parley.dossier.index import Index
from parley.dossier.load import Dossier
from parley.dossier.model import Article, Claim, Kind, Person
from parley.dossier.text import clean, one_line, plural, safe
from parley.present.reader import (
    ReaderText,
    Selection,
    add_suggestions,
    archive_of,
    build,
    by_sentence,
    by_word,
    select_sentence,
    statement_from,
    suggestions,
)
from parley.ui.commands import Where, bindings
from parley.ui.render import MUTED, detail, literal
from parley.ui.screens.base import ParleyScreen
from parley.ui.widgets.detail import DetailPane
from parley.ui.widgets.keybar import KeyBar
from parley.ui.widgets.textview import TextView

if TYPE_CHECKING:
    from parley.ui.screens.main import MainScreen


# An article's worth of text is searched for suggestions at once; a longer archive in a
# thread, its suggestions marked when they are found.
SUGGEST_AT_ONCE_BELOW = 100_000


class SuggestionsShown(Message):
    """The reader marked the suggestions of the text it shows (found off the key path)."""

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count


class ReaderScreen(ParleyScreen[str | None]):
    """The text of one article; dismissed with the id of a statement to open, or None."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(Where.READER)
    PLACE = Where.READER
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012
    DEFAULT_CSS = """
    ReaderScreen #reader-body { height: 1fr; }
    ReaderScreen #reader-text { width: 1fr; border: round $primary 40%; }
    ReaderScreen #reader-text:focus { border: round $accent; }
    ReaderScreen #statement { border: round $primary 40%; background: $surface; }
    ReaderScreen.-wide #reader-body { layout: horizontal; }
    ReaderScreen.-wide #statement { width: 44; height: 1fr; }
    ReaderScreen.-narrow #reader-body { layout: vertical; }
    ReaderScreen.-narrow #statement { height: 7; width: 1fr; }
    """

    def __init__(self, dossier: Dossier, article_id: str) -> None:
        super().__init__()
        self.dossier = dossier
        self.article_id = article_id
        self.doc: ReaderText | None = None

    @property
    def index(self) -> Index:
        return self.dossier.index

    @property
    def view(self) -> TextView:
        return self.query_one(TextView)

    def compose(self) -> ComposeResult:
        yield Header(icon="⚖")
        with Horizontal(id="reader-body"):
            yield TextView(id="reader-text")
            yield DetailPane(id="statement")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#statement", DetailPane).can_focus = False
        self._read()
        self.view.focus()

    # -- the text ------------------------------------------------------------------

    def _read(self) -> None:
        """Read the archive again and show it, keeping the scroll and the highlight moved to."""
        view = self.view
        article = self.index.get_as(self.article_id, Article)
        kept = self._current_key()
        before = self.doc.text if self.doc is not None else None
        if article is None:
            self.doc = None
            view.border_title = "Reader"
            view.show(None, f"No article {self.article_id!r} in the dossier any more.")
        else:
            self.sub_title = one_line(article.source_text, 60)
            view.border_title = literal(one_line(article.title, 80))
            archive, why = archive_of(self.dossier, article)
            if archive is None:
                self.doc = None
                view.show(None, why)
            else:
                self.doc = build(article, archive, self.index)
                if before is not None and before != archive.text:
                    view.selection = None  # its offsets were into the text as it was
                view.show(self.doc)
                view.border_subtitle = literal(self._counts())
                if len(archive.text) < SUGGEST_AT_ONCE_BELOW:
                    found = suggestions(archive.text, self.index)
                    self._show_suggestions(self.doc, self.index, found)
                else:
                    self._find_suggestions(self.doc, self.index)
        self._restore(kept)

    def _counts(self) -> str:
        """The border's line: what is highlighted, or what is selected and what n does."""
        doc = self.doc
        if doc is None:
            return ""
        selection = self.view.selection
        if selection is not None:
            words = len(doc.text[selection.start : selection.end].split())
            return f"{plural(words, 'word')} selected · n makes a statement of them · esc drops"
        reported = sum(1 for h in doc.highlights if not h.suggestion)
        suggested = len(doc.highlights) - reported
        parts = [f"{reported} reported"]
        if suggested:
            parts.append(f"{suggested} suggested")
        if doc.missing:
            parts.append(f"{len(doc.missing)} excerpt{'s' * (len(doc.missing) > 1)} not found")
        return " · ".join(parts)

    @work(thread=True, exclusive=True, group="suggest", exit_on_error=False)
    def _find_suggestions(self, doc: ReaderText, index: Index) -> None:
        """Mark the suggestions off the key path: rules over a long text take a while."""
        found = suggestions(doc.text, index)
        self.app.call_from_thread(self._show_suggestions, doc, index, found)

    def _show_suggestions(self, doc: ReaderText, index: Index, found: list[Suggestion]) -> None:
        if doc is not self.doc:
            return  # a reload replaced the text meanwhile
        kept = self._current_key()
        add_suggestions(doc, index, found)
        self.view.show(doc)
        self.view.border_subtitle = literal(self._counts())
        self._restore(kept)
        self.post_message(SuggestionsShown(sum(1 for h in doc.highlights if h.suggestion)))

    def _current_key(self) -> tuple[str | None, int] | None:
        """What the highlight moved to is: its claim, or where a suggestion starts."""
        view = self.query_one(TextView)
        if self.doc is None or view.current is None or view.current >= len(self.doc.highlights):
            return None
        highlight = self.doc.highlights[view.current]
        return highlight.claim_id, highlight.start

    def _restore(self, kept: tuple[str | None, int] | None) -> None:
        view = self.view
        view.current = None
        if self.doc is not None and kept is not None:
            claim_id, start = kept
            for n, h in enumerate(self.doc.highlights):
                if (claim_id is not None and h.claim_id == claim_id) or (
                    claim_id is None and h.suggestion and h.start == start
                ):
                    view.current = n
                    break
        if self.doc is None:
            view.selection = None
        self._show_statement()
        view.refresh()

    def dossier_changed(self, dossier: Dossier) -> None:
        """Show the re-read dossier: the archive read again, the place kept."""
        self.dossier = dossier
        self._read()

    # -- the statement beside the text --------------------------------------------------

    def _show_statement(self) -> None:
        pane = self.query_one("#statement", DetailPane)
        view = self.view
        doc = self.doc
        if doc is None or view.current is None:
            hint = "] and [ move between the highlighted statements; v selects a passage."
            if doc is not None and not doc.highlights:
                hint = "No reported excerpt in this text yet: v selects a passage, n makes it one."
            pane.show(Content.styled(hint, MUTED))
            return
        highlight = doc.highlights[view.current]
        if highlight.claim_id is not None:
            pane.show(detail(self.index, highlight.claim_id))
            return
        excerpt = doc.text[highlight.start : highlight.end]
        pane.show(
            Content.assemble(
                ("Suggested statement", "bold $success"),
                (" not in the dossier yet\n\n", MUTED),
                ("Attributed to: ", "bold"),
                f"{one_line(self._speaker_name(highlight.speaker, highlight.side))}\n\n",
                clean(excerpt),
                ("\n\nn makes it a statement (the form opens filled).", MUTED),
            )
        )

    def _speaker_name(self, speaker: str | None, side: bool) -> str:
        person = self.index.get_as(speaker, Person) if speaker and not side else None
        if person is not None:
            return person.name
        return f"the {speaker} side" if speaker and side else speaker or "nobody named"

    # -- keys ------------------------------------------------------------------------------

    def _move(self, step: int) -> None:
        doc, view = self.doc, self.view
        if doc is None or not doc.highlights:
            self.notify("No highlight in this text.", timeout=2, markup=False)
            return
        if view.current is None:
            # From what is on screen: the first highlight below its top, or above its bottom.
            top = view.offset_of_line(view.scroll_offset.y)
            after = [n for n, h in enumerate(doc.highlights) if h.start >= top]
            target = (
                (after[0] if after else len(doc.highlights) - 1)
                if step > 0
                else (after[0] - 1 if after and after[0] > 0 else len(doc.highlights) - 1)
            )
        else:
            target = (view.current + step) % len(doc.highlights)
        view.current = target
        highlight = doc.highlights[target]
        view.bring_into_view(highlight.start, highlight.end)
        self._show_statement()

    def action_next_highlight(self) -> None:
        self._move(1)

    def action_previous_highlight(self) -> None:
        self._move(-1)

    def action_start_selection(self) -> None:
        """Start a selection at the highlight moved to (or the sentence at the top); or drop it."""
        doc, view = self.doc, self.view
        if doc is None:
            return
        if view.selection is not None:
            view.selection = None
        elif view.current is not None:
            highlight = doc.highlights[view.current]
            view.selection = Selection(highlight.start, highlight.end)
        else:
            view.selection = select_sentence(doc, view.offset_of_line(view.scroll_offset.y))
        view.refresh()

    def _extend(self, step: int, sentence: bool) -> None:
        doc, view = self.doc, self.view
        if doc is None:
            return
        if view.selection is None:
            if sentence:  # j and k scroll while nothing is selected
                self.action_reader_scroll(step)
            return
        grow = by_sentence if sentence else by_word
        view.selection = grow(doc, view.selection, step)
        view.bring_into_view(view.selection.end - 1, view.selection.end)

    def action_extend(self, step: int) -> None:
        self._extend(step, sentence=True)

    def action_extend_word(self, step: int) -> None:
        self._extend(step, sentence=False)

    def action_reader_scroll(self, lines: int) -> None:
        self.view.scroll_relative(y=lines, animate=False, immediate=True)

    def action_reader_page(self, step: int) -> None:
        view = self.view
        page = max(view.scrollable_content_region.height - 1, 1)
        view.scroll_relative(y=step * page, animate=False, immediate=True)

    def action_back(self) -> None:
        view = self.view
        if view.selection is not None:
            view.selection = None
            view.refresh()
            return
        self.dismiss(None)

    def action_open_statement(self) -> None:
        """Open the statement moved to in the browser."""
        doc, view = self.doc, self.view
        if doc is not None and view.current is not None:
            claim_id = doc.highlights[view.current].claim_id
            if claim_id is not None:
                self.dismiss(claim_id)
                return
        self.notify("Move to a reported statement first (] or [).", timeout=3, markup=False)

    def action_new(self) -> None:
        """The new-statement form, filled from the selection (or the highlight moved to)."""
        from parley.ui.screens.record_form import RecordForm

        if not self.writable():
            return
        doc, view = self.doc, self.view
        article = self.index.get_as(self.article_id, Article)
        selection = view.selection
        if selection is None and doc is not None and view.current is not None:
            highlight = doc.highlights[view.current]
            if highlight.suggestion:
                selection = Selection(highlight.start, highlight.end)
        if doc is None or article is None or selection is None:
            self.notify("Select a passage first: v, then j and k.", timeout=3, markup=False)
            return
        values, reports = statement_from(doc, self.index, article, selection)
        app = self.parley

        async def created(record_id: str | None) -> None:
            if record_id:
                view.selection = None
                await app.refresh_dossier()
                if app.dossier is not None and app.dossier is not self.dossier:
                    self.dossier_changed(app.dossier)
                self._go_to_claim(record_id)
                self.notify(safe(f"Created {Kind.CLAIM.folder}/{record_id}.toml"), markup=False)

        form = RecordForm(Kind.CLAIM, self.dossier.root, self.index, app.search_index(), values,
                          reports)  # fmt: skip
        app.push_screen(form, created)

    def _go_to_claim(self, claim_id: str) -> None:
        doc, view = self.doc, self.view
        if doc is None:
            return
        for n, h in enumerate(doc.highlights):
            if h.claim_id == claim_id:
                view.current = n
                view.bring_into_view(h.start, h.end)
                break
        self._show_statement()

    def shows(self, dossier: Dossier) -> bool:
        return dossier is self.dossier

    # -- the mouse -----------------------------------------------------------------------

    @on(TextView.SelectionChanged)
    def _selection_changed(self) -> None:
        self.view.border_subtitle = literal(self._counts())

    @on(TextView.Clicked)
    def _clicked(self, event: TextView.Clicked) -> None:
        self.view.current = event.number
        self.view.refresh()
        self._show_statement()


def open_reader(screen: MainScreen) -> None:
    """`r` on the browser: the reader on the highlighted article (a statement's first report's)."""
    from parley.ui.screens.main_cite import target

    record_id = target(screen)
    record = screen.index.get(record_id) if record_id else None
    article_id: str | None = None
    if isinstance(record, Article):
        article_id = record.id
    elif isinstance(record, Claim) and record.reported_by:
        article_id = record.reported_by[0].article
    if article_id is None:
        screen.notify("r reads an article: highlight one (or a reported statement).",
                      severity="warning", markup=False)  # fmt: skip
        return

    def closed(claim_id: str | None) -> None:
        if claim_id:
            screen.go_to(claim_id)

    screen.app.push_screen(ReaderScreen(screen.dossier, article_id), closed)
