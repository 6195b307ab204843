"""The browser's record pane: the highlighted record, whole."""

from __future__ import annotations

import re
from typing import ClassVar

from textual.binding import BindingType
from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from parley.ui.commands import Where, bindings
from parley.ui.widgets.virtual import set_virtual_size


def wrap(paragraph: Content, width: int) -> list[Content]:
    """``paragraph`` in lines of ``width``, an id too long for a line broken after a hyphen."""
    cuts = hyphen_breaks(paragraph.plain, width)
    pieces = paragraph.divide(cuts) if cuts else [paragraph]
    return [line for piece in pieces for line in piece.wrap(width)] or [Content("")]


def hyphen_breaks(text: str, width: int) -> list[int]:
    """Where to break words longer than ``width``: after the last hyphen that fits, each time."""
    cuts: list[int] = []
    for word in re.finditer(r"\S+", text):
        start = word.start()
        while word.end() - start > width:
            hyphen = text.rfind("-", start, start + width)
            if hyphen < 0:
                break  # no hyphen to break at: the line folds as usual
            start = hyphen + 1
            cuts.append(start)
    return cuts


class DetailPane(ScrollView, can_focus=True):
    """The highlighted record, whole.

    Drawn with the line API like the lists: new content changes only this
    pane's virtual height, never the screen's layout, so a keypress that
    changes the record shown repaints one pane instead of reflowing them all.
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings(Where.DETAIL)
    DEFAULT_CSS = """
    DetailPane { overflow-x: hidden; }
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.content = Content("")
        self._lines: list[Content] = []
        self._width = 0

    def show(self, content: Content) -> None:
        self.content = content
        self._wrap()
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def _wrap(self) -> None:
        width = self.scrollable_content_region.width
        self._width = width
        lines: list[Content] = []
        if width > 0:
            for paragraph in self.content.split("\n"):
                lines.extend(wrap(paragraph, width))
        self._lines = lines
        set_virtual_size(self, Size(0, len(lines)))

    def on_resize(self) -> None:
        self._wrap()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if width != self._width:
            self._wrap()
        style = self.get_visual_style()
        number = self.scroll_offset.y + y
        if number >= len(self._lines):
            return Strip.blank(width, style.rich_style)
        line = self._lines[number]
        strip = Strip(line.render_segments(style), line.cell_length)
        return strip.extend_cell_length(width, style.rich_style).crop(0, width)
