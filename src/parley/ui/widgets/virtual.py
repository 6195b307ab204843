"""A scrolling pane's virtual size, changed without laying out the whole screen again."""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widget import Widget


def set_virtual_size(pane: ScrollView, size: Size) -> None:
    """Give ``pane`` a new virtual size, redrawing only the pane and its scrollbars.

    Assigning ``virtual_size`` lays out the whole screen again (the reactive is
    declared with ``layout=True``), and then every pane is drawn anew: at each
    keypress that moves a cursor, the linked panes and the record pane change
    length, and that layout was most of a key's cost. A pane's own size never
    depends on its content here; only a scrollbar appearing or going changes
    the layout, and Textual's ``show_vertical_scrollbar`` (itself a layout
    reactive) asks for that one when it happens. This is what Textual's own
    ``_size_updated(layout=False)`` does.
    """
    if pane.virtual_size == size:
        return
    pane.set_reactive(Widget.virtual_size, size)
    if pane.is_mounted:
        pane._scroll_update(size)
    pane.refresh()
