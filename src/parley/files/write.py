"""Writing record files without ever losing what the user wrote.

The files are edited by hand and kept in git, so every write here follows the
same rules:

- A new file is made whole from ``tomli_w`` values (``record_toml``); an
  existing file is only ever *added to*, keeping every byte already there
  (``append_report``).
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
from collections.abc import Container, Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, Literal

import rtoml
import tomli_w
from anyascii import anyascii
from pydantic import BaseModel, ValidationError

from parley.dossier.model import (
    FOLDERS,
    KIND_OF_FOLDER,
    MODELS,
    WINDOWS_DEVICE_NAMES,
    AnyRecord,
    Claim,
    Kind,
    Report,
    id_problem,
)

MAX_ID = 120
TEMP_MARK = ".parley-"
INLINE_WIDTH = 100
SCHEMA_FOLDER = "schema"

# ``.<file name>.parley-<pid>-<8 hex>.tmp``: hidden, and not ``.toml``, so never loaded.
_TEMP_NAME = re.compile(r"\.(.+\.(?:toml|json))\.parley-([1-9][0-9]{0,9})-[0-9a-f]{8}\.tmp")
_OLD_TEMP_NAME = re.compile(r"\.(.+\.(?:toml|json))\.parley-tmp-[0-9a-f]{8}")
OLD_TEMP_AGE = 3600  # seconds

# Names Windows keeps for devices, whatever the extension: ``con.toml`` cannot be opened there.
DEVICE_NAMES = WINDOWS_DEVICE_NAMES


class WriteRefused(Exception):
    """parley would not write a file; the message says why, for the user."""


# -- stamps and expectations ------------------------------------------------


def file_stamp(path: Path | str) -> tuple[int, int] | None:
    """``(mtime_ns, size)`` as in ``ParsedFile.stamp``, or None when there is no file."""
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


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


def _check(path: Path, expect: Expect, label: str) -> None:
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
        _check(path, expect, label)  # the name itself must be free, a symlink or not
    path = _inside_dossier(path, Path(root) if root is not None else dossier_root(path), label)
    folder = path.parent
    if not folder.is_dir():
        raise WriteRefused(f"cannot write {label}: no folder {folder}")
    keep_mode = _replaceable_mode(path, label)
    _check(path, expect, label)
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
            _check(path, expect, label)  # once more, as late as possible
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
        return not _process_alive(int(match[2]))
    return time.time() - info.st_mtime > OLD_TEMP_AGE


def _process_alive(pid: int) -> bool:
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
        _check(path, Expect.new(), label)
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


# -- ids ----------------------------------------------------------------------


def slugify(text: str, max_len: int = 60, *, fallback: str = "record") -> str:
    """A readable, valid id from any text: ``"Сергій Кислиця"`` -> ``serhii-kyslytsia``.

    Transliterated to ASCII, lowercased, every run of other characters made one
    hyphen, cut at a word boundary to ``max_len``. Never empty: ``fallback``
    (the kind name, say) stands in when nothing usable is left. Never a Windows
    device name: ``"Con"`` -> ``con-claim`` with ``fallback="claim"`` (the one
    case where the id may run past ``max_len``).
    """
    max_len = max(1, min(max_len, MAX_ID))
    slug = re.sub(r"[^a-z0-9]+", "-", anyascii(text).lower()).strip("-")
    if len(slug) > max_len:
        cut = slug[: max_len + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else slug[:max_len]
        slug = slug[:max_len].strip("-")
    if not slug:
        slug = re.sub(r"[^a-z0-9]+", "-", anyascii(fallback).lower()).strip("-") or "record"
    if slug in DEVICE_NAMES:  # "Con" as con.toml could not be checked out on Windows
        suffix = re.sub(r"[^a-z0-9]+", "-", anyascii(fallback).lower()).strip("-")
        slug = f"{slug}-{suffix if suffix and suffix not in DEVICE_NAMES else 'record'}"
    return slug


def unique_id(taken: Container[str], base: str) -> str:
    """``base``, or ``base-2``, ``base-3``, ... : the first that is not taken."""
    if base not in taken:
        return base
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = base[: MAX_ID - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        n += 1


# -- new record files ---------------------------------------------------------

# Keys every record shares; a file gives them after the kind's own keys.
_COMMON = ("notes", "unknown")


def new_record_path(root: Path | str, kind: Kind, record_id: str) -> Path:
    """Where a new record goes: ``root/<folder>/<id>.toml``."""
    return Path(root) / FOLDERS[kind] / f"{record_id}.toml"


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | dict | tuple) and not value)


def _plain(value: Any) -> Any:
    """Model values as tomli_w takes them: enums as their strings, models as dicts."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, BaseModel):
        return {k: _plain(v) for k, v in value.model_dump().items() if not _is_empty(v)}
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items() if not _is_empty(v)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def validate_record(kind: Kind, data: Mapping[str, Any], record_id: str = "") -> AnyRecord:
    """The record ``data`` makes, or a pydantic ``ValidationError``.

    Empty values (None, "", [], {}) count as not given, as they are never written.
    """
    if "id" in data:
        raise ValueError("the id is the file name, not a key: pass it as record_id")
    clean = {k: v for k, v in _plain(dict(data)).items() if not _is_empty(v)}
    return MODELS[kind].model_validate({**clean, "id": record_id})


