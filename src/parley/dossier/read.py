"""Read one record file safely into a record or its problems; find the files of a folder.

Each file is read on its own, and never trusted: only regular files up to
``MAX_FILE_BYTES`` are opened, without blocking, and every problem (syntax,
encoding, a key the model refuses) is collected, never raised.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import rtoml
from pydantic import ValidationError

from parley.dossier.compact import EMPTY_LIST, compact
from parley.dossier.conflict import SIDES, Conflicts, Side, conflict_message, find_conflicts
from parley.dossier.invalid import invalid
from parley.dossier.locate import KeyMap
from parley.dossier.model import FOLDERS, KIND_OF_FOLDER, MODELS, AnyRecord, Kind, id_problem
from parley.dossier.problems import Problem
from parley.dossier.stamp import Stamp, file_stamp

MAX_FILE_BYTES = 8 * 1024 * 1024
"""The largest record file parley reads (8 MiB); a bigger one is refused, unread.

Real records are a few kilobytes. A file this big is a mistake (a log or a dump
saved as ``.toml``) or hostile, and reading it would stall the app or exhaust
its memory.
"""

# Never block on open: a FIFO opens at once with O_NONBLOCK (and is then refused),
# and O_NOCTTY keeps a terminal device from becoming the controlling terminal.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
)

_POSITION = re.compile(r"\s*\(?at line (\d+),? column (\d+)\)?")


@dataclass(slots=True)  # one per file: no attribute table each
class ParsedFile:
    """What one file yielded on its own: a record, or the problems that stopped it."""

    path: Path
    stamp: Stamp | None  # None: there was no file to stamp
    record: AnyRecord | None
    # Shared and read-only when there are none, as for nearly every file.
    problems: list[Problem] = field(default_factory=lambda: EMPTY_LIST)
    # The last good record of a file that has since become invalid: shown, marked stale.
    stale: AnyRecord | None = None


def _sort_key(path: Path) -> str:
    # Not ``path.parts``: a Path keeps that tuple for good (100 bytes a file), while its
    # string it keeps anyway, to be opened. With NUL, which no name holds, for the
    # separator, strings compare as their parts do.
    return str(path).replace(os.sep, "\0")


# Sorting paths by their parts is what ``Path.__lt__`` does on POSIX, without
# a Python-level comparison per pair (a large folder makes millions of them).
PATH_ORDER: Callable[[Path], Any] | None = _sort_key if os.name == "posix" else None


def discover(root: Path, errors: list[OSError] | None = None) -> list[Path]:
    """Every ``.toml`` file under ``root``, skipping hidden folders, sorted.

    Only names are listed, nothing is opened, so FIFOs, sockets and broken or
    looping symlinks cannot make it hang or fail (reading them reports them).
    Folders that cannot be listed, ``root`` included, are added to ``errors``.
    """
    found: list[Path] = []
    onerror = errors.append if errors is not None else None
    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        folder = Path(dirpath)  # joining a name is cheaper than parsing a whole path
        found.extend(folder.joinpath(f) for f in filenames if f.endswith(".toml"))
    return sorted(found, key=PATH_ORDER)


def kind_of(root: Path, path: Path) -> Kind | None:
    """The record kind a file holds, from the folder it sits in."""
    base, text = str(root), str(path)  # strings a Path keeps: no ``parts`` tuple kept for good
    prefix = base if base.endswith(os.sep) else base + os.sep
    if base != "." and text.startswith(prefix):  # the usual case, without relative_to
        first, inside, _ = text[len(prefix) :].partition(os.sep)
        return KIND_OF_FOLDER.get(first) if inside else None
    try:
        first = path.relative_to(root).parts[0]
    except (ValueError, IndexError):
        return None
    return KIND_OF_FOLDER.get(first) if len(path.relative_to(root).parts) > 1 else None


class Refused(Exception):
    """A file parley will not read: not a regular file, or too big."""

    def __init__(self, message: str, stamp: tuple[int, int]) -> None:
        super().__init__(message)
        self.stamp = stamp


_FILE_TYPES = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _not_regular(path: Path, mode: int) -> str:
    what = next((name for test, name in _FILE_TYPES if test(mode)), "a special file")
    if os.path.islink(path):  # only on this rare path: no extra syscall for ordinary files
        what = f"a symbolic link to {what}"
    return f"not a regular file ({what}); parley reads only regular files"


def _too_big(size: int) -> str:
    mib = MAX_FILE_BYTES // (1024 * 1024)
    return (
        f"file is too big ({size:,} bytes); parley reads record files of at most "
        f"{mib} MiB ({MAX_FILE_BYTES:,} bytes)"
    )


def read_bytes(path: Path) -> tuple[tuple[int, int], bytes]:
    """A file's stamp and bytes: one open, an fstat and a read, no path lookups.

    The one fstat also refuses (``Refused``) anything but a regular file, and a
    file above ``MAX_FILE_BYTES``, before a byte of it is read.
    """
    fd = os.open(path, _OPEN_FLAGS)
    try:
        info = os.fstat(fd)
        size = info.st_size
        stamp = (info.st_mtime_ns, size)
        if not stat.S_ISREG(info.st_mode):
            raise Refused(_not_regular(path, info.st_mode), stamp)
        if size > MAX_FILE_BYTES:
            raise Refused(_too_big(size), stamp)
        raw = os.read(fd, size + 1)
        if len(raw) > size:  # it grew since the fstat: read on, up to the limit
            chunks, total = [raw], len(raw)
            while total <= MAX_FILE_BYTES and (chunk := os.read(fd, 1 << 16)):
                chunks.append(chunk)
                total += len(chunk)
            if total > MAX_FILE_BYTES:
                raise Refused(_too_big(total), stamp)
            raw = b"".join(chunks)
    finally:
        os.close(fd)
    return stamp, raw


def _unreadable(path: Path, error: OSError) -> str:
    """What to say about a file that could not be opened."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = 0
    if mode and not stat.S_ISREG(mode):  # a socket cannot be opened at all
        return _not_regular(path, mode)
    return f"cannot read file: {error.strerror or error}"


