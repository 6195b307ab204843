"""``parley check`` as text for a terminal: one line per problem, paths as the user gave them."""

from __future__ import annotations

from parley.dossier.model import Kind
from parley.dossier.text import plural, safe
from parley.export.check_report import Checked


def text(checked: list[Checked]) -> str:
    """Each dossier's problems (``path:line:col: severity: message``), then its summary line;
    the summary names the folder when there are several."""
    lines: list[str] = []
    for one in checked:
        for problem in one.told():
            lines.append(str(problem))
            lines.extend(f"    {related.line_text('note')}" for related in problem.related)
        where = f"{safe(str(one.folder))}: " if len(checked) > 1 else ""
        lines.append(where + summary(one))
    return "".join(f"{line}\n" for line in lines)


def summary(checked: Checked) -> str:
    """One line: how many records of each kind, errors, warnings (and questions)."""
    records = ", ".join(plural(checked.counts.get(kind, 0), kind.value) for kind in Kind)
    line = f"{records}; {plural(checked.errors, 'error')}, {plural(checked.warnings, 'warning')}"
    if checked.sources is not None:
        line += f"; {plural(len(checked.sources), 'question')} about sources"
    return line
