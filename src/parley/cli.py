"""The ``parley`` command: open the browser, or check a dossier."""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import functools
import gc
import os
import shlex
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeAlias, cast

from parley.dossier.index import Index
from parley.dossier.load import Dossier
from parley.dossier.model import FOLDERS, Kind
from parley.dossier.root import find_root, is_dossier
from parley.dossier.text import clean, one_line, plural, safe
from parley.files import log
from parley.files.cache import (
    ENV,
    Report,
    cache_folder,
    open_dossier,
    write_pending,
)
from parley.files.config import config_path
from parley.files.scaffold import READ_ONLY, inside

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
        missing = not os.path.lexists(folder)
        print(f"parley: {'no such folder' if missing else 'not a folder'}: {shown(folder)}",
              file=sys.stderr)  # fmt: skip
        return None
    if not is_dossier(folder):
        print(f"parley: {not_a_dossier(folder)}", file=sys.stderr)
        return None
    return folder


def not_a_dossier(folder: Path) -> str:
    """Why ``folder`` is no dossier, and the command that would make one (or open it)."""
    holds = ", ".join(f"{name}/" for name in FOLDERS.values())
    root = find_root(folder)
    if root is not None:
        hint = f"it is inside one: parley {shlex.quote(str(root))}"
    else:
        try:
            empty = not any(folder.iterdir())
        except OSError:  # not readable: a folder beside it, then
            empty = False
        new = folder if empty else folder / "dossiers"
        hint = f"to start one {'there' if empty else 'in it'}: parley init {shlex.quote(str(new))}"
    return f"{shown(folder)} is not a dossier: it holds none of {holds}; {safe(hint)}"


def is_example(path: Path) -> bool:
    """Whether ``path`` is the example shipped with parley or inside it, however reached.

    In a source checkout ``bundled`` is a link to the repository's own ``dossiers/``, the
    project's data, kept in git and edited in place: there only the package's name for it
    (the fall-back when there is no ./dossiers, or a path through ``bundled``) is the example.
    """
    if not BUNDLED.is_symlink():
        return inside(path, BUNDLED)
    here, example = Path(os.path.abspath(path)), Path(os.path.abspath(BUNDLED))
    return here == example or example in here.parents


def _writes(command: FolderCommand) -> FolderCommand:
    """``command``, which writes into the folder: refused on the shipped example."""

    @functools.wraps(command)
    def run(args: argparse.Namespace, folder: Path) -> int:
        if is_example(folder):
            print(f"parley: {args.command} writes into {shown(folder)}, and {READ_ONLY}",
                  file=sys.stderr)  # fmt: skip
            return EXIT_USAGE
        return command(args, folder)

    return run


def _on_folder(command: FolderCommand) -> Command:
    """``command`` run on the folder its ``dir`` argument names; a usage error without one."""

    @functools.wraps(command)
    def run(args: argparse.Namespace) -> int:
        folder = _folder_or_none(args.dir)
        return EXIT_USAGE if folder is None else command(args, folder)

    return run


CHECK_FORMATS = ("text", "json", "github", "sarif")


def cmd_check(args: argparse.Namespace) -> int:
    from parley.export import check_github, check_json, check_sarif, check_text
    from parley.export.check_report import (
        Checked,
        NotInDossier,
        check,
        default_paths,
        targets,
    )

    try:
        found = targets(args.paths or default_paths())
    except NotInDossier as error:
        print(f"parley: {error.said.replace('{path}', shown(error.path))}", file=sys.stderr)
        return EXIT_USAGE
    checked = [check(target, sources=args.sources) for target in found]
    encode: Callable[[list[Checked]], str] = {
        "text": check_text.text,
        "json": check_json.report,
        "github": check_github.workflow_commands,
        "sarif": check_sarif.sarif,
    }[args.format]
    sys.stdout.write(encode(checked))
    # The questions are warnings: only errors make the check fail.
    return EXIT_ERRORS if any(one.errors for one in checked) else EXIT_OK