def parse_file(root: Path, path: Path) -> ParsedFile:
    """Parse and validate one file, collecting its problems instead of raising."""
    stamp: Stamp | None = None
    kind = kind_of(root, path)

    def fail(message: str, line: int = 1, col: int = 1, rule: str = "unreadable") -> ParsedFile:
        problem = Problem(path, line, col, "error", message, rule=rule)
        return ParsedFile(path, stamp, None, [problem])

    if kind is None:
        stamp = file_stamp(path)
        folders = ", ".join(f"{f}/" for f in FOLDERS.values())
        return fail(
            f"file is outside the record folders ({folders}); it was not loaded",
            rule="misplaced-file",
        )
    record_id = path.stem
    why = id_problem(record_id)
    if why is not None:
        stamp = file_stamp(path)
        example = ", e.g. 'serhii-kyslytsia.toml'" if why.startswith("use ") else ""
        return fail(f"file name {path.name!r} is not a valid id: {why}{example}", rule="file-name")
    try:
        stamp, raw = read_bytes(path)
    except Refused as refused:
        stamp = refused.stamp
        return fail(str(refused))
    except OSError as error:
        stamp = file_stamp(path)
        return fail(_unreadable(path, error))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        col = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return fail(
            f"file is not UTF-8 (byte 0x{raw[error.start]:02x} cannot be decoded); "
            "save it as UTF-8",
            line,
            col,
        )
    text = text.removeprefix("\ufeff")
    conflicts = find_conflicts(text)
    if conflicts:
        return ParsedFile(path, stamp, None, _conflict_problems(path, kind, conflicts))
    record, problems = parse_text(path, kind, text)
    return ParsedFile(path, stamp, record, problems)


