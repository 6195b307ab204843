"""A snapshot of a loaded dossier, so a warm start reads only the files that changed.

``open_dossier`` walks the folder once (a stat of every record file and every
archived text), reads this folder's snapshot and, when it is valid, hands back the
dossier it holds after re-reading only what changed since (``load.reload``). With
no valid snapshot it loads the folder as ``load`` does. Writing a snapshot costs
seconds on a big folder, so it is never on the way to the first answer: the CLI
calls ``write_pending`` once its output is out, the app ``save_in_background``.

A snapshot is two pickles: the stamp of every file, ``(mtime_ns, size, inode)``,
with the problems and counts (a ``Report``: all ``open_report``, for ``parley
check``, needs when nothing changed), then the ``Dossier`` (records, problems,
index). A JSON header after them names the format, parley's version and a
fingerprint of its code, the Python and pydantic versions, the folder, and each
pickle's length and CRC-32. Anything wrong with it
(another version, other code, corrupt, truncated, unreadable) makes it ignored and
rebuilt, never an error. Its folder is the user's alone (0700, files 0600); a file
someone else owns or could have written is ignored too, as unpickling trusts it.

A stamp is trusted only when it cannot hide a change: a regular file (not a
link), whose stamp when the dossier read it is the one stored, modified well
before the walk that stamped it (a write in the same clock tick could keep the
mtime and size). Any other file is stored without a stamp and read again at
every start until a later snapshot can trust it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import pickle
import stat
import sys
import threading
import time
import weakref
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pydantic
from platformdirs import user_cache_path
from pydantic import BaseModel

import parley
from parley.dossier.archive import ArchiveText
from parley.dossier.check import assemble
from parley.dossier.load import Dossier, Progress, load, no_gc, reload
from parley.dossier.model import Kind
from parley.dossier.problems import Problem
from parley.dossier.read import absolute_path

FORMAT = 1
ENV = "PARLEY_CACHE"
"""``off`` turns the cache off; a folder path puts the snapshots there."""

MAGIC = b"PARLEY-SNAPSHOT\n"
_PREFIX = len(MAGIC) + 16  # the magic, the payload's length, the header's length
RACY_NS = 2_000_000_000
"""A file modified this close before the walk that stamps it is not trusted (coarse clocks)."""
UNUSED_DAYS = 30
"""A snapshot not used for this long is removed (its folder may be long gone)."""

FileStamp = tuple[int, int, int]
"""``(mtime_ns, size, inode)`` of a regular file."""

Stamps = dict[str, FileStamp | None]
"""By path from the dossier folder (``claims/x.toml``); None: read it again next time."""


FORGOTTEN = (-1, -1)
"""A ``(mtime_ns, size)`` no file has: a reload reads a file or archive stamped so again."""

ARCHIVED = (".md", ".txt")


@dataclasses.dataclass
class Scan:
    """What one walk of a folder saw: each record file's stamp, each archived text's, and when."""

    started: int  # time.time_ns() as the walk began
    records: Stamps = dataclasses.field(default_factory=dict)
    archives: Stamps = dataclasses.field(default_factory=dict)
    complete: bool = True  # False: a folder could not be listed


# -- where ---------------------------------------------------------------------------


def cache_folder() -> Path | None:
    """Where snapshots go: ``$PARLEY_CACHE``, or the user's cache folder; None when off."""
    setting = os.environ.get(ENV, "").strip()
    if setting.lower() in ("off", "0", "no", "false"):
        return None
    if setting:
        return Path(setting)
    return user_cache_path("parley", appauthor=False) / "dossiers"


def snapshot_path(absolute: Path) -> Path | None:
    """The snapshot of the folder at ``absolute``; None when the cache is off."""
    folder = cache_folder()
    if folder is None:
        return None
    digest = hashlib.sha256(os.fsencode(absolute)).hexdigest()
    return folder / f"{digest}.pickle"


# -- the walk ------------------------------------------------------------------------