def cmd_browse(args: argparse.Namespace) -> int:
    if _folder_or_none(args.dir) is None:
        return EXIT_USAGE
    # Without a terminal the app would draw into a file or wait on a pipe until killed:
    # refuse at once, before Textual loads.
    away = not_a_terminal()
    if away is not None:
        where = f" {shown(shlex.quote(args.dir))}" if args.dir else ""
        print(
            f"parley: the browser needs a terminal, and {away} is not one; "
            f"to check a dossier from a script, run: parley check{where}",
            file=sys.stderr,
        )
        return EXIT_USAGE
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


def not_a_terminal() -> str | None:
    """``standard input`` or ``standard output`` when that one is not a terminal, else None."""
    for name, stream in (("standard input", sys.stdin), ("standard output", sys.stdout)):
        try:
            if stream is None or not stream.isatty():
                return name
        except (OSError, ValueError):  # closed
            return name
    return None


def browser(value: str | None) -> ParleyApp | None:
    """The app ``parley [DIR]`` runs, on the folder as given (None when there is no such folder)."""
    folder = _folder_or_none(value)
    if folder is None:
        return None
    from parley.ui.app import ParleyApp  # Textual loads only when the browser opens.

    # However it is reached, the example inside the package is browsed, never written.
    return ParleyApp(folder, shipped=is_example(folder))


def browse_exit(app: ParleyApp) -> int:
    """The exit status once the app has closed; if an error ended it, say where it is logged."""
    if not app.return_code:
        return EXIT_OK
    entry = app.stopped_on or log.Entry(log.log_path())
    print(f"parley: the app stopped on an error; {entry.note}", file=sys.stderr)
    return EXIT_ERRORS


@_on_folder
@_writes
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
@_writes
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

    if args.output is not None and is_example(Path(args.output)):
        print(f"parley: cannot write {shown(args.output)}: {READ_ONLY}", file=sys.stderr)
        return EXIT_USAGE
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
@_writes
def cmd_import(args: argparse.Namespace, folder: Path) -> int:
    from parley.dossier.attribution import suggest, unknown_names
    from parley.files.atomic import WriteRefused
    from parley.files.importer import ImportRefused, import_article

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
    imp.add_argument("dir", nargs="?", help=DIR_HELP)
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
    log_.add_argument("dir", nargs="?", help=DIR_HELP)
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
    diff.add_argument("dir", nargs="?", help=DIR_HELP)
    diff.add_argument(
        "--format",
        choices=["text", "markdown"],
        default="text",
        help="text for the terminal (default), or a Markdown change brief",
    )
    diff.set_defaults(func=cmd_diff)


