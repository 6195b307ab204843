"""An archived text, wrapped and drawn line by line, with its highlights and a selection.

The line API keeps a long archive cheap: the text is wrapped once per width into
(start, end) offsets, and only the lines on screen are drawn. Every piece of text
goes through the safe-text function on its way to the screen, never as markup.
"""

from __future__ import annotations

import bisect
import itertools
import re
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from parley.dossier.text import safe
from parley.present.reader import Highlight, ReaderText, Selection
from parley.ui.widgets.virtual import set_virtual_size

GUTTER = 16  # the labels' column, on screens wide enough for it
_TOKEN = re.compile(r"\S+\s*|\s+")


# Characters that take other than one column as shown: controls and the like (shown as
# escapes), tabs, combining marks, zero-width and wide (East Asian, emoji) characters.
_NOT_ONE_COLUMN = re.compile(
    "[\x00-\x1f\x7f-\xa0\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u061c\u064b-\u065f"
    "\u0e31-\u0e3a\u1100-\u115f\u200b-\u200f\u2028-\u202e\u2060-\u206f\u20d0-\u20ff"
    "\u2e80-\ua4cf\uac00-\ud7a3\ud800-\udfff\uf900-\ufaff\ufe00-\ufe0f\ufe20-\ufe4f"
    "\uff00-\uff60\uffe0-\uffe6\ufeff\U0001f000-\U0001faff\U00020000-\U0003fffd]"
)


def one_column_each(text: str) -> bool:
    """Whether every character of ``text`` takes one column as shown."""
    return (text.isascii() and text.isprintable()) or _NOT_ONE_COLUMN.search(text) is None


def shown(text: str) -> str:
    """A piece of the archive as the screen shows it: a tab as a space, controls escaped."""
    return safe(text.replace("\t", " "))


def cells(text: str) -> int:
    """The columns ``text`` takes on screen."""
    return len(text) if one_column_each(text) else cell_len(shown(text))


def wrap_offsets(text: str, width: int) -> list[tuple[int, int]]:
    """The screen lines of ``text`` at ``width`` columns, as (start, end) offsets."""
    width = max(width, 1)
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        start, end, pos = pos, pos + len(line), pos + len(line) + 1
        if line.endswith("\r"):  # a CRLF line end is a line end, not a character to show
            line, end = line[:-1], end - 1
        if len(line) <= width and cells(line) <= width:
            lines.append((start, end))
        elif one_column_each(line):
            lines += _wrap_plain(line, start, width)
        else:
            lines += _wrap_cells(line, start, width)
    return lines


def _wrap_plain(line: str, start: int, width: int) -> list[tuple[int, int]]:
    """Wrap a line of one-column characters: a jump per screen line."""
    lines: list[tuple[int, int]] = []
    at, end = 0, len(line)
    while end - at > width:
        space = line.rfind(" ", at + 1, at + width + 1)
        cut = space + 1 if space > at else at + width  # no space: cut the word
        lines.append((start + at, start + cut))
        at = cut
    lines.append((start + at, start + end))
    return lines


def _wrap_cells(line: str, start: int, width: int) -> list[tuple[int, int]]:
    """Wrap a line word by word, measuring each as the screen shows it."""
    lines: list[tuple[int, int]] = []
    end = start + len(line)
    cur, used = start, 0
    for token in _TOKEN.finditer(line):
        at = start + token.start()
        word = token.group()
        if used and used + cells(word.rstrip()) > width:
            lines.append((cur, at))
            cur, used = at, 0
        while cells(word.rstrip()) > width:  # a word longer than the line: cut it
            cut = _fitting(word, width)
            lines.append((cur, cur + cut))
            cur, word = cur + cut, word[cut:]
        used += cells(word)
    lines.append((cur, end))
    return lines


def _fitting(word: str, width: int) -> int:
    """How many characters of ``word`` fit in ``width`` columns (at least one)."""
    used = 0
    for n, char in enumerate(word):
        used += cells(char)
        if used > width:
            return max(n, 1)
    return len(word)