def scan(root: Path) -> Scan:
    """Stamp every ``.toml`` file under ``root`` as ``read.discover`` finds them, and every
    text under ``archives/``.

    Hidden folders are skipped and links are not followed, as there; a link or
    a special file gets no stamp, so it is always read again.
    """
    found = Scan(time.time_ns())
    folders: list[tuple[str, str]] = [(str(root), "")]
    while folders:
        folder, inside = folders.pop()
        try:
            entries = os.scandir(folder)
        except OSError:
            found.complete = False
            continue
        with entries:
            for entry in entries:
                name = entry.name
                try:
                    if entry.is_dir(follow_symlinks=False):
                        if not name.startswith("."):
                            folders.append((entry.path, f"{inside}{name}/"))
                        continue
                    if name.endswith(".toml"):
                        stamps = found.records
                    elif inside.startswith("archives/") and name.endswith(ARCHIVED):
                        stamps = found.archives
                    else:
                        continue
                    stamps[inside + name] = _stamp(entry)
                except OSError:
                    found.complete = False
    return found


def _stamp(entry: os.DirEntry[str]) -> FileStamp | None:
    """A regular file's stamp; None for a link or a special file."""
    if not entry.is_file(follow_symlinks=False):
        return None
    info = entry.stat(follow_symlinks=False)
    return (info.st_mtime_ns, info.st_size, info.st_ino)


# -- the code that wrote it ----------------------------------------------------------

_fingerprint: str | None = None


def code_fingerprint() -> str:
    """A digest of parley's own code as installed: names, sizes and mtimes of its files."""
    global _fingerprint
    if _fingerprint is None:
        package = Path(parley.__file__).parent
        digest = hashlib.sha256()
        for folder, dirnames, filenames in os.walk(package):
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith((".py", ".json")):
                    info = os.stat(os.path.join(folder, name))
                    where = os.path.relpath(os.path.join(folder, name), package)
                    digest.update(f"{where}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
        _fingerprint = digest.hexdigest()
    return _fingerprint


def header(absolute: Path) -> dict[str, Any]:
    """What a snapshot must say about itself to be used by this process, for this folder."""
    return {
        "format": FORMAT,
        "parley": parley.__version__,
        "code": code_fingerprint(),
        "python": sys.version,
        "pydantic": pydantic.VERSION,
        "folder": os.fsdecode(os.fsencode(absolute)),
    }


# -- pickling ------------------------------------------------------------------------

_PLAIN = frozenset((dict, list, tuple, set, frozenset))
_SHORT = 120  # the longest id: a string longer is a text, unlikely to repeat
_new = object.__new__
_set = object.__setattr__


def _model(cls: type[BaseModel], values: dict[str, Any], fields_set: set[str]) -> BaseModel:
    """A model as it was, without validation or pydantic's ``__setstate__`` (too slow at 100k)."""
    model = _new(cls)
    _set(model, "__dict__", values)
    _set(model, "__pydantic_fields_set__", fields_set)
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    return model


def _archive_text(text: str, markdown: bool) -> ArchiveText:
    return ArchiveText(text, markdown=markdown)  # folded again when first needed


def _this_root() -> Path:
    """Stands for the dossier folder in a snapshot; ``_Unpickler`` puts the folder it is given."""
    raise pickle.UnpicklingError("a snapshot is read by its own unpickler")


class _Pickler(pickle.Pickler):
    """Pickles a dossier with its paths relative to its folder, and its models cheaply.

    A path under the folder is its parent's child (each folder made once on
    loading, the folder itself being whatever the loader is given), so a snapshot
    serves a folder named differently (``dossiers`` or ``./dossiers``) and costs
    no path parsing to load.
    """

    def __init__(self, file: _Summed, root: Path) -> None:
        super().__init__(file, protocol=5)
        self.root = root
        self.root_parts = root.parts
        self.path_type = type(root)
        self.makers: dict[tuple[str, ...], Any] = {}  # by a folder's parts: its child maker
        # Models with the same fields set share one set: sets are a third of the objects.
        self.fields_sets: dict[frozenset[str], set[str]] = {}
        self.strings: dict[str, str] = {}
        child = getattr(Path, "_make_child_relpath", None)  # no parsing: 3.11 to 3.13
        self.child = "_make_child_relpath" if callable(child) else "joinpath"

    def reducer_override(self, obj: Any) -> Any:
        kind = type(obj)
        if kind in _PLAIN:  # most objects: answered before any slower test
            return NotImplemented
        if kind is self.path_type:
            return self._path(obj)
        if isinstance(obj, BaseModel):
            if obj.__pydantic_extra__ is not None or obj.__pydantic_private__ is not None:
                return NotImplemented
            fields = obj.__pydantic_fields_set__
            shared = self.fields_sets.setdefault(frozenset(fields), fields)
            return _model, (kind, self._share_strings(obj.__dict__), shared)
        if kind is ArchiveText:
            return _archive_text, (obj.text, obj.markdown)
        return NotImplemented

    def _share_strings(self, values: dict[str, Any]) -> dict[str, Any]:
        """``values`` with each short string, alone or in a list, one object for all records.

        Ids, names and kinds repeat across records: pickled once each and referred to
        after, they cost a memo lookup to load instead of a new string each time (and
        the loaded records share them). Only equal strings are swapped, in place.
        """
        strings = self.strings
        for key, value in values.items():
            kind = type(value)
            if kind is str:
                if len(value) <= _SHORT:
                    values[key] = strings.setdefault(value, value)
            elif kind is list and value and type(value[0]) is str:
                for n, item in enumerate(value):
                    if type(item) is str and len(item) <= _SHORT:
                        value[n] = strings.setdefault(item, item)
        return values

    def _path(self, path: Path) -> Any:
        parts, depth = path.parts, len(self.root_parts)
        if parts[:depth] != self.root_parts:
            return NotImplemented
        if len(parts) == depth:
            return _this_root, ()
        folder = parts[:-1]
        maker = self.makers.get(folder)
        if maker is None:
            parent = self.root if len(parts) == depth + 1 else path.parent
            maker = self.makers[folder] = getattr(parent, self.child)
        return maker, (parts[-1],)


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: IO[bytes], root: Path) -> None:
        super().__init__(file)
        self.root = root

    def find_class(self, module: str, name: str) -> Any:
        if module == __name__ and name == _this_root.__name__:
            return lambda: self.root
        return super().find_class(module, name)


