"""Files and folders that are not ordinary: the loader and `parley check` finish and say why."""

from __future__ import annotations

import errno
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.cli import main
from parley.dossier.load import MAX_FILE_BYTES, Dossier, load, reload
from parley.dossier.model import Kind, id_problem, is_valid_id

from .conftest import DOSSIERS

T = TypeVar("T")
SECONDS = 20  # far more than any of these needs; the old loader never finished at all

posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs and /dev/zero are POSIX")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the bundled dossier, which checks clean."""
    target = tmp_path / "d"
    shutil.copytree(DOSSIERS, target)
    return target


def within(run: Callable[[], T], fifos: list[Path] = []) -> T:  # noqa: B006 (never mutated)
    """``run()``, failing after ``SECONDS`` instead of hanging the suite.

    A loader stuck opening a FIFO is set free afterwards by opening its write end.
    """
    result: list[T] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            result.append(run())
        except BaseException as error:  # reported in the test's own thread
            errors.append(error)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(SECONDS)
    if thread.is_alive():
        for fifo in fifos:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(SECONDS)
        pytest.fail(f"still running after {SECONDS} s: it blocked")
    if errors:
        raise errors[0]
    return result[0]


def errors_at(dossier: Dossier, path: Path) -> list[str]:
    return [f"{p.line}:{p.col}: {p.message}" for p in dossier.errors if p.path == path]


def count(dossier: Dossier, kind: Kind) -> int:
    return dossier.index.counts()[kind]


# -- not a regular file ----------------------------------------------------------


@posix_only
def test_a_fifo_named_like_a_record_is_reported_not_waited_on(folder: Path) -> None:
    fifo = folder / "claims" / "y.toml"
    os.mkfifo(fifo)
    dossier = within(lambda: load(folder), [fifo])
    assert errors_at(dossier, fifo) == [
        "1:1: not a regular file (a FIFO (named pipe)); parley reads only regular files"
    ]
    assert count(dossier, Kind.CLAIM) == count(load(DOSSIERS), Kind.CLAIM)


@posix_only
def test_a_fifo_appearing_under_a_running_app_does_not_stop_reloads(folder: Path) -> None:
    first = load(folder)
    fifo = folder / "claims" / "y.toml"
    os.mkfifo(fifo)
    second, changed = within(lambda: reload(first, [fifo]), [fifo])
    assert changed == {fifo}
    assert "not a regular file" in errors_at(second, fifo)[0]
    # The next edit is still seen.
    person = folder / "people" / "alexander-bevz.toml"
    person.write_text(person.read_text("utf-8").replace("Alexander Bevz", "A. Bevz"), "utf-8")
    third, _ = within(lambda: reload(second, [person]), [fifo])
    assert third.index.get("alexander-bevz").name == "A. Bevz"  # type: ignore[union-attr]
    # A full reload (a folder event) walks past it too.
    person.write_text(person.read_text("utf-8").replace("A. Bevz", "Bevz"), "utf-8")
    fourth, _ = within(lambda: reload(third), [fifo])
    assert fourth.index.get("alexander-bevz").name == "Bevz"  # type: ignore[union-attr]
    assert "not a regular file" in errors_at(fourth, fifo)[0]


@posix_only
@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_symlink_to_dev_zero_is_refused_unread(folder: Path) -> None:
    link = folder / "claims" / "zero.toml"
    link.symlink_to("/dev/zero")
    dossier = within(lambda: load(folder))
    assert errors_at(dossier, link) == [
        "1:1: not a regular file (a symbolic link to a character device); "
        "parley reads only regular files"
    ]


def test_a_symlink_to_a_regular_file_inside_still_loads(folder: Path) -> None:
    target = folder / "people" / "alexander-bevz.toml"
    target.rename(folder / "people" / "bevz.txt")
    target.symlink_to("bevz.txt")
    dossier = load(folder)
    assert dossier.index.get("alexander-bevz") is not None
    assert dossier.errors == []


@posix_only
def test_sockets_broken_and_looping_symlinks_are_each_reported(folder: Path) -> None:
    claims = folder / "claims"
    sock_path = claims / "s.toml"
    with socket.socket(socket.AF_UNIX) as sock:
        try:
            sock.bind(str(sock_path))
        except OSError:  # a path too long for a socket address on this system
            pytest.skip("cannot bind a socket here")
        (claims / "broken.toml").symlink_to("nowhere.toml")
        (claims / "loop.toml").symlink_to("loop.toml")
        (folder / "people" / "cycle").symlink_to("..")  # a folder loop: not followed
        dossier = within(lambda: load(folder))
    assert errors_at(dossier, sock_path) == [
        "1:1: not a regular file (a socket); parley reads only regular files"
    ]
    assert errors_at(dossier, claims / "broken.toml") == [
        "1:1: cannot read file: No such file or directory"
    ]
    assert errors_at(dossier, claims / "loop.toml") == [
        "1:1: cannot read file: Too many levels of symbolic links"
    ]
    assert len(dossier.errors) == 3


