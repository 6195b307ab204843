"""`!`: every problem in the dossier; enter opens the file at the line."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.widgets import Header

from parley.dossier.load import Dossier
from parley.dossier.problems import Problem
from parley.dossier.text import one_line, safe
from parley.present.panes import Row
from parley.ui.commands import Where, bindings
from parley.ui.messages import AppProblemsChanged
from parley.ui.screens.base import ParleyScreen
from parley.ui.widgets.keybar import KeyBar
from parley.ui.widgets.rowlist import RowList


class ProblemsScreen(ParleyScreen[None]):
    """A list of `path:line:col: message`, kept current as files change."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(Where.PROBLEMS)
    DEFAULT_CSS = """
    ProblemsScreen #problem-list { border: round $accent; }
    """

    def __init__(self, dossier: Dossier) -> None:
        super().__init__()
        self.problems: list[Problem] = []
        self._dossier = dossier

    def compose(self) -> ComposeResult:
        yield Header(icon="⚖")
        yield RowList(self._render_problem, empty="No problems: every file is valid.",
                      id="problem-list")  # fmt: skip
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Problems"
        self.dossier_changed(self._dossier)
        self.query_one(RowList).focus()

    def dossier_changed(self, dossier: Dossier) -> None:
        self._dossier = dossier
        listing = self.query_one(RowList)
        current = listing.cursor
        # The app's own failures, then errors: they are what stops records from loading.
        own = self.parley.app_problems
        self.problems = own + sorted(dossier.problems, key=lambda p: (not p.is_error, p))
        errors, warnings = len(own) + len(dossier.errors), len(dossier.warnings)
        listing.border_title = f"Problems: {errors} errors, {warnings} warnings"
        listing.border_subtitle = "enter opens the file at the line"
        listing.set_rows([Row(position=n) for n in range(len(self.problems))], cursor=current)

    @on(AppProblemsChanged)
    def app_problems_changed(self) -> None:
        self.dossier_changed(self._dossier)

    def _render_problem(self, row: Row, width: int) -> Content:
        problem = self.problems[row.position or 0]
        colour = "$error" if problem.is_error else "$warning"
        return Content.assemble(
            (f"{safe(str(problem.path))}:{problem.line}:{problem.col}: ", "dim"),
            (problem.severity, f"bold {colour}"),
            ": ",
            one_line(problem.message),
        )

    @on(RowList.Selected)
    async def _open(self, event: RowList.Selected) -> None:
        problem = self.problems[event.row.position or 0]
        await self.parley.edit_file(problem.path, problem.line)

    def action_close(self) -> None:
        self.dismiss(None)