# -- reading -------------------------------------------------------------------------


class Invalid(Exception):
    """A snapshot that cannot be used; it is ignored and rebuilt."""


def _owned_by_user(info: os.stat_result) -> bool:
    """The file is the user's and no one else could have written it."""
    getuid = getattr(os, "getuid", None)
    mine = getuid is None or info.st_uid == getuid()
    return mine and stat.S_ISREG(info.st_mode) and not info.st_mode & 0o022


@dataclasses.dataclass(frozen=True)
class Report:
    """What ``parley check`` tells of a dossier: its problems and how many records of each kind."""

    problems: list[Problem]
    counts: dict[Kind, int]

    @classmethod
    def of(cls, dossier: Dossier) -> Report:
        return cls(dossier.problems, dossier.index.counts())

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


class Snapshot:
    """An open snapshot file, checked: its stamps and report, and the dossier when asked.

    Two pickles, each with its own CRC-32: the stamps and the report (small: all a
    check of an unchanged folder needs), then the dossier (large).
    """

    def __init__(self, file: IO[bytes], root: Path, absolute: Path) -> None:
        self.file, self.root, self.absolute = file, root, absolute
        prefix = file.read(_PREFIX)
        if len(prefix) < _PREFIX or not prefix.startswith(MAGIC):
            raise Invalid("not a snapshot")
        size = int.from_bytes(prefix[len(MAGIC) : len(MAGIC) + 8], "big")
        header_size = int.from_bytes(prefix[len(MAGIC) + 8 :], "big")
        file.seek(_PREFIX + size)
        said = json.loads(file.read(header_size))
        sections = said.pop("sections", None) if isinstance(said, dict) else None
        if said != header(absolute):
            raise Invalid("written by other code or for another folder")
        if not (isinstance(sections, list) and len(sections) == 2):
            raise Invalid("no sections")
        self.sections: list[list[int]] = sections
        scan, report = self._section(0, _PREFIX, (Scan, Report))
        self.scan: Scan = scan
        self.report: Report = report

    def dossier(self) -> Dossier:
        """The dossier, with the folder's absolute path as this process names it."""
        dossier = self._section(1, _PREFIX + self.sections[0][0], (Dossier,))[0]
        assert isinstance(dossier, Dossier)
        dossier.absolute = self.absolute
        return dossier

    def _section(self, n: int, start: int, kinds: tuple[type, ...]) -> tuple[Any, ...]:
        size, checksum = self.sections[n]
        file = self.file
        file.seek(start)
        crc, left = 0, size
        while left > 0:
            chunk = file.read(min(left, 1 << 20))
            if not chunk:
                raise Invalid("truncated")
            crc, left = zlib.crc32(chunk, crc), left - len(chunk)
        if crc != checksum:
            raise Invalid("checksum differs")
        file.seek(start)
        with no_gc():
            loaded = _Unpickler(file, self.root).load()
        if not (
            isinstance(loaded, tuple)
            and len(loaded) == len(kinds)
            and all(isinstance(part, kind) for part, kind in zip(loaded, kinds, strict=True))
        ):
            raise Invalid("not what a snapshot holds")
        return loaded


