"""The floor of the terminal key benchmark: a bare Textual app showing one list of N rows.

    python benchmarks/bare_list.py N

Textual's ``DataTable`` (it draws only the visible rows, as parley's lists do, and
unlike ``OptionList`` its cost per key does not grow with the rows) with one column
of N rows about as long as a statement's row, filling the screen, moved with ``j``.
"""

from __future__ import annotations

import sys
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

FIRST_ROW = "row 0000000"
TEXT = " 2022-02-28 A speaker: the delegation said that talks would continue after a pause"


class Rows(DataTable[str]):
    """A table that also moves with ``j``/``k``."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("j", "cursor_down"), Binding("k", "cursor_up")]


class BareList(App[None]):
    """One focused list, nothing else."""

    def __init__(self, rows: int) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield Rows(cursor_type="row", show_header=False)

    def on_mount(self) -> None:
        table = self.query_one(Rows)
        table.add_column("row")
        table.add_rows([f"row {i:07d}{TEXT}"] for i in range(self.rows))


if __name__ == "__main__":
    BareList(int(sys.argv[1])).run()
