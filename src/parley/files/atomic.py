"""Writing a file without ever losing what the user wrote, and what a killed save left.

The files are edited by hand and kept in git, so every write follows the same rules:

- Every write goes to a hidden temporary file in the same folder, is flushed and
  fsynced, then renamed over the target (``atomic_write``). A reader never sees
  half a file, and a failure leaves the old file as it was and no temporary
  file behind. A process killed mid-save leaves its temporary file; its name
  carries the process id, so the next start or check removes it once that
  process is gone (``remove_stale_temp_files``), and never another's.
- parley writes only inside the dossier: not through a symbolic link to a file
  outside it, and never over a read-only file.
- parley never overwrites a file it did not expect to change: a new file must
  not exist yet, and a file being changed must still hold the bytes it was read
  with. Otherwise the write is refused (``WriteRefused``) and nothing is
  written.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import stat
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from parley.dossier.model import KIND_OF_FOLDER
from parley.dossier.stamp import file_stamp

TEMP_MARK = ".parley-"
SCHEMA_FOLDER = "schema"

# ``.<file name>.parley-<pid>-<8 hex>.tmp``: hidden, and not ``.toml``, so never loaded.
_TEMP_NAME = re.compile(r"\.(.+\.(?:toml|json))\.parley-([1-9][0-9]{0,9})-[0-9a-f]{8}\.tmp")
_OLD_TEMP_NAME = re.compile(r"\.(.+\.(?:toml|json))\.parley-tmp-[0-9a-f]{8}")
OLD_TEMP_AGE = 3600  # seconds


class WriteRefused(Exception):
    """parley would not write a file; the message says why, for the user."""


# -- expectations -------------------------------------------------------------


def content_hash(data: bytes) -> str:
    """The sha256 of a file's bytes: what ``Expect.unchanged`` compares."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Expect:
    """What a file must be like at the moment parley replaces it.

    ``Expect.new()``: the file must not exist. ``Expect.unchanged(content=...)``:
    it must still hold these bytes (compared by sha256; the best check, as a
    file's mtime can be coarse). ``Expect.unchanged(stamp=...)``: it must still
    have this ``(mtime_ns, size)``. ``Expect.generated()``: a file parley
    generates and owns (the JSON schemas), replaced whatever it holds.
    """

    mode: Literal["new", "unchanged", "generated"]
    sha256: str | None = None
    stamp: tuple[int, int] | None = None

    @classmethod
    def new(cls) -> Expect:
        return cls("new")

    @classmethod
    def unchanged(
        cls, content: bytes | None = None, *, stamp: tuple[int, int] | None = None
    ) -> Expect:
        if content is None and stamp is None:
            raise ValueError("Expect.unchanged needs the content or the stamp read earlier")
        return cls("unchanged", content_hash(content) if content is not None else None, stamp)

    @classmethod
    def generated(cls) -> Expect:
        return cls("generated")


def _folder_index(path: Path) -> int | None:
    """Where the nearest record (or schema) folder is among ``path.parts``, if anywhere."""
    parts = path.parts
    for i in range(len(parts) - 2, -1, -1):
        if parts[i] in KIND_OF_FOLDER or parts[i] == SCHEMA_FOLDER:
            return i
    return None


def display_path(path: Path) -> str:
    """A path as the user knows it: from the record folder on (``claims/x.toml``)."""
    i = _folder_index(path)
    return path.name if i is None else "/".join(path.parts[i:])


def dossier_root(path: Path) -> Path:
    """The dossier a record or schema file belongs to: the folder above ``claims/`` and the like."""
    i = _folder_index(path)
    if i is None:
        return path.parent
    return Path(*path.parts[:i]) if i else Path(".")


def check_expected(path: Path, expect: Expect, label: str) -> None:
    """Refuse unless the file on disk is what the caller expects."""
    if expect.mode == "generated":
        return
    if expect.mode == "new":
        if path.is_symlink():
            raise WriteRefused(f"{label} is a symlink; parley does not write through it")
        if os.path.lexists(path):
            raise WriteRefused(f"{label} already exists; parley will not overwrite it")
        return
    try:
        current = read_regular(path, label)
    except FileNotFoundError:
        raise WriteRefused(
            f"{label} was deleted or renamed since it was read; reload and try again"
        ) from None
    changed = (
        content_hash(current) != expect.sha256
        if expect.sha256 is not None
        else file_stamp(path) != expect.stamp
    )
    if changed:
        raise WriteRefused(f"{label} changed on disk since it was read; reload and try again")