@contextlib.contextmanager
def snapshot_file(path: Path, root: Path, absolute: Path) -> Iterator[Snapshot]:
    """The snapshot at ``path``, checked; ``Invalid`` if it cannot serve (raised on use too)."""
    try:
        with open(path, "rb") as file:
            if not _owned_by_user(os.fstat(file.fileno())):
                raise Invalid("not the user's own file")
            yield Snapshot(file, root, absolute)
    except Invalid:
        raise
    except FileNotFoundError:
        raise Invalid("none yet") from None
    except Exception as error:  # whatever a damaged file makes the unpickler do
        raise Invalid(f"unreadable: {type(error).__name__}") from error


def read_snapshot(path: Path, root: Path, absolute: Path) -> tuple[Dossier, Scan]:
    """The dossier of a snapshot and the stamps it trusts; ``Invalid`` if unusable."""
    with snapshot_file(path, root, absolute) as snapshot:
        return snapshot.dossier(), snapshot.scan


# -- opening -------------------------------------------------------------------------


@dataclasses.dataclass
class _Session:
    """A folder opened in this process: the walk made as it opened, and its unsaved dossier."""

    scan: Scan
    unsaved: Dossier | None  # held until its snapshot is written, then let go
    saved: weakref.ref[Dossier] | None = None  # the dossier the snapshot on disk holds


_sessions: dict[Path, _Session] = {}
_lock = threading.Lock()  # one snapshot written at a time in a process


def open_dossier(root: Path | str, progress: Progress | None = None) -> Dossier:
    """The dossier in ``root``: from its snapshot when valid, re-reading what changed; else
    loaded (``load``). The snapshot is written later: see ``write_pending``."""
    found = _open(Path(root), progress, report_only=False)
    assert isinstance(found, Dossier)
    return found


def open_report(root: Path | str) -> Report:
    """What ``parley check`` says of ``root``: from its snapshot alone when no file changed,
    else from ``open_dossier``."""
    found = _open(Path(root), None, report_only=True)
    return found if isinstance(found, Report) else Report.of(found)


def _open(root: Path, progress: Progress | None, *, report_only: bool) -> Dossier | Report:
    absolute = absolute_path(root)
    path = snapshot_path(absolute)
    if path is None:
        return load(root, progress)
    walked = scan(root)
    found: Dossier | Report | None = None
    changed = True
    if walked.complete:
        with contextlib.suppress(Invalid), snapshot_file(path, root, absolute) as snapshot:
            found, changed = _warm(snapshot, walked, report_only=report_only)
    if found is None:
        found = load(root, progress)
    elif not changed:
        with contextlib.suppress(OSError):
            os.utime(path)  # used: not one to remove as unused (``UNUSED_DAYS``)
    if isinstance(found, Dossier):
        _sessions[absolute] = (
            _Session(walked, found) if changed else _Session(walked, None, weakref.ref(found))
        )
    return found


