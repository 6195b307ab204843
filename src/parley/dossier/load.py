"""Read a dossier folder into records and problems.

One bad file never stops the rest: every file is parsed and validated on its
own (``parse_file``), then the valid records are checked against each other
(``assemble``: duplicate ids, references, warnings) and indexed. Reloading
after a change parses only the files that changed.
"""

from __future__ import annotations

import datetime as dt
import errno
import gc
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import rtoml
from pydantic import BaseModel, ValidationError
from rapidfuzz import fuzz, process

from parley.dossier.index import Index, structure
from parley.dossier.locate import KeyMap, Loc
from parley.dossier.model import (
    FOLDERS,
    KIND_OF_FOLDER,
    MODELS,
    AnyRecord,
    Article,
    Claim,
    Delegation,
    KeyProblem,
    Kind,
    Person,
    Report,
    Role,
    Round,
    id_problem,
)
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

# The model that describes the table a key path leads into, to suggest keys.
_SUBMODELS: dict[str, type[BaseModel]] = {
    "roles": Role,
    "delegations": Delegation,
    "reported_by": Report,
}


@dataclass
class ParsedFile:
    """What one file yielded on its own: a record, or the problems that stopped it."""

    path: Path
    stamp: Stamp | None  # None: no file could be seen
    record: AnyRecord | None
    problems: list[Problem] = field(default_factory=list)
    # The last good record of a file that has since become invalid: shown, marked stale.
    stale: AnyRecord | None = None


@dataclass
class Dossier:
    """Everything loaded from a folder.

    ``root`` is the folder as the user gave it, and every path (``files``, the
    problems) is ``root`` joined with the rest, so messages name files the way
    the user does. ``absolute`` is ``root`` made absolute once, at load, to
    recognise the absolute paths a file watcher reports.
    """

    root: Path
    files: dict[Path, ParsedFile]
    index: Index
    problems: list[Problem]
    stale: frozenset[str] = frozenset()
    # Folders that could not be read; kept by reloads that do not walk the folder again.
    folder_problems: tuple[Problem, ...] = ()
    absolute: Path = field(kw_only=True)

    def problems_of(self, record_id: str) -> list[Problem]:
        """The problems in a record's own file."""
        path = self.index.path(record_id)
        return [p for p in self.problems if p.path == path]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


# Sorting paths by their parts is what ``Path.__lt__`` does on POSIX, without
# a Python-level comparison per pair (100,000 files make 1.7 million of them).
_PATH_ORDER: Callable[[Path], Any] | None = (lambda p: p.parts) if os.name == "posix" else None


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
    return sorted(found, key=_PATH_ORDER)


def kind_of(root: Path, path: Path) -> Kind | None:
    """The record kind a file holds, from the folder it sits in."""
    base, parts = root.parts, path.parts
    if base and parts[: len(base)] == base:  # the usual case, without relative_to
        inside = len(parts) - len(base)
        return KIND_OF_FOLDER.get(parts[len(base)]) if inside > 1 else None
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


def _read(path: Path) -> tuple[tuple[int, int], bytes]:
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

    def fail(message: str, line: int = 1, col: int = 1) -> ParsedFile:
        return ParsedFile(path, stamp, None, [Problem(path, line, col, "error", message)])

    if kind is None:
        stamp = file_stamp(path)
        folders = ", ".join(f"{f}/" for f in FOLDERS.values())
        return fail(f"file is outside the record folders ({folders}); it was not loaded")
    record_id = path.stem
    why = id_problem(record_id)
    if why is not None:
        stamp = file_stamp(path)
        example = ", e.g. 'serhii-kyslytsia.toml'" if why.startswith("use ") else ""
        return fail(f"file name {path.name!r} is not a valid id: {why}{example}")
    try:
        stamp, raw = _read(path)
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
    try:
        data = rtoml.loads(text)
    except rtoml.TomlParsingError as error:
        return fail(*_syntax_error(str(error), text))
    if "id" in data:
        line, col = KeyMap(text).locate(("id",))
        return fail(f"remove the 'id' key: the id is the file name ({record_id!r})", line, col)
    model = MODELS[kind]
    try:
        record = model.model_validate({**data, "id": record_id})
    except ValidationError as error:
        keys = KeyMap(text)  # one scan of the text places every problem of the file
        problems = [_validation_problem(path, keys, model, e) for e in error.errors()]
        return ParsedFile(path, stamp, None, sorted(problems))
    return ParsedFile(path, stamp, record)


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