def parse_text(path: Path, kind: Kind, text: str) -> tuple[AnyRecord | None, list[Problem]]:
    """A record of ``kind`` from the text of the file at ``path``, or the problems that stop it."""
    record_id = path.stem

    def fail(message: str, line: int, col: int, rule: str) -> tuple[None, list[Problem]]:
        return None, [Problem(path, line, col, "error", message, rule=rule)]

    try:
        data = rtoml.loads(text)
    except rtoml.TomlParsingError as error:
        return fail(*_syntax_error(str(error), text), rule="toml-syntax")
    if "id" in data:
        line, col = KeyMap(text).locate(("id",))
        message = f"remove the 'id' key: the id is the file name ({record_id!r})"
        return fail(message, line, col, rule="invalid-record")
    model = MODELS[kind]
    try:
        record = compact(model.model_validate({**data, "id": record_id}))
    except ValidationError as error:
        keys = KeyMap(text)  # one scan of the text places every problem of the file
        problems = [
            Problem(path, *keys.locate(item.loc), "error", item.message, rule="invalid-record")
            for item in invalid(error, model)
        ]
        return None, sorted(problems)
    return record, EMPTY_LIST


def _conflict_problems(path: Path, kind: Kind, conflicts: Conflicts) -> list[Problem]:
    """One error per conflict block, then each side's own problems, at the file's lines.

    Each side is parsed as the whole file it stands for, so an error outside the
    blocks (or inside one side) is still told, once, saying on which side it is.
    """
    problems = [
        Problem(path, block.start, 1, "error", conflict_message(block), rule="merge-conflict")
        for block in conflicts.blocks
    ]
    found: dict[tuple[int, int, str], tuple[Problem, list[Side]]] = {}
    for side in SIDES:
        text = conflicts.side(side)
        for problem in parse_text(path, kind, text.text)[1]:
            where = (text.file_line(problem.line), problem.col, problem.message)
            found.setdefault(where, (problem, []))[1].append(side)
    for (line, _col, message), (problem, sides) in found.items():
        which = "both sides" if len(sides) == len(SIDES) else f"the {sides[0]} side"
        told = f"{message} (on {which} of the merge conflict)"
        problems.append(replace(problem, line=line, message=told))  # its own kind (rule) kept
    return sorted(problems)


def _syntax_error(message: str, text: str) -> tuple[str, int, int]:
    first = message.strip().splitlines()[0] if message.strip() else "invalid TOML"
    match = _POSITION.search(message)
    if not match:
        deepest = KeyMap(text).deepest if first == "recursion limit" else None
        if deepest is None:
            return f"TOML syntax: {first}", 1, 1
        # The parser gives no position for a key of too many dotted parts: find it.
        parts, (line, col) = deepest
        return (
            f"TOML syntax: a key or table name nested too deeply ({parts} dotted parts)",
            line,
            col,
        )
    text = _POSITION.sub("", first).strip().rstrip(":") or "invalid TOML"
    return f"TOML syntax: {text}", int(match.group(1)), int(match.group(2))


def absolute_path(root: Path) -> Path:
    """``root`` made absolute, without resolving symlinks."""
    return Path(os.path.abspath(root))


def unread_folders(root: Path, errors: list[OSError], *, reloading: bool) -> list[Problem]:
    """An error for each folder that could not be listed, so no record goes missing silently."""
    problems: list[Problem] = []
    for error in errors:
        folder = Path(error.filename) if error.filename else root
        gone = error.errno in (errno.ENOENT, errno.ENOTDIR)
        if folder == root:
            if not gone:
                message = f"cannot read the dossier folder: {error.strerror or error}"
            elif reloading:
                message = "dossier folder is gone (moved, renamed or deleted?)"
            elif error.errno == errno.ENOTDIR:
                message = "the dossier folder is a file, not a folder"
            else:
                message = "no such dossier folder"
            if reloading:
                message += "; the records shown are from before"
        elif gone:
            continue  # removed while being walked: its files are simply gone
        else:
            message = f"cannot read folder: {error.strerror or error}; its files were not loaded"
            if reloading:
                message = message.replace("were not loaded", "are shown as last loaded")
        problems.append(Problem(folder, 1, 1, "error", message, rule="unreadable"))
    return problems