# -- too big -----------------------------------------------------------------------


def test_a_huge_sparse_file_is_refused_without_reading_it(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    huge = folder / "claims" / "huge.toml"
    with huge.open("wb") as file:
        os.truncate(file.fileno(), 3 * 1024**3)
    read: list[int] = []
    real_read = os.read

    def counting_read(fd: int, n: int) -> bytes:
        data = real_read(fd, n)
        read.append(len(data))
        return data

    monkeypatch.setattr(os, "read", counting_read)
    dossier = within(lambda: load(folder))
    assert errors_at(dossier, huge) == [
        "1:1: file is too big (3,221,225,472 bytes); parley reads record files of at most "
        "8 MiB (8,388,608 bytes)"
    ]
    assert sum(read) < 1024 * 1024  # the other files' bytes only, not the 3 GB


def test_a_file_just_over_the_limit_is_refused_and_one_at_it_is_read(folder: Path) -> None:
    assert MAX_FILE_BYTES == 8 * 1024 * 1024
    person = folder / "people" / "alexander-bevz.toml"
    text = person.read_text("utf-8")
    padding = MAX_FILE_BYTES - len(text.encode()) - 1
    person.write_text(text + "#" * padding + "\n", "utf-8")
    assert person.stat().st_size == MAX_FILE_BYTES
    assert load(folder).index.get("alexander-bevz") is not None
    with person.open("a") as file:
        file.write("\n")
    assert "file is too big" in errors_at(load(folder), person)[0]


# -- unreadable and vanished folders ----------------------------------------------------


def refuse_listing(monkeypatch: pytest.MonkeyPatch, refused: Path) -> None:
    """Make listing ``refused`` fail as ``chmod 000`` does (root ignores chmod)."""
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:
        if Path(path) == refused:
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_an_unreadable_subfolder_is_an_error_not_zero_records(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    refuse_listing(monkeypatch, folder / "claims")
    dossier = load(folder)
    assert errors_at(dossier, folder / "claims") == [
        "1:1: cannot read folder: Permission denied; its files were not loaded"
    ]
    assert main(["check", str(folder)]) == 1
    out = capsys.readouterr().out
    assert f"{folder}/claims:1:1: error: cannot read folder: Permission denied" in out


def test_an_unreadable_dossier_folder_is_an_error(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    refuse_listing(monkeypatch, folder)
    assert main(["check", str(folder)]) == 1
    out = capsys.readouterr().out
    assert f"{folder}:1:1: error: cannot read the dossier folder: Permission denied" in out


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any folder")
def test_a_chmod_000_folder_is_an_error(folder: Path) -> None:
    (folder / "claims").chmod(0)
    try:
        assert "Permission denied" in errors_at(load(folder), folder / "claims")[0]
    finally:
        (folder / "claims").chmod(0o755)


def test_a_folder_that_becomes_unreadable_keeps_its_records_stale(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load(folder)
    claims = set(first.index.ids(Kind.CLAIM))
    refuse_listing(monkeypatch, folder / "claims")
    second, changed = reload(first)
    assert folder / "claims" in changed
    assert set(second.index.ids(Kind.CLAIM)) == claims
    assert second.stale == claims
    [problem] = second.errors
    assert problem.message == (
        "cannot read folder: Permission denied; its files are shown as last loaded"
    )
    monkeypatch.undo()
    third, _ = reload(second)
    assert third.stale == frozenset() and third.errors == []


@pytest.mark.parametrize("how", ["walk", "folder event", "file events"])
def test_the_dossier_folder_renamed_away_keeps_the_last_records_stale(
    folder: Path, how: str
) -> None:
    first = load(folder)
    files = list(first.files)
    folder.rename(folder.with_name("elsewhere"))
    paths = {"walk": None, "folder event": [folder], "file events": files}[how]
    second, _ = reload(first, paths)
    gone = "dossier folder is gone (moved, renamed or deleted?); the records shown are from before"
    assert [(p.path, p.message) for p in second.errors] == [(folder, gone)]
    assert second.index.counts() == first.index.counts()
    assert second.stale == set(first.index.records)
    # Back again: everything is fresh.
    folder.with_name("elsewhere").rename(folder)
    third, _ = reload(second)
    assert third.errors == [] and third.stale == frozenset()
    assert third.index.counts() == first.index.counts()


def test_a_missing_folder_given_to_load_is_an_error(tmp_path: Path) -> None:
    dossier = load(tmp_path / "nope")
    assert [p.message for p in dossier.errors] == ["no such dossier folder"]
    (tmp_path / "file").write_text("", "utf-8")
    dossier = load(tmp_path / "file")
    assert [p.message for p in dossier.errors] == ["the dossier folder is a file, not a folder"]


# -- relative roots and a watcher's absolute paths ---------------------------------------


def edit_name(path: Path, new: str, old: str = "Alexander Bevz") -> None:
    text = path.read_text("utf-8")
    path.write_text(text.replace(f'name = "{old}"', f'name = "{new}"'), "utf-8")


def test_reload_with_absolute_paths_after_loading_a_relative_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(DOSSIERS, tmp_path / "dossiers")
    monkeypatch.chdir(tmp_path)
    first = load("dossiers")
    person = tmp_path / "dossiers" / "people" / "alexander-bevz.toml"
    edit_name(person, "A. Bevz")
    second, changed = reload(first, [person])  # what the watcher reports: absolute
    assert changed == {Path("dossiers/people/alexander-bevz.toml")}
    assert second.index.get("alexander-bevz").name == "A. Bevz"  # type: ignore[union-attr]
    # Problems still name files as the user gave the folder.
    (tmp_path / "dossiers" / "claims" / "bad.toml").write_text("text = \n", "utf-8")
    third, _ = reload(second, [str(tmp_path / "dossiers" / "claims" / "bad.toml")])
    [problem] = third.errors
    assert str(problem).startswith("dossiers/claims/bad.toml:1:")


def test_check_names_files_as_the_user_gave_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(DOSSIERS, tmp_path / "dossiers")
    (tmp_path / "dossiers" / "claims" / "nul.toml").write_text("", "utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "dossiers"]) == 1
    assert capsys.readouterr().out.startswith("dossiers/claims/nul.toml:1:1: error: ")
    monkeypatch.chdir(tmp_path / "dossiers")
    assert main(["check", "."]) == 1
    assert capsys.readouterr().out.startswith("claims/nul.toml:1:1: error: ")


def test_reload_from_inside_the_folder_given_as_dot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(DOSSIERS, tmp_path / "dossiers")
    monkeypatch.chdir(tmp_path / "dossiers")
    first = load(".")
    person = tmp_path / "dossiers" / "people" / "alexander-bevz.toml"
    edit_name(person, "A. Bevz")
    second, _ = reload(first, [person])
    assert second.index.get("alexander-bevz").name == "A. Bevz"  # type: ignore[union-attr]
    # Relative paths, and a path outside the folder, are understood too.
    edit_name(person, "Alexander Bevz", "A. Bevz")
    third, _ = reload(second, [Path("people/alexander-bevz.toml"), tmp_path / "x.toml"])
    assert third.index.get("alexander-bevz").name == "Alexander Bevz"  # type: ignore[union-attr]
    assert [str(p) for p in third.problems] == [str(p) for p in load(".").problems]


def test_reload_with_relative_paths_after_loading_an_absolute_folder(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load(folder)
    monkeypatch.chdir(folder / "people")
    edit_name(folder / "people" / "alexander-bevz.toml", "A. Bevz")
    second, changed = reload(first, [Path("alexander-bevz.toml")])
    assert changed == {folder / "people" / "alexander-bevz.toml"}
    assert second.index.get("alexander-bevz").name == "A. Bevz"  # type: ignore[union-attr]


# -- Windows device names ------------------------------------------------------------------


DEVICES = ["con", "prn", "aux", "nul", "com1", "com9", "lpt1", "lpt9"]


@pytest.mark.parametrize("name", DEVICES)
def test_windows_device_names_are_not_ids(name: str) -> None:
    assert not is_valid_id(name)
    assert f"{name!r} is a device name on Windows" in (id_problem(name) or "")
    assert not is_valid_id(name.upper())
    assert is_valid_id(f"{name}-talks") and is_valid_id(f"x-{name}")


@pytest.mark.parametrize("name", ["con", "nul", "aux", "com1", "lpt3"])
def test_a_file_named_after_a_windows_device_is_refused_by_the_loader(
    folder: Path, name: str
) -> None:
    path = folder / "claims" / f"{name}.toml"
    shutil.copy(folder / "claims" / "kyslytsia-they-know-our-background.toml", path)
    assert errors_at(load(folder), path) == [
        f"1:1: file name '{name}.toml' is not a valid id: '{name}' is a device name on "
        f"Windows, where a file named {name}.toml cannot be opened; choose another id"
    ]


def test_the_new_record_form_and_writer_refuse_a_device_name_saying_why(folder: Path) -> None:
    from parley.files.ids import slugify
    from parley.files.records import create_record
    from parley.present.forms import check_form

    index = load(folder).index
    person = {"name": "Nul", "side": "ukraine"}
    result = check_form(Kind.PERSON, person, index, record_id="nul")
    assert "device name on Windows" in result.errors["id"]
    with pytest.raises(ValueError, match="device name on Windows"):
        create_record(folder, Kind.PERSON, person, "nul")
    assert not (folder / "people" / "nul.toml").exists()
    # An id suggested from a name never is one.
    assert slugify("Con") == "con-record" and slugify("AUX", fallback="person") == "aux-person"
    suggested = check_form(Kind.PERSON, person, index)
    assert suggested.ok and suggested.record_id == "nul-person"


def test_ordinary_bad_ids_keep_their_message(folder: Path) -> None:
    path = folder / "claims" / "Bad_Name.toml"
    path.write_text("", "utf-8")
    assert errors_at(load(folder), path) == [
        "1:1: file name 'Bad_Name.toml' is not a valid id: use lowercase letters, digits "
        "and single hyphens, e.g. 'serhii-kyslytsia.toml'"
    ]


# -- parley check --------------------------------------------------------------------------

WARNINGS = "7 warnings"  # the bundled dossier's own


@pytest.fixture
def hostile(folder: Path) -> Iterator[Path]:
    """The dossier with a FIFO, a symlink to /dev/zero and a 3 GB sparse file in it."""
    if os.name != "posix" or not os.path.exists("/dev/zero"):
        pytest.skip("needs FIFOs and /dev/zero")
    os.mkfifo(folder / "claims" / "y.toml")
    (folder / "people" / "zero.toml").symlink_to("/dev/zero")
    with (folder / "articles" / "huge.toml").open("wb") as file:
        os.truncate(file.fileno(), 3 * 1024**3)
    yield folder


def test_check_on_hostile_files_finishes_with_located_errors(
    hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = within(lambda: main(["check", str(hostile)]), [hostile / "claims" / "y.toml"])
    assert code == 1
    lines = capsys.readouterr().out.splitlines()
    assert f"{hostile}/claims/y.toml:1:1: error: not a regular file (a FIFO (named pipe)); " \
        "parley reads only regular files" in lines  # fmt: skip
    assert f"{hostile}/people/zero.toml:1:1: error: not a regular file (a symbolic link to " \
        "a character device); parley reads only regular files" in lines  # fmt: skip
    assert any(
        line.startswith(f"{hostile}/articles/huge.toml:1:1: error: file is too big")
        for line in lines
    )
    assert lines[-1].endswith(f"; 3 errors, {WARNINGS}")


def test_check_on_hostile_files_from_the_shell_does_not_hang(hostile: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "parley", "check", str(hostile)],
        capture_output=True, text=True, check=False, timeout=SECONDS,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines()[-1].endswith(f"; 3 errors, {WARNINGS}")


# -- any bytes at all -----------------------------------------------------------------------

KIND_FILES = {
    Kind.ROUND: "rounds/r.toml",
    Kind.PERSON: "people/p.toml",
    Kind.CLAIM: "claims/c.toml",
    Kind.ARTICLE: "articles/a.toml",
}

# Bytes close to TOML are far likelier to reach validation than uniform noise.
toml_ish = st.lists(
    st.sampled_from(
        [b"name", b"title", b"text", b"side", b"date", b"=", b" ", b"\n", b'"', b"'", b"[",
         b"]", b"[[", b"]]", b"{", b"}", b",", b".", b"#", b"2025-05-16", b"1", b"nan",
         b"\\", b'"""', b"\xff", b"\x00", b"\r\n", b"\xef\xbb\xbf", b"unknown", b"roles"]
    )
).map(b"".join)  # fmt: skip


def sample(kind: Kind) -> bytes:
    """A valid record of ``kind`` from the bundled dossier."""
    return min((DOSSIERS / kind.folder).glob("*.toml")).read_bytes()


@st.composite
def dossier_files(draw: st.DrawFn) -> tuple[Kind, bytes]:
    """A kind and its file: noise, TOML-like tokens, or a valid record cut and spliced."""
    kind = draw(st.sampled_from(list(Kind)))
    how = draw(st.sampled_from(["noise", "tokens", "splice"]))
    if how == "noise":
        return kind, draw(st.binary(max_size=300))
    if how == "tokens":
        return kind, draw(toml_ish)
    valid = sample(kind)
    start = draw(st.integers(0, len(valid)))
    end = draw(st.integers(start, min(len(valid), start + 40)))
    return kind, valid[:start] + draw(st.one_of(toml_ish, st.binary(max_size=8))) + valid[end:]


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(file=dossier_files())
def test_any_bytes_in_any_file_load_to_a_record_or_a_problem(
    tmp_path: Path, file: tuple[Kind, bytes]
) -> None:
    kind, data = file
    for name in KIND_FILES.values():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).unlink(missing_ok=True)
    path = tmp_path / KIND_FILES[kind]
    path.write_bytes(data)
    dossier = load(tmp_path)
    record = dossier.index.get(path.stem)
    assert record is not None or any(p.path == path and p.is_error for p in dossier.problems)
    if record is not None:
        assert record.kind is kind