def _validation_problem(path: Path, keys: KeyMap, model: type[BaseModel], error: Any) -> Problem:
    loc: tuple[str | int, ...] = tuple(error["loc"])
    kind: str = error["type"]
    message: str = error["msg"].removeprefix("Value error, ")
    cause = error.get("ctx", {}).get("error")
    if isinstance(cause, KeyProblem):
        loc = tuple(cause.key.split(".")) if cause.key else ()
    where = _loc_text(loc)
    if kind == "extra_forbidden":
        name = str(loc[-1])
        known = list(_fields_at(model, loc[:-1]))
        # difflib's cutoff (0.6) and measure, at a fraction of the cost per unknown key
        close = process.extractOne(name, known, scorer=fuzz.ratio, score_cutoff=60)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        message = f"unknown key {name!r}{hint}"
    elif kind == "missing":
        inside = f" in {_loc_text(loc[:-1])}" if len(loc) > 1 else ""
        message = f"missing required key {str(loc[-1])!r}{inside}"
    elif kind in ("date_type", "date_parsing", "date_from_datetime_inexact"):
        message = f"{where}: {_date_advice(str(loc[-1]) if loc else 'date', error.get('input'))}"
    elif where:
        message = f"{where}: {message}"
    line, col = keys.locate(loc)
    return Problem(path, line, col, "error", message)


def _date_advice(key: str, value: object) -> str:
    """What is wrong with a value given for a date, and how to write one."""
    if isinstance(value, dt.datetime):
        return f"a date is needed, not a date-time; write {key} = {value.date().isoformat()}"
    example = f"write {key} = 2025-05-16"
    if isinstance(value, dt.time):
        return f"a date is needed, not a time; {example}"
    if isinstance(value, bool):
        return f"a date is needed, not true or false; {example}"
    if isinstance(value, int | float):
        return f"a date is needed, not a number; {example}"
    if isinstance(value, list):
        return f"a date is needed, not a list; {example}"
    if isinstance(value, dict):
        return f"a date is needed, not a table; {example}"
    return f"write a TOML date without quotes, e.g. {key} = 2025-05-16"


def _fields_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> Iterable[str]:
    names = [p for p in loc if isinstance(p, str)]
    if names and names[-1] in _SUBMODELS:
        return _SUBMODELS[names[-1]].model_fields
    return [k for k in model.model_fields if k != "id"]


def _loc_text(loc: Loc) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f" #{part + 1}"
        else:
            text += ("." if text else "") + part
    return text


# -- cross-record checks ------------------------------------------------------


def _references(record: AnyRecord) -> Iterator[tuple[Loc, str, Kind]]:
    """Every (key path, id, kind) a record refers to."""
    if isinstance(record, Person):
        for n, role in enumerate(record.roles):
            yield ("roles", n, "article"), role.article, Kind.ARTICLE
    elif isinstance(record, Round):
        if record.chair:
            yield ("chair",), record.chair, Kind.PERSON
        for n, delegation in enumerate(record.delegations):
            if delegation.head:
                yield ("delegations", n, "head"), delegation.head, Kind.PERSON
            for member in delegation.members:
                yield ("delegations", n, "members"), member, Kind.PERSON
            for article in delegation.articles:
                yield ("delegations", n, "articles"), article, Kind.ARTICLE
        for article in record.articles:
            yield ("articles",), article, Kind.ARTICLE
    elif isinstance(record, Claim):
        if record.speaker:
            yield ("speaker",), record.speaker, Kind.PERSON
        if record.narrator:
            yield ("narrator",), record.narrator, Kind.ARTICLE
        if record.via:
            yield ("via",), record.via, Kind.PERSON
        if record.round:
            yield ("round",), record.round, Kind.ROUND
        for other in record.contradicts:
            yield ("contradicts",), other, Kind.CLAIM
        for n, report in enumerate(record.reported_by):
            yield ("reported_by", n, "article"), report.article, Kind.ARTICLE