def _warm(snapshot: Snapshot, walked: Scan, *, report_only: bool) -> tuple[Dossier | Report, bool]:
    """The snapshot's dossier brought up to date with the walk; whether anything changed.

    ``report_only``: just the report, when nothing changed.
    """
    root, stored = snapshot.root, snapshot.scan
    gone = [root / rel for rel in stored.records.keys() - walked.records.keys()]
    for file in gone:
        if os.path.lexists(file):
            raise Invalid("a file the walk did not see is there")  # e.g. a folder now a link
    added = [root / rel for rel in walked.records.keys() - stored.records.keys()]
    records = [
        rel
        for rel, now in walked.records.items()
        if (before := stored.records.get(rel, now)) is None or before != now
    ]
    archives = [
        rel
        for rel, before in stored.archives.items()
        if before is None or before != walked.archives.get(rel)
    ]
    if not (gone or added or records or archives):
        return (snapshot.report if report_only else snapshot.dossier()), False
    dossier = snapshot.dossier()
    changed = [*gone, *added]
    changed.extend(_forget(dossier.files, root / rel) for rel in records)
    changed.extend(_forget(dossier.archives, root / rel) for rel in archives)
    fresh, _ = reload(dossier, changed)
    return _without_stale(fresh), True


def _without_stale(dossier: Dossier) -> Dossier:
    """The dossier as a load would find it: a reload keeps the last good record of a file
    that became invalid (marked stale), a load knows nothing of it."""
    if not dossier.stale:
        return dossier
    files = {
        path: dataclasses.replace(file, stale=None) if file.stale is not None else file
        for path, file in dossier.files.items()
    }
    return assemble(
        dossier.root,
        files,
        dossier.folder_problems,
        absolute=dossier.absolute,
        archives=dossier.archives,
    )


def _forget(files: dict[Path, Any], path: Path) -> Path:
    """Make a reload read ``path`` again, even if its (mtime, size) is what it was."""
    old = files.get(path)
    if old is not None:
        files[path] = dataclasses.replace(old, stamp=FORGOTTEN)
    return path


# -- writing -------------------------------------------------------------------------


WAIT_ENV = "PARLEY_CACHE_WAIT"
"""Set (to anything but empty): a command writes its snapshot before it exits, not behind it."""


def write_pending(*, detach: bool = False) -> int | None:
    """Write the snapshot of every folder opened in this process whose snapshot is behind.

    Ctrl+C meanwhile stops the writing only: the command's answer is out already.
    With ``detach`` (the CLI, once its answer is out) the writing goes to a forked
    child of its own session, its standard streams on the null device, so the
    command ends at once and a pipe reading it is not held open: at 100,000
    claims a snapshot costs seconds to write, which a user waiting for the prompt
    (or a commit hook) would otherwise wait for. Returns the child's pid when
    there is one. Where ``fork`` is missing, or ``PARLEY_CACHE_WAIT`` is set, it
    writes before returning.
    """
    pending = [s.unsaved for s in list(_sessions.values()) if s.unsaved is not None]
    if not pending:
        return None
    if detach and hasattr(os, "fork") and not os.environ.get(WAIT_ENV):
        with contextlib.suppress(OSError):
            child = os.fork()
            if child:
                return child
            _write_detached(pending)  # never returns
    with contextlib.suppress(KeyboardInterrupt):
        for dossier in pending:
            save(dossier)
    return None


def _write_detached(pending: list[Dossier]) -> None:
    """In the forked child: write the snapshots, away from the terminal, and leave."""
    code = 0
    try:
        os.setsid()  # the terminal's ctrl+c and hang-up are for the command, not this
        null = os.open(os.devnull, os.O_RDWR)
        for stream in (0, 1, 2):
            os.dup2(null, stream)
        for dossier in pending:
            save(dossier)
    except BaseException:
        code = 1
    finally:
        os._exit(code)  # no exit handlers, no buffers of the parent's flushed twice


def save_in_background(dossier: Dossier) -> threading.Thread | None:
    """``save`` in a daemon thread (the app, once the dossier is shown or reloads settle)."""
    if snapshot_path(dossier.absolute) is None:
        return None
    thread = threading.Thread(target=save, args=(dossier,), name="parley-snapshot", daemon=True)
    thread.start()
    return thread