class TextView(ScrollView, can_focus=True):
    """The text, a gutter of labels, highlights, the current one, and a selection."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "textview--report",
        "textview--suggestion",
        "textview--current",
        "textview--selection",
        "textview--label",
        "textview--notice",
    }
    DEFAULT_CSS = """
    TextView {
        height: 1fr;
        overflow-x: hidden;
        background: $surface;
        & > .textview--report { background: $warning 25%; }
        & > .textview--suggestion { text-style: underline; color: $success; }
        & > .textview--current { background: $accent 60%; text-style: bold; }
        & > .textview--selection { background: $primary 70%; color: $text; }
        & > .textview--label { color: $text-muted; text-style: italic; }
        & > .textview--notice { color: $text-muted; }
    }
    """

    class Clicked(Message):
        """A click landed on a highlight (its number in the text's highlights)."""

        def __init__(self, number: int) -> None:
            super().__init__()
            self.number = number

    class SelectionChanged(Message):
        """The selection changed (keys or the mouse); None when it was dropped."""

        def __init__(self, selection: Selection | None) -> None:
            super().__init__()
            self.selection = selection

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.doc: ReaderText | None = None
        self.notice = ""
        self._current: int | None = None
        self._selection: Selection | None = None
        # Lines drawn, by number and width, until what they show changes; styles until the
        # theme changes.
        self._strips: dict[tuple[int, int], Strip] = {}
        self._styles: dict[str, Style] = {}
        self._lines: list[tuple[int, int]] = []
        self._line_starts: list[int] = []
        self._width = -1
        self._drag_from: int | None = None

    @property
    def current(self) -> int | None:
        """The number of the highlight moved to, if any."""
        return self._current

    @current.setter
    def current(self, number: int | None) -> None:
        self._current = number
        self._redraw()

    @property
    def selection(self) -> Selection | None:
        """The passage selected, if any."""
        return self._selection

    @selection.setter
    def selection(self, selection: Selection | None) -> None:
        changed = selection != self._selection
        self._selection = selection
        self._redraw()
        if changed:
            self.post_message(self.SelectionChanged(selection))

    def _redraw(self) -> None:
        self._strips.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = {}
        self._strips.clear()

    def style(self, name: str) -> Style:
        """The widget's style (``base``) or one of its parts' (``report``, ``current``…)."""
        if not self._styles:
            self._styles = {"base": self.rich_style}
            for part in ("report", "suggestion", "current", "selection", "label", "notice"):
                self._styles[part] = self.get_component_rich_style(f"textview--{part}")
        return self._styles.get(name, self._styles["base"])

    # -- content -------------------------------------------------------------

    def show(self, doc: ReaderText | None, notice: str = "") -> None:
        """Show ``doc`` (or, without one, ``notice``), keeping the scroll where it was."""
        self.doc, self.notice = doc, notice
        self._width = -1
        self._rewrap()
        self._redraw()

    @property
    def label_width(self) -> int:
        return GUTTER if self._width >= 70 else 0

    def _rewrap(self) -> None:
        width = self.scrollable_content_region.width
        if width == self._width:
            return
        self._width = width
        self._strips.clear()
        if width <= 0:
            self._lines = []
        elif self.doc is None:
            self._lines = wrap_offsets(self.notice, width - 2)
        else:
            self._lines = wrap_offsets(self.doc.text, width - self.label_width - 1)
        self._line_starts = [s for s, _e in self._lines]
        set_virtual_size(self, Size(0, len(self._lines)))

    def on_resize(self) -> None:
        self._rewrap()
        self.refresh()

    def line_of(self, offset: int) -> int:
        """The screen line an offset of the text is drawn on."""
        return max(bisect.bisect_right(self._line_starts, offset) - 1, 0)

    def offset_of_line(self, line: int) -> int:
        """The text offset at the start of a screen line."""
        if not self._lines:
            return 0
        return self._lines[max(0, min(line, len(self._lines) - 1))][0]

    def bring_into_view(self, start: int, end: int) -> None:
        """Scroll so that the text from ``start`` to ``end`` shows, as little as needed."""
        self._rewrap()
        first, last = self.line_of(start), self.line_of(max(end - 1, start))
        height = self.scrollable_content_region.height
        top = self.scroll_offset.y
        if first < top or last >= top + height:
            y = max(first - 2, 0) if last - first + 3 >= height else first - height // 3
            self.scroll_to(y=max(y, 0), animate=False, immediate=True, force=True)
        self.refresh()

    # -- drawing -------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        self._rewrap()
        width = self._width
        number = self.scroll_offset.y + y
        strip = self._strips.get((number, width))
        if strip is None:
            if len(self._strips) > 1000:
                self._strips.clear()
            strip = self._strips[number, width] = self._draw(number, width)
        return strip

    def _draw(self, number: int, width: int) -> Strip:
        base = self.style("base")
        if number >= len(self._lines):
            return Strip.blank(width, base)
        start, end = self._lines[number]
        if self.doc is None:
            segments = [Segment(" " + shown(self.notice[start:end]), base + self.style("notice"))]
        else:
            segments = self._gutter(number, base) + self._body(start, end, base)
        return Strip(segments).extend_cell_length(width, base).crop(0, width)

    def _gutter(self, number: int, base: Style) -> list[Segment]:
        """The label column on screen line ``number``: each label wrapped beside its passage."""
        if not self.label_width or self.doc is None:
            return []
        room = self.label_width - 2
        end = self._lines[number][1]
        # The label of the highlight moved to, else of the last passage to start on or above
        # this line, until it is told whole.
        last: Highlight | None = None
        for h in self.doc.highlights:
            if h.start >= end:
                break
            last = h
        text = ""
        number_of = self._current
        highlights = self.doc.highlights
        current = (
            highlights[number_of] if number_of is not None and number_of < len(highlights) else None
        )
        for shown_label in (current, last):
            if shown_label is None or shown_label.start >= end:
                continue
            pieces = self._label_lines(shown_label.label, room)
            below = number - self.line_of(shown_label.start)
            if below < len(pieces):
                text = pieces[below]
                break
        text = text + " " * max(room - cell_len(text), 0) + "  "
        return [Segment(text, base + self.style("label"))]

    @staticmethod
    def _label_lines(label: str, room: int) -> list[str]:
        """A label wrapped to ``room`` columns (a word longer than that cut)."""
        text = shown(label)
        return [text[a:b].rstrip() for a, b in wrap_offsets(text, room)]

    def _body(self, start: int, end: int, base: Style) -> list[Segment]:
        assert self.doc is not None
        text = self.doc.text
        here = [
            (n, h) for n, h in enumerate(self.doc.highlights) if h.start < end and start < h.end
        ]
        marks = {start, end}
        for _n, h in here:
            marks.update(p for p in (h.start, h.end) if start < p < end)
        selection = self.selection
        if selection is not None:
            marks.update(p for p in (selection.start, selection.end) if start < p < end)
        points = sorted(marks)
        segments = [Segment(" ", base)]
        for a, b in itertools.pairwise(points):
            style = base
            for n, h in here:
                if h.start <= a < h.end:
                    style = style + self._style_of(n, h)
            if selection is not None and selection.start <= a < selection.end:
                style = style + self.style("selection")
            segments.append(Segment(shown(text[a:b]), style))
        return segments

    def _style_of(self, number: int, highlight: Highlight) -> Style:
        if number == self._current:
            return self.style("current")
        return self.style("suggestion" if highlight.suggestion else "report")

    # -- the mouse -------------------------------------------------------------

    def offset_at(self, x: int, y: int) -> int | None:
        """The text offset drawn at column ``x`` of screen line ``y`` of the view."""
        if self.doc is None or not self._lines:
            return None
        number = min(self.scroll_offset.y + y, len(self._lines) - 1)
        start, end = self._lines[number]
        column = x - self.label_width - 1
        used = 0
        for offset in range(start, end):
            used += cells(self.doc.text[offset])
            if used > column:
                return offset
        return end

    def on_mouse_down(self, event: events.MouseDown) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        self._drag_from = self.offset_at(offset.x, offset.y)
        self.selection = None  # a click or a new drag starts afresh
        self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._drag_from is None or not event.button:
            return
        offset = event.get_content_offset_capture(self)
        at = self.offset_at(offset.x, offset.y)
        if at is None or at == self._drag_from:
            return
        first, last = sorted((self._drag_from, at))
        self.selection = Selection(first, last + 1)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        self.capture_mouse(False)
        start, self._drag_from = self._drag_from, None
        if start is None:
            return
        if self.selection is not None:
            return
        for n, h in enumerate(self.doc.highlights if self.doc else ()):
            if h.start <= start < h.end:
                self.post_message(self.Clicked(n))
                return