def read_regular(path: Path, label: str) -> bytes:
    """A file's bytes, refused (not waited on) when it is a pipe, a device or a folder."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise WriteRefused(f"{label} is not a regular file; parley does not replace it")
        with os.fdopen(fd, "rb", closefd=False) as file:
            return file.read()
    finally:
        os.close(fd)


# -- the one way parley writes a file ---------------------------------------


def atomic_write(
    path: Path | str,
    text: str,
    *,
    expect: Expect,
    label: str | None = None,
    root: Path | str | None = None,
) -> None:
    """Write ``text`` (UTF-8, newlines as given) to ``path`` in one step, or not at all.

    The text goes to a hidden temporary file beside ``path``, is flushed and
    fsynced, then renamed over ``path``. Before the rename the file must be
    what ``expect`` says, or ``WriteRefused`` is raised and nothing changes.
    A new file cannot replace one that appeared meanwhile (it is linked in,
    which fails if the name is taken). The temporary file never outlives the
    call, unless the process is killed. The folder must exist. A replaced file
    keeps its permissions. The file must lie in the dossier ``root`` (by
    default the folder above its record folder): a symbolic link is written
    through only to a file inside it. A read-only file is never replaced.
    """
    path = Path(path)
    label = label or display_path(path)
    if expect.mode == "new":
        check_expected(path, expect, label)  # the name itself must be free, a symlink or not
    path = _inside_dossier(path, Path(root) if root is not None else dossier_root(path), label)
    folder = path.parent
    if not folder.is_dir():
        raise WriteRefused(f"cannot write {label}: no folder {folder}")
    keep_mode = _replaceable_mode(path, label)
    check_expected(path, expect, label)
    data = text.encode("utf-8")
    temp = folder / f".{path.name}.parley-{os.getpid()}-{secrets.token_hex(4)}.tmp"
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        fd = os.open(temp, flags, 0o666)  # less the umask, as for any new file
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        if expect.mode == "new":
            _link_new(temp, path, label)
        else:
            if keep_mode is not None:
                os.chmod(temp, keep_mode)
            check_expected(path, expect, label)  # once more, as late as possible
            os.replace(temp, path)
        _sync_folder(folder)
    except OSError as error:
        raise WriteRefused(f"cannot write {label}: {error.strerror or error}") from error
    finally:
        try:
            os.unlink(temp)
        except OSError:  # already renamed away, or nothing more can be done
            pass


def _inside_dossier(path: Path, root: Path, label: str) -> Path:
    """The file a write to ``path`` really replaces; refused when that is outside ``root``."""
    real_root = os.path.realpath(root)
    if path.is_symlink():
        real = Path(os.path.realpath(path))
        where = "a symlink to a file outside the dossier; parley does not write through it"
    else:
        real = Path(os.path.realpath(path.parent), path.name)
        where = "in a folder outside the dossier (through a symlink); parley does not write there"
    try:
        inside = os.path.commonpath([real_root, real]) == real_root
    except ValueError:  # another drive
        inside = False
    if not inside:
        raise WriteRefused(f"{label} is {where}")
    return real


def _replaceable_mode(path: Path, label: str) -> int | None:
    """The permissions a replaced file keeps, or None for a new one; refused when read-only."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as error:
        raise WriteRefused(f"cannot write {label}: {error.strerror or error}") from error
    if not stat.S_ISREG(mode):
        raise WriteRefused(f"{label} is not a regular file; parley does not replace it")
    # The bits, not os.access: run as root, access() says yes to everything.
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise WriteRefused(f"{label} is read-only; parley does not replace it")
    return stat.S_IMODE(mode)


# -- temporary files a killed save left ----------------------------------------


def remove_stale_temp_files(root: Path | str) -> list[Path]:
    """Remove parley's temporary files whose writing process is gone; return their paths.

    Only names of parley's own pattern count, in the record and schema folders,
    and only when the process id in the name is no longer running: the temporary
    file of another parley saving at this moment stays, and so does any file of
    any other program. Temporary files of parley versions that did not name the
    process (``.x.toml.parley-tmp-<8 hex>``) go once they are an hour old, far
    longer than any save takes. Never raises: what cannot be removed now stays
    for the next time.
    """
    removed: list[Path] = []
    for folder in (*KIND_OF_FOLDER, SCHEMA_FOLDER):
        top = os.path.join(root, folder)
        # os.path's tests say False on any error (a name too long, no permission).
        if os.path.islink(top) or not os.path.isdir(top):  # parley writes nowhere else
            continue
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            for name in filenames:
                if name.startswith(".") and _is_stale(dirpath, name):
                    path = Path(dirpath, name)
                    try:
                        os.unlink(path)
                    except OSError:
                        continue
                    removed.append(path)
    return removed


def _is_stale(folder: str, name: str) -> bool:
    """Whether ``name`` is a regular file parley left mid-save, by a process that is gone."""
    match = _TEMP_NAME.fullmatch(name)
    legacy = match is None and _OLD_TEMP_NAME.fullmatch(name) is not None
    if not (match or legacy):
        return False
    try:
        info = os.lstat(os.path.join(folder, name))
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode):
        return False
    if match:
        return not process_alive(int(match[2]))
    return time.time() - info.st_mtime > OLD_TEMP_AGE


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs; True when that cannot be told (keep the file)."""
    if sys.platform == "win32":
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):  # someone else's process: it exists
        return True
    return True


if sys.platform == "win32":
    import ctypes

    def _windows_process_alive(pid: int) -> bool:
        """os.kill would end the process on Windows: ask the kernel instead."""
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return ctypes.get_last_error() != 87  # ERROR_INVALID_PARAMETER: no such process
        try:
            code = ctypes.c_ulong()
            running = kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return not running or code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)


def _link_new(temp: Path, path: Path, label: str) -> None:
    """Put ``temp`` at ``path`` only if ``path`` is free, without a window between."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise WriteRefused(f"{label} already exists; parley will not overwrite it") from None
    except OSError:  # a file system without hard links: check, then rename
        check_expected(path, Expect.new(), label)
        os.replace(temp, path)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
