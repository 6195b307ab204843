"""A focusable list that draws only the rows on screen (Textual's line API).

Every pane uses it, so a list of every claim costs what a screenful of rows
costs: rows are built on demand by a callback and cached until the list changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from textual import events
from textual.binding import BindingType
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from parley.present.panes import Row
from parley.ui.commands import Where, bindings
from parley.ui.render import literal
from parley.ui.widgets.virtual import set_virtual_size

Renderer = Callable[[Row, int], Content]
Positions = dict[tuple[str | None, str | None], int]


def _positions_of(rows: Sequence[Row]) -> Positions:
    positions: Positions = {}
    for n, row in enumerate(rows):
        positions.setdefault((row.record_id, row.claim_id), n)
        positions.setdefault((row.record_id, None), n)
    return positions


class RowMessage(Message):
    """Something happened on a row of a RowList."""

    def __init__(self, rowlist: RowList, row: Row | None) -> None:
        super().__init__()
        self.rowlist = rowlist
        self.row = row

    @property
    def control(self) -> RowList:
        return self.rowlist


class RowList(ScrollView, can_focus=True):
    """Rows of a fixed height with a cursor; posts Highlighted and Selected."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(Where.LIST)
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "rowlist--cursor",
        "rowlist--heading",
        "rowlist--empty",
    }
    DEFAULT_CSS = """
    RowList {
        height: 1fr;
        overflow-x: hidden;
        background: $surface;
        & > .rowlist--cursor { background: $block-cursor-blurred-background; }
        &:focus > .rowlist--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: bold;
        }
        & > .rowlist--heading { color: $text-muted; text-style: bold; }
        & > .rowlist--empty { color: $text-muted; text-style: italic; }
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class Highlighted(RowMessage):
        """The cursor moved onto a row (None when the list is empty)."""

        row: Row | None

    class Selected(RowMessage):
        """Enter was pressed on a row."""

        row: Row

    def __init__(
        self,
        renderer: Renderer,
        *,
        row_height: int = 1,
        empty: str = "Nothing here.",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._renderer = renderer
        self.row_height = row_height
        self.rows: Sequence[Row] = ()
        self.empty_text = empty
        self._cache: dict[tuple[int, bool, int], list[Strip]] = {}
        self._positions: Positions | None = None

    # -- content -------------------------------------------------------------

    def set_rows(
        self,
        rows: Sequence[Row],
        *,
        cursor_id: str | None = None,
        cursor: int | None = None,
        empty: str | None = None,
        row_height: int | None = None,
        renderer: Renderer | None = None,
        announce: bool = True,
    ) -> None:
        """Replace the rows, putting the cursor on ``cursor_id`` (or index) when given.

        With ``announce=False`` no Highlighted message is posted: for a caller that
        updates what depends on the cursor itself, saving a round of messages and
        a repaint per keypress.
        """
        self.rows = rows
        if renderer is not None:
            self._renderer = renderer
        self._positions = None
        if empty is not None:
            self.empty_text = empty
        if row_height is not None:
            self.row_height = row_height
        self._cache.clear()
        set_virtual_size(self, Size(0, len(rows) * self.row_height))
        index = self.index_of(cursor_id) if cursor_id else None
        if index is None:
            index = cursor if cursor is not None else 0
        index = self._nearest_selectable(max(0, min(index, len(rows) - 1)), 1)
        if announce:
            self.cursor = index
        else:
            self.move_quietly(index)
        self.refresh()

    def move_quietly(self, index: int) -> None:
        """Put the cursor on a row without posting Highlighted."""
        with self.prevent(RowList.Highlighted):
            self.cursor = index

    def index_of(self, record_id: str | None, claim_id: str | None = None) -> int | None:
        """Where a record's row is (its first row when listed twice)."""
        find = getattr(self.rows, "find", None)
        if find is not None:  # lazy rows (views.IdRows) know how to look themselves up
            found: int | None = find(record_id, claim_id)
            return found
        if self._positions is None:
            self._positions = _positions_of(self.rows)
        return self._positions.get((record_id, claim_id))

    @property
    def current(self) -> Row | None:
        """The row under the cursor, if it is selectable."""
        if 0 <= self.cursor < len(self.rows) and self.rows[self.cursor].selectable:
            return self.rows[self.cursor]
        return None

    def _nearest_selectable(self, index: int, step: int) -> int:
        rows = self.rows
        n = index
        while 0 <= n < len(rows):
            if rows[n].selectable:
                return n
            n += step
        n = index
        while 0 <= n < len(rows):
            if rows[n].selectable:
                return n
            n -= step
        return index

    # -- cursor --------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        width = self.scrollable_content_region.width
        for index in (old, new):
            self._cache.pop((index, True, width), None)
            self._cache.pop((index, False, width), None)
        self.scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self, self.current))

    def scroll_to_cursor(self) -> None:
        """Bring the cursor's row into view, scrolling as little as needed."""
        top = self.cursor * self.row_height
        height = self.scrollable_content_region.height
        if not height:
            return
        y = self.scroll_offset.y
        if top < y:
            self.scroll_to_line(top)
        elif top + self.row_height > y + height:
            self.scroll_to_line(top + self.row_height - height)

    def scroll_to_line(self, y: int) -> None:
        """Scroll at once, even before the scrollbar shows (it does so after the next layout)."""
        self.scroll_to(y=y, animate=False, immediate=True, force=True)

    def _move(self, delta: int) -> None:
        if not self.rows:
            return
        step = 1 if delta > 0 else -1
        target = max(0, min(self.cursor + delta, len(self.rows) - 1))
        target = self._nearest_selectable(target, step)
        if target != self.cursor:
            self.cursor = target

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_page_down(self) -> None:
        self._move(max(1, self.scrollable_content_region.height // self.row_height - 1))

    def action_page_up(self) -> None:
        self._move(-max(1, self.scrollable_content_region.height // self.row_height - 1))

    def action_first(self) -> None:
        self._move(-len(self.rows))

    def action_last(self) -> None:
        self._move(len(self.rows))

    def action_select(self) -> None:
        if self.current is not None:
            self.post_message(self.Selected(self, self.current))

    def row_at(self, line: int) -> int | None:
        """The row drawn on ``line`` of the list's whole height (scrolled-away lines count)."""
        index = line // self.row_height
        return index if 0 <= index < len(self.rows) else None

    async def _on_click(self, event: events.Click) -> None:
        # The event's y counts from the border; the rows start inside it.
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = self.row_at(self.scroll_offset.y + offset.y)
        if index is not None and self.rows[index].selectable:
            self.cursor = index

    # -- drawing -------------------------------------------------------------

    def on_resize(self) -> None:
        self._cache.clear()
        set_virtual_size(self, Size(0, len(self.rows) * self.row_height))
        self.scroll_to_cursor()
        self.refresh()  # lines drawn before this event may have used the old width

    def _empty_line(self, y: int, width: int) -> Strip:
        """Line ``y`` of the message an empty list shows: wrapped, a cell from each border."""
        style = self.get_visual_style("rowlist--empty")
        lines = literal(self.empty_text).wrap(max(width - 2, 1))
        if y >= len(lines):
            return Strip.blank(width, style.rich_style)
        content = Content.assemble(" ", lines[y]).truncate(width, ellipsis=True)
        return Strip(content.render_segments(style), content.cell_length).extend_cell_length(
            width, style.rich_style
        )

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = self.scroll_offset.y + y
        if not self.rows:
            return self._empty_line(y, width)
        index, offset = divmod(line, self.row_height)
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        focused = self.has_focus
        # Keyed by width too: lines are drawn at the new width before on_resize runs.
        key = (index, focused, width)
        strips = self._cache.get(key)
        if strips is None:
            strips = self._render_row(index, width)
            if len(self._cache) > 2000:
                self._cache.clear()
            self._cache[key] = strips
        return strips[offset]

    def _render_row(self, index: int, width: int) -> list[Strip]:
        row = self.rows[index]
        if row.heading is not None:
            style = self.get_visual_style("rowlist--heading")
            content = literal(row.heading)
        else:
            if index == self.cursor:
                style = self.get_visual_style("rowlist--cursor")
            else:
                style = self.get_visual_style()
            content = self._renderer(row, width)
        lines = content.split("\n") if "\n" in content.plain else [content]
        strips: list[Strip] = []
        for n in range(self.row_height):
            part = lines[n] if n < len(lines) else Content("")
            part = Content(" ") + part.truncate(max(width - 2, 1), ellipsis=True)
            strip = Strip(part.render_segments(style), part.cell_length).extend_cell_length(
                width, style.rich_style
            )
            strips.append(strip.crop(0, width))
        return strips

    def notify_style_update(self) -> None:
        # The rows were drawn in the old styles: a theme switch, or a class the CSS keys on.
        super().notify_style_update()
        self._cache.clear()

    def on_focus(self) -> None:
        self._cache.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._cache.clear()
        self.refresh()
