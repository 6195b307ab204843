"""The ``parley`` command: open the browser, or check a dossier."""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import functools
import gc
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, cast

from parley.dossier.index import Index
from parley.dossier.load import Dossier
from parley.dossier.model import Kind
from parley.dossier.problems import Problem
from parley.dossier.text import clean, one_line, plural, safe, safe_json
from parley.files import log
from parley.files.atomic import remove_stale_temp_files
from parley.files.cache import (
    ENV,
    Report,
    cache_folder,
    open_dossier,
    open_report,
    write_pending,
)
from parley.files.config import config_path

if TYPE_CHECKING:
    from parley.export.scope import Scope
    from parley.ui.app import ParleyApp

BUNDLED = Path(__file__).parent / "bundled"
EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report ctrl+c

Command = Callable[[argparse.Namespace], int]
FolderCommand = Callable[[argparse.Namespace, Path], int]


def default_folder() -> Path:
    """``./dossiers`` when it exists, else the Istanbul 2025 set shipped with parley."""
    local = Path("dossiers")
    return local if local.is_dir() else BUNDLED


def summary(dossier: Dossier | Report) -> str:
    """One line: how many records of each kind, errors and warnings."""
    counts = summary_counts(dossier)
    records = ", ".join(plural(counts[kind], kind.value) for kind in Kind)
    errors = plural(len(dossier.errors), "error")
    return f"{records}; {errors}, {plural(len(dossier.warnings), 'warning')}"


def summary_counts(dossier: Dossier | Report) -> dict[Kind, int]:
    """How many records of each kind."""
    return dossier.counts if isinstance(dossier, Report) else dossier.index.counts()


def shown(path: Path | str, width: int = 120) -> str:
    """A path as a message shows it: controls made visible, a long one cut in the middle."""
    text = safe(str(path))
    if len(text) <= width:
        return text
    half = (width - 1) // 2
    return f"{text[:half]}…{text[-half:]}"


def _folder_or_none(value: str | None) -> Path | None:
    folder = Path(value) if value else default_folder()
    try:
        is_dir = folder.is_dir()
    except OSError as error:  # a name too long, a loop of links…
        reason = clean(error.strerror or type(error).__name__)
        print(f"parley: cannot use {shown(folder)}: {reason}", file=sys.stderr)
        return None
    if not is_dir:
        print(f"parley: no such folder: {shown(folder)}", file=sys.stderr)
        return None
    return folder


def _on_folder(command: FolderCommand) -> Command:
    """``command`` run on the folder its ``dir`` argument names; a usage error without one."""

    @functools.wraps(command)
    def run(args: argparse.Namespace) -> int:
        folder = _folder_or_none(args.dir)
        return EXIT_USAGE if folder is None else command(args, folder)

    return run


@_on_folder
def cmd_check(args: argparse.Namespace, folder: Path) -> int:
    remove_stale_temp_files(folder)  # what a killed save left behind
    # Without --sources the problems and counts are all it needs: a snapshot has them.
    dossier = open_dossier(folder) if args.sources else open_report(folder)
    questions = source_problems(dossier) if isinstance(dossier, Dossier) else []
    if args.format == "json":
        counts = {kind.value: n for kind, n in summary_counts(dossier).items()}
        report: dict[str, Any] = {
            "folder": str(folder),
            "counts": counts,
            "errors": len(dossier.errors),
            "warnings": len(dossier.warnings),
            "problems": [p.to_json() for p in dossier.problems],
        }
        if args.sources:
            report["sources"] = [q.to_json() for q in questions]
        print(safe_json(json.dumps(report, indent=2, ensure_ascii=False)))
    else:
        for problem in sorted([*dossier.problems, *questions]):
            print(problem)
            for related in problem.related:
                print(f"    {related.line_text('note')}")
        print(
            summary(dossier)
            + (f"; {plural(len(questions), 'question')} about sources" if args.sources else "")
        )
    # The questions are warnings: only errors make the check fail.
    return EXIT_ERRORS if dossier.errors else EXIT_OK