# -- init (a dossier of your own) -------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    from parley.files.atomic import WriteRefused
    from parley.files.scaffold import InitRefused, describe, init

    where = shown(args.dir)
    try:
        made = init(Path(args.dir), BUNDLED, example=args.example)
    except InitRefused as error:
        print(f"parley: cannot make a dossier in {where}: {safe(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except (OSError, WriteRefused) as error:
        reason = clean(getattr(error, "strerror", None) or str(error))
        print(f"parley: cannot make a dossier in {where}: {reason}; nothing was left of it",
              file=sys.stderr)  # fmt: skip
        return EXIT_ERRORS
    what = "a copy of the example that comes with parley" if args.example else "a new dossier"
    print(f"made {what} in {where}:")
    for name, about in describe(made):
        print(f"  {safe(name):<12}{about}")
    folder = safe(shlex.quote(args.dir))
    print("next:")
    print(f"  parley {folder}".ljust(30) + "open it in the app: n adds a record, ? lists every key")
    print("  parley new claim".ljust(30) + "print a commented template for a record file")
    return EXIT_OK


def add_init_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``parley init [--example] [DIR]``."""
    init = sub.add_parser(
        "init",
        help="make a new dossier to fill in, or a copy of the example to edit",
        description=(
            "Make a new dossier in DIR: the four record folders, the JSON Schemas editors\n"
            "use, a short README.md, a .gitignore and the .parley marker. With --example,\n"
            "a copy of the example that comes with parley, to edit. DIR must be new or\n"
            "empty. DIR defaults to ./dossiers, which is what `parley` opens when given no\n"
            "folder: `parley init` then `parley` opens what was just made."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    init.add_argument(
        "--example",
        action="store_true",
        help="copy the example that comes with parley (the Istanbul 2025 talks), to edit",
    )
    init.add_argument(
        "dir",
        nargs="?",
        default="dossiers",
        metavar="DIR",
        help="the folder to make, new or empty (default: ./dossiers)",
    )
    init.set_defaults(func=cmd_init)


COMMAND_ORDER = (
    "init", "check", "schema", "new", "edit", "cite", "export", "import", "log", "diff", "help",
    "completion",
)  # fmt: skip
"""Each subcommand of ``build_parser``, in its order: a test keeps the two the same.

This list alone decides, before any parser is built, whether ``argv`` names a command
(building the commands' parser imports what ``parley [DIR]`` has no need of).
"""
COMMANDS = set(COMMAND_ORDER)
DIR_HELP = "dossier folder (default: ./dossiers, else the read-only example)"

EXIT_STATUS: dict[str, tuple[str, str]] = {
    "": (
        "the browser was closed, or the command did what it says",
        "the app stopped on an error (the message names the log), or a file could\n"
        "       not be read or written; parley COMMAND --help says more",
    ),
    "check": (
        "no error (warnings and questions about sources do not count)",
        "the dossier has at least one error",
    ),
    "edit": ("the file has no error after the edit", "the file still has an error"),
    "log": ("done", "git could not answer: no repository, no git, or too slow"),
    "diff": ("done", "git could not answer: no repository, no git, or too slow"),
}
"""What exit status 0 and 1 mean, by command (``""``: parley itself)."""
DONE = ("done", "a file could not be read or written")
USAGE_ERROR = "a bad command line: unknown command or option, no such folder or record"

EXAMPLES: dict[str, tuple[tuple[str, str], ...]] = {
    "": (
        ("parley", "browse ./dossiers (else the example shipped)"),
        ("parley check dossiers", "list a dossier's problems, one per line"),
        ("parley help cite", "one command's help (as parley cite --help)"),
    ),
    "check": (
        ("parley check dossiers", "path:line:col: error|warning: message"),
        ("parley check claims/x.toml", "the dossier x is in, its problems first"),
        ("parley check --format github", "annotations on a pull request's lines"),
    ),
    "edit": (
        ("parley edit serhii-kyslytsia", "open its file in $EDITOR, at its line"),
        ("EDITOR=nano parley edit some-claim", "with another editor"),
    ),
    "schema": (("parley schema dossiers", "write dossiers/schema/*.json, list them"),),
    "new": (
        ("parley new claim", "print a claim's template"),
        ("parley new person > dossiers/people/jane-doe.toml", "start a person's file"),
    ),
    "cite": (
        ("parley cite some-claim", "the citation as text"),
        ("parley cite some-claim --format markdown dossiers", "as Markdown, to paste"),
        ("parley cite some-article --format csl-json", "for Zotero or pandoc"),
    ),
    "export": (
        ("parley export --format markdown", "the whole dossier as a brief"),
        ("parley export --format json --person jane-doe", "one person's statements"),
        ("parley export --format markdown -o brief.md", "to a file"),
    ),
    "import": (
        ("parley import a.html dossiers", "an article, and the statements it quotes"),
        ("parley import a.txt --suggest", "only the suggested statements"),
    ),
    "log": (
        ("parley log serhii-kyslytsia", "each commit that changed it, by field"),
        ("parley log serhii-kyslytsia dossiers", "the same, in ./dossiers"),
    ),
    "diff": (
        ("parley diff HEAD~3", "what changed since, working tree included"),
        ("parley diff v1..v2 dossiers", "between two revisions"),
        ("parley diff main --format markdown", "a change brief to paste"),
    ),
    "init": (
        ("parley init", "a new dossier in ./dossiers, which parley opens"),
        ("parley init ~/talks", "a new dossier in ~/talks"),
        ("parley init --example copy", "a copy of the example, to edit"),
    ),
    "help": (
        ("parley help", "parley's help (as parley --help)"),
        ("parley help export", "export's help (as parley export --help)"),
    ),
    "completion": (
        ("parley completion bash > ~/.local/share/bash-completion/completions/parley", ""),
        ("parley completion zsh > ~/.zfunc/_parley", "with fpath+=(~/.zfunc) in .zshrc"),
        ("parley completion fish > ~/.config/fish/completions/parley.fish", ""),
    ),
}
"""Two or three command lines for each command's --help, each with what it does."""


def places() -> list[tuple[str, str, Path | None]]:
    """Where parley keeps things of its own (platformdirs: XDG on Linux): what, why, path."""
    return [
        (
            "When something fails, parley says so in one line and keeps the details in",
            "the details of anything that went wrong ($XDG_STATE_HOME)",
            log.log_path(),
        ),
        (
            "Your keys ([keys]: action id = key) and theme are kept in",
            "your keys ([keys]: action id = key) and theme ($XDG_CONFIG_HOME)",
            config_path(),
        ),
        (
            f"Snapshots that make the next start fast are kept in ({ENV}=off: none)",
            f"snapshots that make the next start fast ($XDG_CACHE_HOME; {ENV}=off: none)",
            cache_folder(),
        ),
    ]


ENVIRONMENT: tuple[tuple[str, str], ...] = (
    ("VISUAL, EDITOR", "the editor e and parley edit open (else nano, else vi)"),
    ("TEXTUAL_THEME", "a theme for this run, over the one saved in config.toml"),
    ("NO_COLOR", "no colours: sides are written out beside each name"),
    ("PARLEY_CACHE", "off: no snapshots; a folder: keep them there"),
)
"""The variables parley reads, for ``parley --help`` and the man page."""


def environment_section() -> str:
    """The variables, for ``parley --help``."""
    return "\n".join(["environment:", *(f"  {name:16}{what}" for name, what in ENVIRONMENT)])


def files_section() -> str:
    """The places, for ``parley --help``."""
    lines = [f"{said}\n  {path or 'nowhere'}" for said, _, path in places()]
    return "\n".join(["files:", *lines])


def epilog(command: str = "") -> str:
    """The end of a ``--help``: exit status, examples, and (for parley's own) the files."""
    ok, failed = EXIT_STATUS.get(command, DONE)
    examples = EXAMPLES.get(command, ())
    width = max((len(line) for line, what in examples if what), default=0) + 2
    text = "\n".join(
        [
            "exit status:",
            f"  0    {ok}",
            f"  1    {failed}",
            f"  2    {USAGE_ERROR}"
            + ("\n       or no terminal for the browser" if not command else ""),
            "  130  interrupted (ctrl+c)",
            "",
            "examples:",
            *(f"  {line:{width}}{what}".rstrip() for line, what in examples),
        ]
    )
    return f"{text}\n\n{files_section()}\n\n{environment_section()}" if not command else text


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Prose is wrapped to the terminal; a paragraph with indented lines (a table) is kept."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=30)

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)
        if isinstance(action, argparse._SubParsersAction):
            # argparse measures the command names without their indent, then wraps the
            # longest ("completion") under itself.
            longest = max(map(len, action.choices), default=0)
            needed = longest + self._current_indent + self._indent_increment
            self._action_max_length = max(self._action_max_length, needed)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        import textwrap

        paragraphs = []
        for paragraph in text.split("\n\n"):
            lines = paragraph.splitlines()
            if any(line[:1].isspace() for line in lines):
                paragraphs.append("\n".join(indent + line for line in lines))
            else:
                paragraphs.append(textwrap.fill(" ".join(lines), width, initial_indent=indent))
        return "\n\n".join(paragraphs)


class _Version(argparse.Action):
    """``--version``: the installed distribution's version, read only when asked."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        kwargs.setdefault("help", "show parley's version and exit")
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_args: Any, **_kwargs: Any) -> None:
        print(f"parley {version()}")
        parser.exit()


class _FullHelp(argparse.Action):
    """``parley --help``: the help of every command, which the browser's parser has not."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        kwargs.setdefault("help", "show this help and exit (parley help COMMAND: a command's)")
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_args: Any, **_kwargs: Any) -> None:
        build_parser()[1].print_help()
        parser.exit()