class _Locator:
    """Reads and scans a file's text only when a problem in it needs a line number.

    Each file is scanned once, however many problems it has.
    """

    def __init__(self) -> None:
        self._maps: dict[Path, KeyMap] = {}

    def __call__(self, path: Path, loc: Loc, value: str | None = None) -> tuple[int, int]:
        keys = self._maps.get(path)
        if keys is None:
            try:  # the file may have become a FIFO or a huge file since it was parsed
                text = _read(path)[1].decode("utf-8", errors="replace").removeprefix("\ufeff")
            except (OSError, Refused):
                text = ""
            keys = self._maps[path] = KeyMap(text)
        return keys.locate(loc, value)


def assemble(
    root: Path,
    files: dict[Path, ParsedFile],
    folder_problems: Sequence[Problem] = (),
    *,
    absolute: Path | None = None,
) -> Dossier:
    """Check the parsed records against each other and index them."""
    problems: list[Problem] = list(folder_problems)
    stale: set[str] = set()
    records: list[AnyRecord] = []
    paths: dict[str, Path] = {}
    where = _Locator()
    for path in sorted(files, key=_PATH_ORDER):
        parsed = files[path]
        problems.extend(parsed.problems)
        record = parsed.record or parsed.stale
        if record is None:
            continue
        if parsed.record is None:
            stale.add(record.id)
        if record.id in paths:
            first = paths[record.id]
            problems.append(
                Problem(
                    path,
                    1,
                    1,
                    "error",
                    f"duplicate id {record.id!r}: also used by {first}; this file was not loaded",
                    record.id,
                )
            )
            continue
        paths[record.id] = path
        records.append(record)

    index = Index(records, paths)
    ids_of_kind = {kind: index.ids(kind) for kind in Kind}
    points = {d.topic: len(d.claims) for d in index.disputes()}
    kind_of_id = {record.id: record.kind for record in records}
    for record in records:
        path = paths[record.id]
        for loc, ref, kind in _references(record):
            if kind_of_id.get(ref) is kind:  # the usual case: one dict lookup
                continue
            target = index.get(ref)
            if target is not None:
                is_a, not_a = target.kind.indefinite, kind.indefinite
                message = f"{_loc_text(loc)}: {ref!r} is {is_a}, not {not_a}"
            else:
                message = f"{_loc_text(loc)}: no {kind.value} with id {ref!r}"
                suggestion = _did_you_mean(ref, ids_of_kind[kind])
                if suggestion:
                    message += f"; did you mean {suggestion!r}?"
            line, col = where(path, loc, ref)
            problems.append(Problem(path, line, col, "error", message, record.id))
        problems.extend(_warnings(record, path, index, where, points))
    problems.sort()
    return Dossier(
        root,
        files,
        index,
        problems,
        frozenset(stale),
        tuple(folder_problems),
        absolute=absolute or _absolute(root),
    )


def _did_you_mean(value: str, choices: list[str]) -> str | None:
    if not choices:
        return None
    match = process.extractOne(value, choices, score_cutoff=70)
    return match[0] if match else None


