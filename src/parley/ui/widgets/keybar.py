"""The footer: the keys that matter where the focus is, drawn as one line of text.

Textual's stock Footer rebuilds a widget per key whenever focus moves; with
`tab` the most pressed key in a pane-based browser, that cost lands on nearly
every keypress. This bar redraws its text instead.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from parley.ui.commands import ALWAYS_IN_FOOTER


class KeyBar(Static):
    """Keys of the active bindings that are marked to show, action by action."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom; height: 1; width: 1fr;
        background: $footer-background; color: $footer-foreground;
    }
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.call_after_refresh(self._bindings_changed, self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def on_resize(self) -> None:
        self._bindings_changed(self.screen)

    def _bindings_changed(self, _screen: object) -> None:
        parts: list[tuple[bool, Content]] = []
        seen: set[str] = set()
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            key_style = "bold $footer-key-foreground" if enabled else "dim"
            part = Content.assemble(
                (f" {self.app.get_key_display(binding)} ", key_style),
                (binding.description, "" if enabled else "dim"),
                " ",
            )
            parts.append((binding.id in ALWAYS_IN_FOOTER, part))
        self.update(Content.assemble(*fitting(parts, self.size.width)))


def fitting(parts: list[tuple[bool, Content]], width: int) -> list[Content]:
    """The parts that fit in ``width``, dropping the last of those not always shown first."""
    kept = list(parts)
    while sum(p.cell_length for _always, p in kept) > width > 0:
        droppable = [n for n, (always, _p) in enumerate(kept) if not always]
        if not droppable:
            break
        del kept[droppable[-1]]
    return [p for _always, p in kept]
