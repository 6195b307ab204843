"""The ``parley`` command: open the browser, or check a dossier."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from .load import Dossier, load
from .model import Kind
from .text import safe, safe_json

BUNDLED = Path(__file__).parent / "bundled"
EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def default_folder() -> Path:
    """``./dossiers`` when it exists, else the Istanbul 2025 set shipped with parley."""
    local = Path("dossiers")
    return local if local.is_dir() else BUNDLED


def summary(dossier: Dossier) -> str:
    """One line: how many records of each kind, errors and warnings."""
    counts = dossier.index.counts()
    records = ", ".join(plural(counts[kind], kind.value) for kind in Kind)
    errors = plural(len(dossier.errors), "error")
    return f"{records}; {errors}, {plural(len(dossier.warnings), 'warning')}"


def plural(count: int, noun: str) -> str:
    """``3 claims``, ``1 person``, ``2 people``."""
    if count == 1:
        return f"1 {noun}"
    return f"{count} {'people' if noun == 'person' else noun + 's'}"


def _folder_or_none(value: str | None) -> Path | None:
    folder = Path(value) if value else default_folder()
    if not folder.is_dir():
        print(f"parley: no such folder: {safe(str(folder))}", file=sys.stderr)
        return None
    return folder


def cmd_check(args: argparse.Namespace) -> int:
    folder = _folder_or_none(args.dir)
    if folder is None:
        return EXIT_USAGE
    dossier = load(folder)
    if args.format == "json":
        counts = {kind.value: n for kind, n in dossier.index.counts().items()}
        report = {
            "folder": str(folder),
            "counts": counts,
            "errors": len(dossier.errors),
            "warnings": len(dossier.warnings),
            "problems": [p.to_json() for p in dossier.problems],
        }
        print(safe_json(json.dumps(report, indent=2, ensure_ascii=False)))
    else:
        for problem in dossier.problems:
            print(problem)
        print(summary(dossier))
    return EXIT_ERRORS if dossier.errors else EXIT_OK


def cmd_browse(args: argparse.Namespace) -> int:
    folder = _folder_or_none(args.dir)
    if folder is None:
        return EXIT_USAGE
    from .app import ParleyApp  # Textual loads only when the browser opens.

    ParleyApp(folder).run()
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    folder = _folder_or_none(args.dir)
    if folder is None:
        return EXIT_USAGE
    from .schema import write_schemas
    from .write import WriteRefused

    try:
        paths = write_schemas(folder)
    except (OSError, WriteRefused) as error:
        print(f"parley: {error}", file=sys.stderr)
        return EXIT_ERRORS
    for path in paths:
        print(path)
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from .model import KIND_OF_FOLDER
    from .template import template

    name = args.kind.lower()
    kind = KIND_OF_FOLDER.get(name) or next((k for k in Kind if k.value == name), None)
    if kind is None:
        kinds = ", ".join(k.value for k in Kind)
        print(f"parley: unknown kind {args.kind!r}: use one of {kinds}", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.write(template(kind))
    return EXIT_OK


def cmd_edit(args: argparse.Namespace) -> int:
    from .editor import NoEditor, edit_argv, field_loc, line_of

    folder = _folder_or_none(args.dir)
    if folder is None:
        return EXIT_USAGE
    dossier = load(folder)
    record = dossier.index.get(args.id)
    path = dossier.index.path(args.id)
    if record is None or path is None:
        print(f"parley: no record with id {args.id!r} in {folder}", file=sys.stderr)
        return EXIT_USAGE
    try:
        argv = edit_argv(path, line_of(path, field_loc(record)[0]))
    except NoEditor as error:
        print(f"parley: {error}", file=sys.stderr)
        return EXIT_USAGE
    subprocess.run(argv, check=False)
    # Read the folder again, as the app does, and say what the edit left wrong.
    after = load(folder)
    for problem in after.problems:
        if problem.path == path:
            print(problem)
    return EXIT_ERRORS if any(p.path == path for p in after.errors) else EXIT_OK


COMMANDS = {"check", "schema", "new", "edit"}


def build_parser() -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    browse = argparse.ArgumentParser(
        prog="parley",
        description=(
            "Browse a negotiation dossier. "
            "Commands: check, edit, schema, new (parley COMMAND --help)."
        ),
    )
    browse.add_argument("dir", nargs="?", help="dossier folder (default: ./dossiers or bundled)")
    commands = argparse.ArgumentParser(prog="parley")
    sub = commands.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate a dossier and list its problems")
    check.add_argument("dir", nargs="?", help="dossier folder (default: ./dossiers or bundled)")
    check.add_argument("--format", choices=["text", "json"], default="text")
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
    browse.set_defaults(func=cmd_browse)
    return browse, commands


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    browse, commands = build_parser()
    parser = commands if argv and argv[0] in COMMANDS else browse
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    code: int = args.func(args)
    return code