def source_problems(dossier: Dossier) -> list[Problem]:
    """What an editor would ask of the sources, each at its key's line."""
    from parley.dossier.check import Locator
    from parley.dossier.sources import problems

    return problems(dossier.index, Locator())


def cmd_browse(args: argparse.Namespace) -> int:
    # Importing Textual and the app makes many objects that live as long as the process
    # and no garbage: the collector is kept off them, or its first full collection walks
    # them all while the first screen is being drawn.
    gc.disable()
    try:
        app = browser(args.dir)
    finally:
        gc.freeze()
        gc.enable()
    if app is None:
        return EXIT_USAGE
    app.run()
    return browse_exit(app)


def browser(value: str | None) -> ParleyApp | None:
    """The app ``parley [DIR]`` runs, on the folder as given (None when there is no such folder)."""
    folder = _folder_or_none(value)
    if folder is None:
        return None
    from parley.ui.app import ParleyApp  # Textual loads only when the browser opens.

    # Only the fallback is the shipped set: a folder given by name is the user's.
    return ParleyApp(folder, shipped=value is None and folder == BUNDLED)


def browse_exit(app: ParleyApp) -> int:
    """The exit status once the app has closed; if an error ended it, say where it is logged."""
    if not app.return_code:
        return EXIT_OK
    entry = app.stopped_on or log.Entry(log.log_path())
    print(f"parley: the app stopped on an error; {entry.note}", file=sys.stderr)
    return EXIT_ERRORS