def _warnings(
    record: AnyRecord, path: Path, index: Index, where: _Locator, points: dict[str, int]
) -> list[Problem]:
    def warn(message: str, loc: Loc = (), value: str | None = None) -> Problem:
        line, col = where(path, loc, value) if loc else (1, 1)
        return Problem(path, line, col, "warning", message, record.id)

    found: list[Problem] = []
    if isinstance(record, Claim):
        if not record.reported_by and not record.narrator:
            found.append(warn("no article reports this claim (add a [[reported_by]] entry)"))
        for other_id in record.contradicts:
            other = index.get_as(other_id, Claim)
            if other is not None and not set(record.contested) & set(other.contested):
                found.append(
                    warn(
                        f"contradicts {other_id!r}, but the two name no contested point in "
                        "common, so the Disputes view cannot show them together",
                        ("contradicts",),
                        other_id,
                    )
                )
        for point in record.contested:
            if points.get(point, 0) < 2:
                found.append(
                    warn(
                        f"no other claim contests {point!r}: a contested point needs two versions",
                        ("contested",),
                        point,
                    )
                )
    elif isinstance(record, Article) and index.citation_count(record.id) == 0:
        found.append(warn("nothing cites this article: no claim, round or role refers to it"))
    elif (
        isinstance(record, Person)
        and not index.claims_by_person(record.id)
        and not index.claims_relayed_by(record.id)
        and not index.rounds_of_person(record.id)
    ):
        found.append(warn("this person made no claim and sat at no round"))
    return found


# -- entry points -----------------------------------------------------------


_SETTLE_ABOVE = 50_000  # new objects; a young collection walks fewer in well under 1 ms


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cycle collector while records pile up.

    Loading makes hundreds of thousands of objects and no cycles; each full
    collection would walk all of them again (a quarter of the load time at
    100,000 claims). Reference counting still frees everything as usual.
    On the way out the survivors go straight to the oldest generation
    (freeze + unfreeze only relinks lists), or the young generations would
    walk all of them once more right after the load, at the first keypresses.
    Skipped when the application keeps objects frozen itself (``gc.freeze``),
    and after small reloads: ``gc.get_freeze_count`` walks every frozen object,
    which in a running app costs more than the few new objects would.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # With the collector off, the youngest count is the objects made since it went off.
        if gc.get_count()[0] > _SETTLE_ABOVE and not gc.get_freeze_count():
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()


def load(root: Path | str) -> Dossier:
    """Load every record under ``root``; problems are collected, never raised."""
    root = Path(root)
    with _no_gc():
        errors: list[OSError] = []
        paths = discover(root, errors)
        files = {path: parse_file(root, path) for path in paths}
        return assemble(root, files, _folder_problems(root, errors, reloading=False))


def _absolute(root: Path) -> Path:
    return Path(os.path.abspath(root))


def _folder_problems(root: Path, errors: list[OSError], *, reloading: bool) -> list[Problem]:
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
        problems.append(Problem(folder, 1, 1, "error", message))
    return problems


def _under(path: Path, folders: set[Path]) -> bool:
    return any(parent in folders for parent in path.parents)


def _kept(old: ParsedFile) -> ParsedFile:
    """A file in a folder that can no longer be read: its last record, marked stale.

    The stamp matches no real file, so it is read again once the folder is back.
    """
    return ParsedFile(old.path, None, None, stale=old.record or old.stale)


def reload(dossier: Dossier, paths: Iterable[Path] | None = None) -> tuple[Dossier, set[Path]]:
    """Load again, parsing only files whose size or mtime changed.

    With ``paths`` (what a file watcher saw change), only those are looked at,
    sparing a walk and a stat of every file; any path that is not a ``.toml``
    file under the folder (a renamed folder, say) falls back to looking at
    everything. ``paths`` may be relative or absolute, whatever ``root`` is.
    Returns the new dossier and the paths that were added, changed or removed.
    """
    with _no_gc():
        if paths is not None:
            wanted = _own_paths(dossier, paths)
            if wanted is not None:
                return _reload_paths(dossier, wanted)
        return _reload(dossier)


def _own_paths(dossier: Dossier, paths: Iterable[Path | str]) -> dict[Path, bool] | None:
    """Each path as the dossier names it (``root`` joined with the rest), and whether it is hidden.

    None when a path is not a ``.toml`` file inside the folder: a full reload is needed.
    """
    own: dict[Path, bool] = {}
    for given in paths:
        path = Path(given)
        if path.suffix != ".toml":
            return None
        try:
            inside = _absolute(path).relative_to(dossier.absolute)
        except ValueError:
            return None
        if not inside.parts:
            return None
        own[dossier.root / inside] = any(part.startswith(".") for part in inside.parts)
    return own