def version() -> str:
    """The version of the installed ``parley-dossiers``, else the source tree's."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("parley-dossiers")
    except PackageNotFoundError:  # run from a source tree that was never installed
        from parley import __version__

        return __version__


USAGE = (
    "%(prog)s [-h] [--version] [DIR]\n"
    "       %(prog)s {commands} ...\n"
    "       %(prog)s COMMAND --help"
)
DESCRIPTION = (
    "Browse a negotiation dossier (a folder of TOML files) in the terminal, or work on it\n"
    "from the shell. With no command, parley opens the browser on DIR (default: ./dossiers\n"
    "when there is one, else the example shipped with parley); the browser needs a terminal."
)


def build_browse_parser() -> argparse.ArgumentParser:
    """``parley [DIR]``: all that opening the browser needs (no command's imports)."""
    browse = argparse.ArgumentParser(
        prog="parley",
        usage=USAGE.format(commands="{" + ",".join(COMMAND_ORDER) + "}"),
        description=DESCRIPTION,
        add_help=False,
        formatter_class=HelpFormatter,
    )
    browse.add_argument("-h", "--help", action=_FullHelp)
    browse.add_argument("--version", action=_Version)
    browse.add_argument("dir", nargs="?", metavar="DIR", help=DIR_HELP)
    browse.set_defaults(func=cmd_browse)
    return browse


def build_parser() -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    """The browser's parser, and the one of every command (whose help is ``parley --help``).

    A new command is one block here, its name in ``COMMAND_ORDER`` and a row of
    ``EXAMPLES``: its usage, ``parley help``, shell completion and the man page follow.
    """
    browse = build_browse_parser()
    commands = argparse.ArgumentParser(
        prog="parley",
        description=DESCRIPTION,
        epilog=epilog(),
        add_help=False,
        formatter_class=HelpFormatter,
    )
    commands.add_argument("-h", "--help", action="help", help=_FullHelp(["-h"], "help").help)
    commands.add_argument("--version", action=_Version)
    sub = commands.add_subparsers(
        dest="command", required=True, title="commands", metavar="COMMAND"
    )
    add_init_parser(sub)
    check = sub.add_parser(
        "check",
        help="validate a dossier and list its problems",
        description=(
            "Validate a dossier and list its problems, one per line. Every excerpt is\n"
            "looked for in its article's archived text (archives/), when it has one.\n"
            "Each PATH is a dossier folder or a file or folder inside one: the dossier\n"
            "it is in is checked (once, however many of its files are named), and the\n"
            "problems of the named files come first. With no PATH: ./dossiers, else the\n"
            "dossier the current folder is in."
        ),
        epilog=(
            "Formats: text (paths as given), json (for scripts; fields in the README),\n"
            "github (workflow commands that annotate a pull request), sarif (SARIF 2.1.0\n"
            "for code scanning); github and sarif give paths from the repository root."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="a dossier folder, or a file or folder inside one (default: ./dossiers, "
        "else the dossier the current folder is in)",
    )
    check.add_argument(
        "--format",
        choices=CHECK_FORMATS,
        default="text",
        help="text (default), json, github (workflow commands) or sarif (SARIF 2.1.0)",
    )
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
    schema.add_argument("dir", nargs="?", help=DIR_HELP)
    schema.set_defaults(func=cmd_schema)
    new = sub.add_parser("new", help="print a commented template for a new record file")
    new.add_argument("kind", help="round, person, claim or article")
    new.set_defaults(func=cmd_new)
    edit = sub.add_parser("edit", help="open a record's file in $EDITOR at its line")
    edit.add_argument("id", help="the record id (its file name)")
    edit.add_argument("dir", nargs="?", help=DIR_HELP)
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
    cite.add_argument("dir", nargs="?", help=DIR_HELP)
    cite.add_argument(
        "--format",
        choices=["text", "markdown", "csl-json"],
        default="text",
        help="text (default), Markdown to paste, or CSL-JSON for reference managers",
    )
    cite.set_defaults(func=cmd_cite)
    add_export_parser(sub)
    add_import_parser(sub)
    add_log_parser(sub)
    add_diff_parser(sub)
    add_shell_parsers(sub)
    _finish(commands, sub)
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
    export.add_argument("dir", nargs="?", help=DIR_HELP)
    export.set_defaults(func=cmd_export)


# -- the shell: help, completion, the man page ---------------------------------

SHELLS = ("bash", "zsh", "fish")
SubParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def add_shell_parsers(sub: SubParsers) -> None:
    """``parley help [COMMAND]`` and ``parley completion SHELL``."""
    help_ = sub.add_parser(
        "help",
        help="show parley's help, or a command's",
        description="Show parley's help, or a command's (the same as --help).",
    )
    help_.add_argument("topic", nargs="?", metavar="COMMAND", help="the command to explain")
    help_.set_defaults(func=cmd_help)
    completion = sub.add_parser(
        "completion",
        help="print the shell completion script for bash, zsh or fish",
        description=(
            "Print the script that completes parley's commands, options, record ids and\n"
            "folders in SHELL. Save it where the shell looks (see the examples) and open a\n"
            "new shell."
        ),
    )
    completion.add_argument("shell", metavar="SHELL", choices=SHELLS, help="bash, zsh or fish")
    completion.set_defaults(func=cmd_completion)


def _finish(commands: argparse.ArgumentParser, sub: SubParsers) -> None:
    """What every command shares: the usage line, ``DIR`` and ``ID``, exit status, examples."""
    commands.usage = USAGE.format(commands="{" + ",".join(sub.choices) + "}")
    for name, parser in sub.choices.items():
        parser.formatter_class = HelpFormatter
        parser.epilog = "\n\n".join(filter(None, [parser.epilog, epilog(name)]))
        for action in parser._actions:
            if action.dest in ("dir", "id") and not action.option_strings:
                action.metavar = action.dest.upper()


def _subparsers(commands: argparse.ArgumentParser) -> SubParsers:
    """The action of ``commands`` that holds the commands."""
    return next(a for a in commands._actions if isinstance(a, argparse._SubParsersAction))


def subcommands(commands: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """Each command's parser by name, as ``build_parser`` made them."""
    return dict(_subparsers(commands).choices)


def cmd_help(args: argparse.Namespace) -> int:
    _, commands = build_parser()
    parsers = subcommands(commands)
    if args.topic is None:
        commands.print_help()
        return EXIT_OK
    parser = parsers.get(args.topic)
    if parser is None:
        close = difflib.get_close_matches(args.topic, list(parsers), n=1, cutoff=0.6)
        hint = f"did you mean {close[0]}?" if close else f"commands: {', '.join(parsers)}"
        print(f"parley: no command {clean(args.topic)!r}; {hint}", file=sys.stderr)
        return EXIT_USAGE
    parser.print_help()
    return EXIT_OK


def cmd_completion(args: argparse.Namespace) -> int:
    _, commands = build_parser()
    sys.stdout.write(completion_script(commands, args.shell))
    return EXIT_OK


# Which records an ID argument takes, by command: the record folders to list.
ID_FOLDERS = {"cite": "claims,articles"}


def completion_script(commands: argparse.ArgumentParser, shell: str) -> str:
    """``shell``'s completion script, generated from the parser by shtab.

    Commands, options and choices are in the script itself; record ids are listed on
    each tab from file names (``parley.files.record_ids``, which loads nothing else).
    """
    import shtab

    python = shlex.quote(sys.executable)
    for choice in _subparsers(commands)._choices_actions:
        # A command's one-line help, not the first line of its description, beside its name.
        subcommands(commands)[choice.dest].description = choice.help
    for name, parser in subcommands(commands).items():
        for action in parser._actions:
            # By the argument's name, so a new command's DIR, ID or FILE completes too.
            if not action.option_strings and action.dest == "dir":
                complete = shtab.DIRECTORY
            elif not action.option_strings and action.dest == "id":
                complete = _ids_completer(ID_FOLDERS.get(name, "all"), python)
            elif action.metavar in ("FILE", "PATH") or action.dest in ("file", "path", "paths"):
                complete = shtab.FILE
            else:
                complete = None
            if complete is not None:
                vars(action)["complete"] = complete  # read by shtab
    script = shtab.complete(commands, shell)
    # ``parley DIR`` opens the browser: folders complete beside the commands.
    if shell == "zsh":
        return script.replace(ZSH_COMMANDS, f"{ZSH_COMMANDS}\n  _files -/")
    return script + TOP_FOLDERS[shell]


ZSH_COMMANDS = "_describe 'parley commands' _commands"
TOP_FOLDERS = {
    "bash": "\n_shtab_parley_pos_0_COMPGEN=_shtab_compgen_dirs\n",
    "fish": (
        "complete -c parley -n '_shtab_parley_using; and test $_shtab_parley_npos -eq 0'"
        " -ka '(__fish_complete_directories)' -d 'dossier folder'\n"
    ),
}


def _ids_completer(folders: str, python: str) -> dict[str, Any]:
    """A shtab completer offering the ids of records in ``folders`` (``all``, or a list)."""
    name = "_parley_ids_" + folders.replace(",", "_")
    lister = f"{python} -m parley.files.record_ids {folders}"
    return {
        "bash": name,
        "zsh": name,
        "fish": f"({name})",
        "preamble": {
            "bash": f'{name}() {{\n  {lister} "$1" "${{COMP_WORDS[@]}}" 2>/dev/null\n}}\n',
            "zsh": (
                f"{name}() {{\n  local -a ids\n"
                f'  ids=(${{(f)"$({lister} "$PREFIX" "${{words[@]}}" 2>/dev/null)"}})\n'
                "  compadd -a ids\n}\n"
            ),
            "fish": (
                f"function {name}\n"
                f"  {lister} (commandline -ct) (commandline -opc) 2>/dev/null\nend\n"
            ),
        },
    }


# -- the man page ------------------------------------------------------------------

MAN_PAGE = Path("man") / "parley.1"
"""Where ``make man`` writes the page, in the source tree; it is shipped as share/man/man1."""
_PLATFORM_DIRS = ("XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", ENV)


def man_page() -> str:
    """parley(1), generated from the parser by argparse-manpage, with parley's own sections.

    The paths are the platform's defaults under ``~`` (not this user's), so the page is the
    same wherever it is made.
    """
    from argparse_manpage.manpage import Manpage

    saved = {name: os.environ.get(name) for name in _PLATFORM_DIRS}
    try:
        for name in _PLATFORM_DIRS:
            os.environ.pop(name, None)
        _, commands = build_parser()
        home = str(Path.home())
        files = [(str(path).replace(home, "~", 1), what) for _, what, path in places()]
    finally:
        for name, value in saved.items():
            if value is not None:
                os.environ[name] = value
    commands.epilog = None
    sections = {
        "synopsis": (
            ".B parley\n[\\-h] [\\-\\-version] [DIR]\n.br\n"
            ".B parley\nCOMMAND [OPTIONS] [ARGUMENTS] [DIR]\n.br\n"
            ".B parley help\n[COMMAND]"
        ),
        "exit status": _man_exit_status(),
        "examples": _man_examples(subcommands(commands)),
        "files": _man_list(files),
        "environment": _man_list(ENVIRONMENT),
        "see also": "Each command's own help: \\fBparley help\\fR \\fICOMMAND\\fR.",
    }
    vars(commands)["_manpage"] = [{"heading": h, "content": c} for h, c in sections.items()]
    data = {
        "project_name": "parley",
        "version": version(),
        "manual_title": "parley manual",
        "description": "browse and keep negotiation dossiers kept as TOML files",
    }
    return str(Manpage(commands, _data=data))


def _roff(text: str) -> str:
    """``text`` as roff shows it: backslashes and hyphens escaped, no line read as a request."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\n".join(f"\\&{line}" if line[:1] in (".", "'") else line for line in text.split("\n"))


def _man_list(items: Sequence[tuple[str, str]]) -> str:
    """A roff list: each term in bold, its text under it."""
    return "\n".join(f".TP\n\\fB{_roff(term)}\\fR\n{_roff(what)}" for term, what in items)


def _man_exit_status() -> str:
    ok, failed = EXIT_STATUS[""]
    rows = [
        ("0", ok),
        ("1", " ".join(failed.split())),
        ("2", f"{USAGE_ERROR}, or no terminal for the browser"),
        ("130", "interrupted (ctrl+c)"),
    ]
    return _man_list(rows)


def _man_examples(parsers: dict[str, argparse.ArgumentParser]) -> str:
    rows = [*EXAMPLES[""]]
    for name in parsers:
        seen = {line for line, _ in rows}
        rows += [(line, what) for line, what in EXAMPLES.get(name, ()) if line not in seen]
    return _man_list(rows)


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
    elif isinstance(getattr(args, "paths", None), list) and not any(
        e.startswith("-") for e in extra
    ):  # ``check A --format F B``: B is a PATH too
        args.paths.extend(extra)
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
