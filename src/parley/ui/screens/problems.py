"""`!`: every problem in the dossier; enter opens the file at the line."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.widgets import Header

from parley.dossier.conflict import is_conflict_message
from parley.dossier.load import Dossier
from parley.dossier.problems import Problem
from parley.dossier.text import one_line, plural, safe
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
        # Rows that are references waiting on the problem above them, not problems of their own.
        self._waiting: set[int] = set()
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
        self.problems, self._waiting = [], set()
        for problem in own + sorted(dossier.problems, key=lambda p: (not p.is_error, p)):
            self.problems.append(problem)
            for related in problem.related:
                self._waiting.add(len(self.problems))
                self.problems.append(related)
        errors, warnings = len(own) + len(dossier.errors), len(dossier.warnings)
        listing.border_title = f"Problems: {plural(errors, 'error')}, {plural(warnings, 'warning')}"
        listing.border_subtitle = "enter opens the file at the line (a conflict: both sides)"
        listing.set_rows([Row(position=n) for n in range(len(self.problems))], cursor=current)

    @on(AppProblemsChanged)
    def app_problems_changed(self) -> None:
        self.dossier_changed(self._dossier)

    def _render_problem(self, row: Row, width: int) -> Content:
        position = row.position or 0
        problem = self.problems[position]
        where = f"{safe(str(self._relative(problem.path)))}:{problem.line}:{problem.col}: "
        if position in self._waiting:
            return Content.assemble("    ", (where, "dim"), ("note", "bold"), ": ",
                                    one_line(problem.message))  # fmt: skip
        colour = "$error" if problem.is_error else "$warning"
        return Content.assemble(
            (where, "dim"), (problem.severity, f"bold {colour}"), ": ", one_line(problem.message)
        )

    def _relative(self, path: Path) -> Path:
        """A path inside the dossier folder as seen from it; any other path as it is."""
        for root in (self._dossier.root, self._dossier.absolute):
            if path.is_relative_to(root):
                return path.relative_to(root)
        return path

    @on(RowList.Selected)
    async def _open(self, event: RowList.Selected) -> None:
        problem = self.problems[event.row.position or 0]
        if is_conflict_message(problem.message):
            from parley.ui.screens.conflict import ConflictScreen

            self.app.push_screen(ConflictScreen(self._dossier, problem.path))
        elif self.writable():
            await self.parley.edit_file(problem.path, problem.line)

    def action_close(self) -> None:
        self.dismiss(None)