def record_toml(kind: Kind, data: Mapping[str, Any]) -> str:
    """The text of a new ``kind`` record file holding ``data``.

    The ``#:schema`` line, then the keys in the order of the model's fields:
    values and lists first, then ``[unknown]``, then the arrays of tables
    (``[[roles]]``, ``[[delegations]]``, ``[[reported_by]]``). Empty values are
    left out. Raises a pydantic ``ValidationError`` when ``data`` is no valid
    record, so the text always loads back into an equal one.
    """
    record = validate_record(kind, data)
    values = {
        key: _plain(getattr(record, key))
        for key in type(record).model_fields
        if key != "id" and not _is_empty(getattr(record, key))
    }
    order = [k for k in values if k not in _COMMON] + [k for k in _COMMON if k in values]
    tables = [k for k in order if _is_table_list(values[k])]
    simple = {k: values[k] for k in order if k not in tables and k != "unknown"}

    parts = [f"#:schema ../schema/{kind.value}.json\n", _dumps(simple)]
    if "unknown" in values:
        parts.append("\n[unknown]\n" + _dumps(values["unknown"]))
    for key in tables:
        for entry in values[key]:
            parts.append(f"\n[[{key}]]\n" + _dumps(entry))
    return "".join(parts)


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _dumps(values: Mapping[str, Any], *, multiline: bool = True) -> str:
    """``key = value`` lines by tomli_w; a short list stays on one line, as people write it.

    A string holding a carriage return is written on one line, escaped: tomli_w
    turns CRLF into LF in a multi-line string, and TOML readers may do the same.
    """
    lines: list[str] = []
    for key, value in values.items():
        if isinstance(value, list) and not _is_table_list(value):
            items = ", ".join(_value(item) for item in value)
            line = f"{key} = [{items}]\n"
            if len(line) <= INLINE_WIDTH and "\n" not in line[:-1]:
                lines.append(line)
                continue
        keep_lines = multiline and not _has_cr(value)
        lines.append(tomli_w.dumps({key: value}, multiline_strings=keep_lines))
    return "".join(lines)