@_on_folder
def cmd_schema(args: argparse.Namespace, folder: Path) -> int:
    from parley.files.atomic import WriteRefused
    from parley.files.schema import write_schemas

    try:
        paths = write_schemas(folder)
    except (OSError, WriteRefused) as error:
        print(f"parley: {error}", file=sys.stderr)
        return EXIT_ERRORS
    for path in paths:
        print(path)
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from parley.dossier.model import KIND_OF_FOLDER
    from parley.files.template import template

    name = args.kind.lower()
    kind = KIND_OF_FOLDER.get(name) or next((k for k in Kind if k.value == name), None)
    if kind is None:
        kinds = ", ".join(k.value for k in Kind)
        print(f"parley: unknown kind {args.kind!r}: use one of {kinds}", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.write(template(kind))
    return EXIT_OK


@_on_folder
def cmd_edit(args: argparse.Namespace, folder: Path) -> int:
    from parley.files.editor import NoEditor, edit_argv, field_loc, line_of, run_editor

    dossier = open_dossier(folder)
    record = dossier.index.get(args.id)
    path = dossier.index.path(args.id)
    if record is not None and path is not None:
        line = line_of(path, field_loc(record)[0])
    else:
        # A file that did not load still has its id, its name: open it at its first problem.
        path = _file_of(dossier, args.id)
        if path is None:
            where = shown(folder)
            print(f"parley: no record with id {clean(args.id)!r} in {where}", file=sys.stderr)
            return EXIT_USAGE
        line = min((p.line for p in dossier.errors if p.path == path), default=1)
    try:
        run_editor(edit_argv(path, line))
    except NoEditor as error:
        print(f"parley: {clean(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    # Read the folder again, as the app does, and say what the edit left wrong.
    after = open_dossier(folder)
    for problem in after.problems:
        if problem.path == path:
            print(problem)
    return EXIT_ERRORS if any(p.path == path for p in after.errors) else EXIT_OK


@_on_folder
def cmd_cite(args: argparse.Namespace, folder: Path) -> int:
    from parley.export.citation import CiteError
    from parley.export.cite import cite

    dossier = open_dossier(folder)
    try:
        citation = cite(dossier.index, args.id, args.format)
    except CiteError as error:
        message = clean(str(error))
        if args.id not in dossier.index and (path := _file_of(dossier, args.id)) is not None:
            message = f"{shown(path)} has errors, so it cannot be cited: see parley check"
        print(f"parley: {message}", file=sys.stderr)
        return EXIT_USAGE
    # Markdown and CSL-JSON are files: exact, escaped by their own encoders for a terminal too.
    sys.stdout.write(clean(citation) if args.format == "text" else citation)
    return EXIT_OK


def _file_of(dossier: Dossier, record_id: str) -> Path | None:
    """The record file named ``record_id``, whether or not it loaded."""
    return next((path for path in dossier.files if path.stem == record_id), None)


@_on_folder
def cmd_export(args: argparse.Namespace, folder: Path) -> int:
    from parley.export.formats import FORMATS, save
    from parley.export.scope import ScopeError
    from parley.files.atomic import WriteRefused

    dossier = open_dossier(folder)
    if dossier.errors:
        print(
            f"parley: warning: {plural(len(dossier.errors), 'error')} in {shown(folder)}; "
            f"the export leaves out what did not load (parley check {shown(folder)})",
            file=sys.stderr,
        )
    scope = export_scope(args, dossier.index)
    try:
        scope.check(dossier.index)
    except ScopeError as error:
        print(f"parley: {safe(str(error))}{_scope_hint(args, dossier.index)}", file=sys.stderr)
        return EXIT_USAGE
    text = FORMATS[args.format].export(dossier.index, scope)
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        save(text, Path(args.output), shown(args.output))
    except WriteRefused as error:
        print(f"parley: {clean(str(error))}", file=sys.stderr)
        return EXIT_ERRORS
    return EXIT_OK


def export_scope(args: argparse.Namespace, index: Index) -> Scope:
    """The part of the dossier ``--person``, ``--round`` or ``--point`` names (all by default).

    A point may be given as its heading reads (``"First round outcome"``).
    """
    from parley.export.scope import Scope

    point = args.point
    if point is not None:
        topics = {d.topic for d in index.disputes()}
        slug = "-".join(point.lower().split())
        point = slug if point not in topics and slug in topics else point
    return Scope(person=args.person, round=args.round, point=point)


def _scope_hint(args: argparse.Namespace, index: Index) -> str:
    """``; did you mean 'x'?`` for the closest id or point to the one given, if any is close."""
    if args.person is not None:
        given, known = args.person, index.ids(Kind.PERSON)
    elif args.round is not None:
        given, known = args.round, index.ids(Kind.ROUND)
    else:
        given, known = args.point or "", [d.topic for d in index.disputes()]
    close = difflib.get_close_matches(given, known, n=1, cutoff=0.6)
    return f"; did you mean {safe(repr(close[0]))}?" if close else ""


# -- import (statement suggestions) ------------------------------------------


@_on_folder
def cmd_import(args: argparse.Namespace, folder: Path) -> int:
    from parley.dossier.attribution import suggest, unknown_names
    from parley.files.atomic import WriteRefused
    from parley.files.importer import ImportRefused, import_article

    if folder.resolve() == BUNDLED.resolve():
        print(
            "parley: import writes into a dossier folder: give one (DIR); "
            "the set shipped with parley is not one to change",
            file=sys.stderr,
        )
        return EXIT_USAGE
    dossier = open_dossier(folder)
    given = {k: getattr(args, k) for k in ("title", "outlet", "published", "url", "language")}
    try:
        imported = import_article(folder, Path(args.file), set(dossier.index.records), **given)
    except (ImportRefused, WriteRefused) as error:
        print(f"parley: {one_line(str(error))}", file=sys.stderr)
        return EXIT_USAGE if isinstance(error, ImportRefused) else EXIT_ERRORS
    except ValueError as error:  # a value the record cannot hold (a title of controls only…)
        print(f"parley: cannot import: {one_line(str(error), 300)}", file=sys.stderr)
        return EXIT_USAGE
    suggestions = suggest(imported.text, dossier.index)
    names = unknown_names(imported.text, dossier.index)
    # With --suggest, standard output is the suggestions alone, one per line, for scripts.
    notes = sys.stderr if args.suggest else sys.stdout
    where = f"{Kind.ARTICLE.folder}/{imported.article_id}.toml"
    print(f"imported {imported.article_id}: {where}, archives/{imported.article_id}.md", file=notes)
    if args.suggest:
        for s in suggestions:
            print(f"{s.line}: {s.who}: {one_line(s.excerpt)}")
    else:
        print(f"{plural(len(suggestions), 'suggested statement')}:", file=notes)
        for s in suggestions:
            print(f"  {s.line}: {s.who}: {one_line(s.excerpt, 100)}", file=notes)
    print(f"{plural(len(names), 'name')} matching no known person:", file=notes)
    for name in names:
        print(f"  {name.line}: {one_line(name.text)}", file=notes)
    return EXIT_OK


def _date_arg(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def add_import_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``parley import FILE [--title T …] [--suggest] [DIR]``."""
    imp = sub.add_parser(
        "import",
        help="make an article record and its archived text from a text, Markdown or HTML file",
        description=(
            "Make articles/<id>.toml and archives/<id>.md from a text, Markdown or HTML file\n"
            "(HTML: its text, and what its <meta> tags say), then list the statements it seems\n"
            "to attribute to known people or sides, and names that match no known person.\n"
            "What is neither given nor in the file is recorded under [unknown], never guessed."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    imp.add_argument("file", metavar="FILE", help="the article: .txt, .md or .html")
    imp.add_argument("--title", metavar="T", help="the article's title (default: from the file)")
    imp.add_argument("--outlet", metavar="O", help="who published it")
    imp.add_argument("--published", metavar="YYYY-MM-DD", type=_date_arg, help="when")
    imp.add_argument("--url", metavar="U", help="where it was published")
    imp.add_argument("--language", metavar="L", help="its language (en, uk, ru…)")
    imp.add_argument(
        "--suggest",
        action="store_true",
        help="print only the suggested statements, as 'line: speaker: excerpt', one per line",
    )
    imp.add_argument("dir", nargs="?", help="dossier folder (default: ./dossiers or bundled)")
    imp.set_defaults(func=cmd_import)


# -- git: the history of a record, the changes between revisions ---------------


@_on_folder
def cmd_log(args: argparse.Namespace, folder: Path) -> int:
    from parley.dossier.model import is_valid_id
    from parley.files.git import GitError
    from parley.files.record_log import RecordLog, deleted_record
    from parley.present.record_history import change_lines, heading

    path = _record_file(folder, args.id)
    if path is None:
        dossier = open_dossier(folder)
        path = dossier.index.path(args.id) or _file_of(dossier, args.id)
    if path is None and is_valid_id(args.id):
        path = deleted_record(folder, args.id)  # a record removed since: its history stays
    if path is None:
        close = difflib.get_close_matches(args.id, list(dossier.index.records), n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]}?" if close else ""
        print(f"parley: no record with the id {clean(args.id)!r}{safe(hint)}", file=sys.stderr)
        return EXIT_USAGE
    try:
        history = RecordLog(folder, path)
        for note in history.notes:
            print(f"parley: note: {note}", file=sys.stderr)
        count = 0
        for entry in history.entries():
            count += 1
            short, date, author, subject = heading(entry)
            who, what = one_line(author), one_line(subject)
            print(f"{short}  {date}  {who}  {what}" if short else f"({what})")
            for line in change_lines(entry, values=False):
                print(f"    {safe(line)}")  # one line already: values are quoted, escaped
    except GitError as error:
        print(f"parley: {one_line(str(error))}", file=sys.stderr)
        return EXIT_ERRORS
    if not count:
        print(f"no commit changed {shown(history.name)}")
    return EXIT_OK


def _record_file(folder: Path, record_id: str) -> Path | None:
    """``<kind folder>/<id>.toml`` when it exists: found without reading the whole folder."""
    from parley.dossier.model import FOLDERS, is_valid_id

    if not is_valid_id(record_id):
        return None
    found = [folder / f / f"{record_id}.toml" for f in FOLDERS.values()]
    return next((path for path in found if path.is_file()), None)


def add_log_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``parley log ID [DIR]``."""
    log_ = sub.add_parser(
        "log",
        help="list each commit that changed a record, with the change field by field",
        description=(
            "List each git commit that changed a record's file (following renames), newest\n"
            "first: short hash, date, author, subject, and the change as values\n"
            '(text: "..." -> "...", reported_by[2] added). A commit that only reformatted\n'
            "the file says so. Changes not yet committed come first. A record since\n"
            "removed keeps its history: give its id."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    log_.add_argument("id", help="the record id (its file name)")
    log_.add_argument("dir", nargs="?", help="dossier folder (default: ./dossiers or bundled)")
    log_.set_defaults(func=cmd_log)


@_on_folder
def cmd_diff(args: argparse.Namespace, folder: Path) -> int:
    from parley.files.git import GitError
    from parley.files.revision_diff import BadRevision, compare_revisions

    try:
        comparison = compare_revisions(folder, args.revisions)
    except BadRevision as error:
        print(f"parley: {one_line(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except GitError as error:
        print(f"parley: {one_line(str(error))}", file=sys.stderr)
        return EXIT_ERRORS
    for note in comparison.notes:
        print(f"parley: note: {note}", file=sys.stderr)
    if args.format == "markdown":
        from parley.export.changes_brief import changes_markdown

        sys.stdout.write(changes_markdown(comparison, open_dossier(folder).index))
        return EXIT_OK
    from parley.present import revision_changes as shown_changes

    print(one_line(shown_changes.heading(comparison)))
    for kind, changes in shown_changes.groups(comparison):
        print(f"{shown_changes.KIND_TITLES[kind]}: {shown_changes.counts(comparison, kind)}")
        for change in changes:
            print(f"  {one_line(shown_changes.record_line(change))}")
            for line in shown_changes.detail_lines(change):
                print(f"      {one_line(line)}")
    return EXIT_OK


def add_diff_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``parley diff REV[..REV2] [--format text|markdown] [DIR]``."""
    diff = sub.add_parser(
        "diff",
        help="list the records added, removed and changed since a revision, field by field",
        description=(
            "List the records added, removed, renamed and changed between two git revisions,\n"
            "grouped by kind, with each change field by field. REV alone compares the working\n"
            "tree (files not yet committed, new ones included) with REV; REV..REV2 compares\n"
            "two commits (an empty side is HEAD), so a folder is never read as a revision."
        ),
        epilog=(
            "--format markdown writes a change brief to paste: 'Since 16 May 2025: 3 new\n"
            "statements by Vladimir Medinsky, 1 wording corrected.', then each record."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    diff.add_argument(
        "revisions", metavar="REV[..REV2]", help="a commit, tag or branch (HEAD~3, v1, main..)"
    )
    diff.add_argument("dir", nargs="?", help="dossier folder (default: ./dossiers or bundled)")
    diff.add_argument(
        "--format",
        choices=["text", "markdown"],
        default="text",
        help="text for the terminal (default), or a Markdown change brief",
    )
    diff.set_defaults(func=cmd_diff)


COMMAND_ORDER = ("check", "edit", "schema", "new", "cite", "export", "import", "log", "diff")
COMMANDS = set(COMMAND_ORDER)


def epilog() -> str:
    """Where parley keeps the details of what went wrong, for ``--help``."""
    return (
        "When something fails, parley says so in one line and keeps the details in\n"
        f"  {log.log_path()}\n"
        "Your keys ([keys]: action id = key) and theme are kept in\n"
        f"  {config_path()}\n"
        f"Snapshots that make the next start fast are kept in ({ENV}=off: none)\n"
        f"  {cache_folder() or 'nowhere'}"
    )


def build_browse_parser() -> argparse.ArgumentParser:
    """``parley [DIR]``: all that opening the browser needs (no command's imports)."""
    browse = argparse.ArgumentParser(
        prog="parley",
        usage=f"%(prog)s [-h] [DIR]\n       %(prog)s {{{','.join(COMMAND_ORDER)}}} ...",
        description=(
            "Browse a negotiation dossier. "
            "Commands: check, edit, schema, new, cite, export, import, log, diff "
            "(parley COMMAND --help)."
        ),
        epilog=epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    browse.add_argument("dir", nargs="?", help="dossier folder (default: ./dossiers or bundled)")
    browse.set_defaults(func=cmd_browse)
    return browse


def build_parser() -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    browse = build_browse_parser()
    commands = argparse.ArgumentParser(
        prog="parley", epilog=epilog(), formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = commands.add_subparsers(dest="command", required=True)
    check = sub.add_parser(
        "check",
        help="validate a dossier and list its problems",
        description=(
            "Validate a dossier and list its problems, one per line. Every excerpt is\n"
            "looked for in its article's archived text (archives/), when it has one."
        ),
        epilog=(
            "Exit status: 0 when there is no error (warnings and questions about sources\n"
            "do not count), 1 when there is one, 2 for a bad command line."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("dir", nargs="?", help="dossier folder (default: ./dossiers or bundled)")
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.add_argument(
        "--sources",
        action="store_true",
        help="also list what an editor would ask of the sources (single sources, state "
        "media, quotes not in their excerpts, undated or unnamed outlets, name spellings), "
        'as warnings; in json, under "sources"',
    )
    check.set_defaults(func=cmd_check)
    schema = sub.add_parser(
        "schema", help="write the JSON Schemas editors use into DIR/schema/ and list them"
    )
    schema.add_argument("dir", nargs="?", help="dossier folder (default: ./dossiers or bundled)")
    schema.set_defaults(func=cmd_schema)
    new = sub.add_parser("new", help="print a commented template for a new record file")
    new.add_argument("kind", help="round, person, claim or article")
    new.set_defaults(func=cmd_new)
    edit = sub.add_parser("edit", help="open a record's file in $EDITOR at its line")
    edit.add_argument("id", help="the record id (its file name)")
    edit.add_argument("dir", nargs="?", help="dossier folder (default: ./dossiers or bundled)")
    edit.set_defaults(func=cmd_edit)
    cite = sub.add_parser(
        "cite",
        help="print the citation of a statement or an article",
        description=(
            "Print the citation of a statement (who, what, when, where, and each report with "
            "its excerpt) or of an article. Markdown and CSL-JSON keep the text exact."
        ),
    )
    cite.add_argument("id", help="a statement's or an article's id (its file name)")
    cite.add_argument("dir", nargs="?", help="dossier folder (default: ./dossiers or bundled)")
    cite.add_argument("--format", choices=["text", "markdown", "csl-json"], default="text")
    cite.set_defaults(func=cmd_cite)
    add_export_parser(sub)
    add_import_parser(sub)
    add_log_parser(sub)
    add_diff_parser(sub)
    return browse, commands


def add_export_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``parley export --format F [--person ID | --round ID | --point NAME] [-o FILE] [DIR]``."""
    from parley.export.formats import FORMATS

    formats = "\n".join(f"  {name:10} {f.description}" for name, f in FORMATS.items())
    export = sub.add_parser(
        "export",
        help="write a brief or an export of a person, a round, a point, or everything",
        description="Export the whole dossier, or one person, round or contested point,\n"
        "to standard output or to a file.",
        epilog=f"formats:\n{formats}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    export.add_argument(
        "--format", required=True, choices=list(FORMATS), metavar="F", help="see formats below"
    )
    scope = export.add_mutually_exclusive_group()
    scope.add_argument("--person", metavar="ID", help="only this person's statements")
    scope.add_argument("--round", metavar="ID", help="only this round and its statements")
    scope.add_argument(
        "--point", metavar="NAME", help="only this contested point (first-round-outcome)"
    )
    export.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (replacing it), not to stdout"
    )
    export.add_argument("dir", nargs="?", help="dossier folder (default: ./dossiers or bundled)")
    export.set_defaults(func=cmd_export)


class OutputFailed(Exception):
    """Writing to standard output failed (a full disk, a closed device), not reading a file."""


class _Output:
    """Standard output that marks its own write errors, to tell them from any other OSError."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)  # encoding, fileno, isatty…: the stream's own

    def write(self, text: str) -> int:
        try:
            return self.stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as error:
            raise OutputFailed(error) from error

    def flush(self) -> None:
        try:
            self.stream.flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            raise OutputFailed(error) from error


def main(argv: Sequence[str] | None = None) -> int:
    """Run parley; whatever happens, a message and an exit status, never a traceback."""
    stdout = sys.stdout
    sys.stdout = cast(TextIO, _Output(stdout))
    try:
        code = run(argv)
        sys.stdout.flush()  # inside the try: a full disk or a closed pipe shows here
        write_pending(detach=True)  # the cache, once the answer is out, behind the command
        return code
    except BrokenPipeError:
        # The reader left (`parley check | head -1`): stop quietly, as Python's docs advise.
        _drop_output(stdout)
        return EXIT_ERRORS
    except OutputFailed as failed:
        _drop_output(stdout)
        return _fail(f"cannot write output: {log.describe(failed.__cause__ or failed)}")
    except KeyboardInterrupt:
        return _fail("interrupted", EXIT_INTERRUPTED)
    except Exception as error:
        return _fail(_unexpected(error))
    finally:
        sys.stdout = stdout


def _unexpected(error: Exception) -> str:
    """The one line for an error no command expected; its traceback goes to the log."""
    if isinstance(error, OSError) and error.filename is not None:
        entry = log.record("cannot use a file", error)
        return f"{clean(error.strerror or str(error))}: {shown(error.filename)}; {entry.note}"
    entry = log.record("internal error", error)
    return f"internal error: {log.describe(error)}; {entry.note}"


def _drop_output(stdout: TextIO) -> None:
    """Send what is still buffered for standard output nowhere, so exiting cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stdout.fileno())
    except (OSError, ValueError):  # no file descriptor (tests capture output in memory)
        pass


def _fail(message: str, code: int = EXIT_ERRORS) -> int:
    """Say ``message`` on stderr (if it still takes text) and return ``code``."""
    try:
        print(f"parley: {message}", file=sys.stderr)
        sys.stderr.flush()
    except OSError:
        pass
    return code


def _mistyped_command(argv: list[str]) -> bool:
    """``argv`` starts with no folder but a word like a command, or has more after it."""
    first = argv[0]
    if first.startswith("-") or os.path.lexists(first):  # lexists: never raises
        return False
    close = difflib.get_close_matches(first, COMMAND_ORDER, n=1, cutoff=0.6)
    return bool(close) or len(argv) > 1


def _parse(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    """``argv`` parsed, a ``[DIR]`` after an option included (``cite ID --format F DIR``).

    argparse places an id and the empty ``[DIR]`` after it in one go, and so leaves a
    folder given after an option over; that folder is the ``DIR``.
    """
    args, extra = parser.parse_known_args(argv)
    if len(extra) == 1 and not extra[0].startswith("-") and getattr(args, "dir", "") is None:
        args.dir = extra[0]
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    return args


def run(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run the command it names."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in COMMANDS:
        browse, parser = build_parser()
    else:  # the commands' parser names every export format: not built to open the browser
        parser = browse = build_browse_parser()
    if parser is browse and argv and _mistyped_command(argv):
        browse.print_usage(sys.stderr)
        close = difflib.get_close_matches(argv[0], COMMAND_ORDER, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]}?" if close else f"commands: {', '.join(COMMAND_ORDER)}"
        print(f"parley: unknown command {clean(argv[0])!r}; {hint}", file=sys.stderr)
        return EXIT_USAGE
    try:
        args = _parse(parser, argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    code: int = args.func(args)
    return code