def save(dossier: Dossier) -> bool:
    """Write ``dossier``'s snapshot unless it is there already; False when it could not.

    Never raises: a full disk or a read-only cache folder only costs the next start time.
    """
    absolute = dossier.absolute
    path = snapshot_path(absolute)
    if path is None or dossier.folder_problems or dossier.stale:
        return False  # a load would not find what a reload kept: let the next start load
    try:
        with _lock:
            session = _sessions.get(absolute)
            if session is None:
                return False
            if session.unsaved is dossier:
                stamps = _trusted(dossier, session.scan, None)
            elif session.saved is not None and session.saved() is dossier:
                return True
            else:  # reloaded since it was opened: stamp it now, against the walk at opening
                stamps = _trusted(dossier, scan(dossier.root), session.scan)
            _write(path, absolute, dossier, stamps)
            session.unsaved, session.saved = None, weakref.ref(dossier)
            return True
    except Exception:  # a full disk, a read-only cache, a dossier changing under the pickler
        return False


def _trusted(dossier: Dossier, walked: Scan, before: Scan | None) -> Scan:
    """The stamps of ``walked`` that surely match what the dossier read; None for the rest.

    ``before``: an earlier walk, for a dossier reloaded since, whose reloads look at
    (mtime, size) only: a file whose inode changed since then is not trusted.
    """
    root, racy = dossier.root, walked.started - RACY_NS

    def trust(stamps: Stamps, read: dict[Path, Any], earlier: Stamps | None) -> Stamps:
        kept: Stamps = {}
        for rel, now in stamps.items():
            got = read.get(root / rel)
            sure = (
                now is not None
                and got is not None
                and got.stamp == now[:2]
                and now[0] < racy
                and (earlier is None or earlier.get(rel) == now)
            )
            kept[rel] = now if sure else None
        return kept

    return Scan(
        walked.started,
        trust(walked.records, dossier.files, before.records if before else None),
        trust(walked.archives, dossier.archives, before.archives if before else None),
    )


def _write(path: Path, absolute: Path, dossier: Dossier, stamps: Scan) -> None:
    """Write a snapshot through a pid-named temp file, then rename it over the old one."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    _remove_stale_files(folder)
    temp = folder / f".{path.name}.{os.getpid()}-{threading.get_ident()}.tmp"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with open(fd, "wb") as file:
            file.write(bytes(_PREFIX))
            sections = []
            for part in ((stamps, Report.of(dossier)), (dossier,)):
                summed = _Summed(file)
                _Pickler(summed, dossier.root).dump(part)
                sections.append([summed.size, summed.crc])
            said = json.dumps({**header(absolute), "sections": sections}).encode()
            file.write(said)
            file.seek(0)
            size = sum(n for n, _ in sections)
            file.write(MAGIC + size.to_bytes(8, "big") + len(said).to_bytes(8, "big"))
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


class _Summed:
    """A file that keeps the CRC-32 and length of what goes through it."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        self.crc = 0
        self.size = 0

    def write(self, data: bytes) -> int:
        self.crc = zlib.crc32(data, self.crc)
        self.size += len(data)
        self.file.write(data)
        return len(data)


def _remove_stale_files(folder: Path) -> None:
    """Temp files of snapshot writers that are gone (killed mid-write), and old snapshots."""
    from parley.files.atomic import process_alive

    old = time.time() - UNUSED_DAYS * 86400
    for name in _names(folder):
        if name.startswith(".") and name.endswith(".tmp"):
            pid = name.rsplit(".", 2)[-2].split("-", 1)[0]
            if not (pid.isdigit() and not process_alive(int(pid))):
                continue
        elif not (name.endswith(".pickle") and _modified(folder / name) < old):
            continue
        with contextlib.suppress(OSError):
            os.unlink(folder / name)


def _names(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:
        return []


def _modified(path: Path) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return time.time()


def clear() -> None:
    """Forget which folders this process opened (tests start afresh)."""
    _sessions.clear()


__all__ = [
    "Report",
    "open_dossier",
    "open_report",
    "save",
    "save_in_background",
    "write_pending",
]