def _has_cr(value: Any) -> bool:
    """Whether a string anywhere in ``value`` holds a carriage return."""
    if isinstance(value, str):
        return "\r" in value
    if isinstance(value, Mapping):
        return any(_has_cr(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_has_cr(v) for v in value)
    return False


def _value(value: Any) -> str:
    """One value as tomli_w writes it, on one line."""
    return tomli_w.dumps({"v": value}).split(" = ", 1)[1].rstrip("\n")


def create_record(root: Path | str, kind: Kind, data: Mapping[str, Any], record_id: str) -> Path:
    """Write a new record file and return its path.

    Validates first (a ``ValueError`` or pydantic ``ValidationError`` before
    anything touches the disk); refuses (``WriteRefused``) when the file exists.
    The kind's folder is made if the dossier lacks it.
    """
    if (why := id_problem(record_id)) is not None:
        raise ValueError(f"{record_id!r} is not a valid id: {why}")
    text = record_toml(kind, data)
    validate_record(kind, data, record_id)  # rules that need the id (a claim contradicting itself)
    root = Path(root)
    if not root.is_dir():
        raise WriteRefused(f"no such dossier folder: {root}")
    path = new_record_path(root, kind, record_id)
    label = f"{FOLDERS[kind]}/{record_id}.toml"
    _check(path, Expect.new(), label)
    path.parent.mkdir(exist_ok=True)
    atomic_write(path, text, expect=Expect.new(), label=label, root=root)
    return path


# -- adding to an existing claim ----------------------------------------------


def _parse_claim(text: str, record_id: str) -> Claim | None:
    try:
        return Claim.model_validate({**rtoml.loads(text), "id": record_id})
    except (rtoml.TomlParsingError, ValidationError, ValueError):
        return None


def append_report(
    path: Path | str,
    article_id: str,
    excerpt: str,
    *,
    expected_bytes: bytes,
    root: Path | str | None = None,
) -> str:
    """Add a ``[[reported_by]]`` entry to a claim file, keeping every byte already there.

    When the file has no inline ``reported_by = [...]`` array, the entry is
    appended at the end as a ``[[reported_by]]`` table, so the old text is a
    prefix of the new one. When it has one, the entry is added to that array
    with ``tomlkit``, which keeps the rest of the document (comments, order,
    spacing) as it was.

    Refused (``WriteRefused``, nothing written) when the file no longer holds
    ``expected_bytes``, when the article already reports the claim, or when the
    result would not be the same claim with exactly one more report, or when
    ``atomic_write`` refuses the file (a symlink out of the dossier ``root``,
    read-only). The excerpt is kept exactly as given, line endings included.
    Returns the new text.
    """
    path = Path(path)
    label = display_path(path)
    report = Report(article=article_id, excerpt=excerpt)  # bad input fails before anything
    try:
        current = read_regular(path, label)
    except FileNotFoundError:
        raise WriteRefused(f"{label} no longer exists; reload and try again") from None
    if current != expected_bytes:
        raise WriteRefused(f"{label} changed on disk since it was read; reload and try again")
    try:
        text = current.decode("utf-8")
    except UnicodeDecodeError:
        raise WriteRefused(f"{label} is not UTF-8; save it as UTF-8 first") from None
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text.removeprefix(bom)
    record_id = path.stem
    before = _parse_claim(body, record_id)
    if before is None:
        raise WriteRefused(f"{label} has errors; fix them first (parley check lists them)")
    if any(r.article == article_id for r in before.reported_by):
        raise WriteRefused(f"{article_id!r} already reports this claim in {label}")

    newline = "\r\n" if "\r\n" in body else "\n"
    entry = {"article": report.article, "excerpt": report.excerpt}
    if _has_inline_reports(body):
        new_body = _add_to_inline_array(body, entry, label)
    else:
        # Newlines inside a multi-line string would change with CRLF: escape them there.
        block = f"[[reported_by]]\n{_dumps(entry, multiline=newline == chr(10))}"
        if not body:
            sep = ""
        elif body.endswith(newline * 2) or body.endswith("\n\n"):
            sep = ""
        elif body.endswith("\n"):
            sep = newline
        else:
            sep = newline * 2
        new_body = body + sep + block.replace("\n", newline)
    new_text = bom + new_body

    after = _parse_claim(new_body, record_id)
    expected = before.model_copy(update={"reported_by": [*before.reported_by, report]})
    if after is None or after != expected:
        raise WriteRefused(
            f"adding the report would change more than the reports in {label}; nothing was written"
        )
    atomic_write(path, new_text, expect=Expect.unchanged(current), label=label, root=root)
    return new_text


def _has_inline_reports(body: str) -> bool:
    """True when ``reported_by`` is a key holding an inline array, not ``[[reported_by]]``."""
    # tomlkit loads only here: start-up (which removes stale temporary files) needs none of it.
    import tomlkit
    from tomlkit.exceptions import TOMLKitError
    from tomlkit.items import Array

    try:
        item = tomlkit.parse(body).get("reported_by")
    except TOMLKitError:  # not for tomlkit to edit; appending is checked all the same
        return False
    return isinstance(item, Array)


def _add_to_inline_array(body: str, entry: dict[str, str], label: str) -> str:
    import tomlkit
    from tomlkit.items import Array

    doc = tomlkit.parse(body)
    if tomlkit.dumps(doc) != body:
        raise WriteRefused(
            f"cannot add to the reported_by array in {label} without changing other "
            "lines; add the report by hand"
        )
    array = doc["reported_by"]
    assert isinstance(array, Array)
    # The values are written by tomli_w, then read in as one tomlkit inline table.
    pairs = ", ".join(f"{key} = {_value(value)}" for key, value in entry.items())
    table = tomlkit.parse(f"entry = {{ {pairs} }}\n")["entry"]
    array.append(table)
    return tomlkit.dumps(doc)