def _reparse(root: Path, path: Path, old: ParsedFile | None) -> ParsedFile:
    parsed = parse_file(root, path)
    if parsed.record is None and old is not None:
        parsed.stale = old.record or old.stale
    return parsed


def _reload_paths(dossier: Dossier, paths: dict[Path, bool]) -> tuple[Dossier, set[Path]]:
    root = dossier.root
    files = dict(dossier.files)
    changed: set[Path] = set()
    root_checked = False
    for path, hidden in paths.items():
        old = files.get(path)
        if hidden or not os.path.lexists(path):
            if not hidden and not root_checked:
                if not os.path.isdir(root):
                    return _reload(dossier)  # the whole folder went: keep what it held
                root_checked = True
            if files.pop(path, None) is not None:
                changed.add(path)
            continue
        if os.path.isdir(path):
            return _reload(dossier)  # a folder named like a file: walk it
        if old is not None and old.stamp == file_stamp(path):
            continue
        files[path] = _reparse(root, path, old)
        changed.add(path)
    if not changed:
        return dossier, changed
    patched = _patched(dossier, files, changed)
    if patched is not None:
        return patched, changed
    return assemble(root, files, dossier.folder_problems, absolute=dossier.absolute), changed


def _patched(dossier: Dossier, files: dict[Path, ParsedFile], changed: set[Path]) -> Dossier | None:
    """The dossier after edits that touch no link, date or name, without re-checking all.

    Such an edit (a quote's wording, an excerpt, notes) cannot change any
    reference, ordering or warning, so only the edited files' own problems are
    replaced. Anything else returns None, for a full ``assemble``.
    """
    index = dossier.index
    updated: dict[str, AnyRecord] = {}
    stale = set(dossier.stale)
    for path in changed:
        old, new = dossier.files.get(path), files.get(path)
        if old is None or new is None:
            return None  # a file came or went
        before, after = old.record or old.stale, new.record or new.stale
        if before is None or after is None or before.id != after.id:
            return None
        if index.path(after.id) != path or structure(before) != structure(after):
            return None
        updated[after.id] = after
        (stale.add if new.record is None else stale.discard)(after.id)
    own = {id(p) for path in changed for p in dossier.files[path].problems}
    if any(p.path in changed and id(p) not in own for p in dossier.problems):
        return None  # a reference or warning in an edited file: its line may have moved
    problems = [p for p in dossier.problems if p.path not in changed]
    for path in changed:
        problems.extend(files[path].problems)
    problems.sort()
    return Dossier(
        dossier.root,
        files,
        index.with_records(updated),
        problems,
        frozenset(stale),
        dossier.folder_problems,
        absolute=dossier.absolute,
    )


def _reload(dossier: Dossier) -> tuple[Dossier, set[Path]]:
    root = dossier.root
    files: dict[Path, ParsedFile] = {}
    changed: set[Path] = set()
    still_there = 0
    errors: list[OSError] = []
    for path in discover(root, errors):
        old = dossier.files.get(path)
        if old is not None:
            still_there += 1
            if old.stamp == file_stamp(path):
                files[path] = old
                continue
        files[path] = _reparse(root, path, old)
        changed.add(path)
    folder_problems = _folder_problems(root, errors, reloading=True)
    if still_there < len(dossier.files):  # some files went away, or their folder did
        unreadable = {p.path for p in folder_problems}
        for path, old in dossier.files.items():
            if path in files:
                continue
            if _under(path, unreadable) and (old.record or old.stale):
                files[path] = old if old.stamp is None else _kept(old)
            if files.get(path) is not old:
                changed.add(path)
    # A folder that became unreadable or readable again counts as changed, even when empty.
    before = {(p.path, p.message) for p in dossier.folder_problems}
    changed.update(path for path, _ in before ^ {(p.path, p.message) for p in folder_problems})
    if not changed:
        return dossier, changed
    return assemble(root, files, folder_problems, absolute=dossier.absolute), changed
