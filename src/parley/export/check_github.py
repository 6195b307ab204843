"""``parley check --format github``: GitHub Actions workflow commands, one per problem.

``::error file=F,line=L,col=C,title=T::MESSAGE`` puts the message on that line of the
pull request's diff (``::warning`` for a warning, ``::notice`` for a reference that
waits on a broken file's fix). The runner reads a command from each line of output, so
the encoding is GitHub's own, not the terminal's: ``%``, CR and LF are percent-encoded
in the message, and ``:`` and ``,`` too in the properties. A record's text, a file
name or a folder name can then never end a command early or start another, and the
runner decodes the text back exactly. Paths are relative to the repository root.
"""

from __future__ import annotations

from parley.dossier.problems import Problem
from parley.dossier.text import safe
from parley.export.check_report import Checked, RepositoryPaths
from parley.export.check_text import summary


def escape_data(text: str) -> str:
    """A workflow command's message, encoded: ``%``, CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value, encoded: ``%``, CR, LF, ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: str) -> str:
    """One workflow command line (without its newline)."""
    given = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{name} {given}::{escape_data(message)}"


def workflow_commands(checked: list[Checked]) -> str:
    """A command for every problem, question and waiting reference, then a summary line
    per dossier (a log line, never a command: it starts with ``parley:``)."""
    paths = RepositoryPaths()
    lines: list[str] = []
    for one in checked:
        base = paths.base(one)
        for problem in one.told():
            lines.append(_annotation(problem, problem.severity, paths.of(problem.path, base)))
            lines.extend(
                _annotation(related, "notice", paths.of(related.path, base))
                for related in problem.related
            )
        lines.append(f"parley: {safe(str(one.folder))}: {summary(one)}")
    return "".join(f"{line}\n" for line in lines)


def _annotation(problem: Problem, name: str, path: str) -> str:
    title = f"parley {problem.rule}"
    if problem.record_id is not None:
        title += f" in {problem.record_id}"
    return command(
        name,
        problem.message,
        file=path,
        line=str(problem.line),
        col=str(problem.col),
        title=title,
    )
