"""The snapshot cache: a warm open is the cold load, re-reading only what changed since."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from parley import cli
from parley.dossier import reload as reload_module
from parley.dossier.check import Dossier
from parley.dossier.load import load, reload
from parley.dossier.model import Kind
from parley.files import cache
from parley.files.cache import open_dossier, snapshot_path, write_pending
from parley.ui import app as app_module
from parley.ui.app import ParleyApp
from parley.ui.messages import DossierChanged, DossierOpened

from .conftest import DOSSIERS, Messages
from .test_archive import archived

HOUR_AGO = time.time_ns() - 3600 * 10**9
CLAIM = "claims/kyslytsia-main-result-not-achieved.toml"


def settle(folder: Path, when: int = HOUR_AGO) -> None:
    """Every file of ``folder`` last modified ``when``: long enough ago to be trusted."""
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(when, when))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the frozen dossier, its files an hour old."""
    copy = tmp_path / "dossiers"
    shutil.copytree(DOSSIERS, copy)
    settle(copy)
    return copy


def snapshot(folder: Path) -> Dossier:
    """Open ``folder`` and write its snapshot, as the CLI does once its output is out."""
    dossier = open_dossier(folder)
    write_pending()
    cache.clear()  # as a new process: nothing remembered but the snapshot
    return dossier


def _unreachable(*_args: Any, **_kwargs: Any) -> Dossier:
    raise AssertionError("the folder was loaded whole, not from its snapshot")


@pytest.fixture
def no_load(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, loading the whole folder fails the test: only a snapshot may serve."""
    monkeypatch.setattr(cache, "load", _unreachable)


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files a warm open parses again (through the incremental reload)."""
    seen: list[Path] = []
    parse = reload_module.parse_file

    def counting(root: Path, path: Path) -> Any:
        seen.append(path)
        return parse(root, path)

    monkeypatch.setattr(reload_module, "parse_file", counting)
    return seen


def answers(dossier: Dossier) -> dict[str, Any]:
    """What a user sees of a dossier: its problems, records, and what the index answers."""
    index, archives = dossier.index, dossier.archives
    return {
        "problems": [(str(p), [str(r) for r in p.related]) for p in dossier.problems],
        "records": index.records,
        "paths": {i: str(p) for i, p in index.paths.items()},
        "files": sorted(str(p) for p in dossier.files),
        "order": {kind: index.ids(kind) for kind in Kind},
        "by_person": {p: index.claims_by_person(p) for p in index.ids(Kind.PERSON)},
        "disputes": [(d.topic, d.claims) for d in index.disputes()],
        "counts": index.counts(),
        "stale": dossier.stale,
        "archives": {str(p): (a.error, a.text and a.text.text) for p, a in archives.items()},
    }


def warm(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Dossier:
    """``folder`` opened from its snapshot (a whole load fails), checked against a cold load."""
    with monkeypatch.context() as patch:
        patch.setattr(cache, "load", _unreachable)
        dossier = open_dossier(folder)
    assert answers(dossier) == answers(load(folder))
    return dossier


def replace_keeping_stamp(path: Path, text: str) -> None:
    """Put a new file with ``text`` (of the same size) in place of ``path``, with its mtime."""
    before = path.stat()
    assert len(text.encode()) == before.st_size
    other = path.with_name(".replacement")
    other.write_text(text, "utf-8")
    os.utime(other, ns=(before.st_mtime_ns, before.st_mtime_ns))
    os.replace(other, path)
    after = path.stat()
    assert (after.st_mtime_ns, after.st_size) == (before.st_mtime_ns, before.st_size)
    assert after.st_ino != before.st_ino


# -- warm equals cold ------------------------------------------------------------------


def test_the_first_open_loads_the_folder_and_the_next_reads_its_snapshot(
    folder: Path, monkeypatch: pytest.MonkeyPatch, parsed: list[Path]
) -> None:
    cold = snapshot(folder)
    dossier = warm(folder, monkeypatch)
    assert answers(dossier) == answers(cold)
    assert parsed == []  # nothing changed: no file read again
    assert dossier.root == folder and dossier.absolute == folder.absolute()


def test_nothing_is_cached_before_a_snapshot_is_written(folder: Path, no_load: None) -> None:
    with pytest.raises(AssertionError, match="loaded whole"):
        open_dossier(folder)


def test_a_dossier_with_errors_warnings_and_archives_comes_back_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = archived(tmp_path, "not in the text at all")
    (root / "claims" / "orphan.toml").write_text('speaker = "nobody"\ntype = "quote"\n', "utf-8")
    settle(root)
    cold = snapshot(root)
    assert cold.errors and cold.archives
    assert answers(warm(root, monkeypatch)) == answers(cold)


def test_the_same_folder_named_another_way_shows_its_paths_as_given(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    snapshot(folder)
    monkeypatch.chdir(folder.parent)
    dossier = warm(Path("dossiers"), monkeypatch)
    assert all(not p.is_absolute() for p in dossier.files)
    assert str(dossier.problems[0].path).startswith("dossiers/")


# -- what changed is seen ----------------------------------------------------------------


def test_a_changed_file_is_read_again_and_only_it(
    folder: Path, monkeypatch: pytest.MonkeyPatch, parsed: list[Path]
) -> None:
    snapshot(folder)
    path = folder / CLAIM
    path.write_text(path.read_text("utf-8").replace("speaker =", "speaker = 1 #"), "utf-8")
    os.utime(path, ns=(HOUR_AGO + 10**9,) * 2)  # not now (racy), and not the mtime stored
    dossier = warm(folder, monkeypatch)
    assert parsed == [path]
    assert any(p.path == path and p.is_error for p in dossier.problems)


def test_an_added_file_is_seen(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    snapshot(folder)
    added = folder / "claims" / "a-new-claim.toml"
    shutil.copy(folder / CLAIM, added)
    settle(folder)
    assert "a-new-claim" in warm(folder, monkeypatch).index.records


def test_a_removed_file_is_seen(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    snapshot(folder)
    (folder / CLAIM).unlink()
    assert Path(CLAIM).stem not in warm(folder, monkeypatch).index.records


def test_a_renamed_file_is_seen(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    snapshot(folder)
    (folder / CLAIM).rename(folder / "claims" / "renamed.toml")
    records = warm(folder, monkeypatch).index.records
    assert "renamed" in records and Path(CLAIM).stem not in records


def test_a_renamed_folder_is_seen(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    snapshot(folder)
    (folder / "claims").rename(folder / ".claims")  # hidden: not read
    assert warm(folder, monkeypatch).index.ids(Kind.CLAIM) == []


def test_a_folder_replaced_by_a_link_is_not_followed(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    snapshot(folder)
    claims = folder / "claims"
    claims.rename(tmp_path / "claims")
    claims.symlink_to(tmp_path / "claims")  # a load does not follow it: no claims
    dossier = open_dossier(folder)
    assert dossier.index.ids(Kind.CLAIM) == []
    assert answers(dossier) == answers(load(folder))


def test_a_file_replaced_by_one_of_the_same_size_and_mtime_is_seen(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    snapshot(folder)
    path = folder / CLAIM
    text = path.read_text("utf-8")
    replace_keeping_stamp(path, text.replace("outcome", "results"))
    claim = warm(folder, monkeypatch).index.records[path.stem]
    assert "results" in claim.model_dump_json()


def test_a_file_changed_in_the_second_it_was_stamped_is_read_again(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = folder / CLAIM
    os.utime(path)  # just now: a write in the same clock tick keeps mtime, size and inode
    snapshot(folder)
    before = path.stat()
    text = path.read_text("utf-8")
    with path.open("r+", encoding="utf-8") as file:  # in place: the same inode
        file.write(text.replace("outcome", "results"))
    os.utime(path, ns=(before.st_mtime_ns, before.st_mtime_ns))
    assert path.stat().st_ino == before.st_ino
    claim = warm(folder, monkeypatch).index.records[path.stem]
    assert "results" in claim.model_dump_json()


def test_a_changed_archive_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    excerpt = "The next meeting is not yet set."
    root = archived(tmp_path, excerpt)
    settle(root)
    assert not snapshot(root).errors
    archive = root / "archives" / "a.md"
    text = archive.read_text("utf-8")
    replace_keeping_stamp(archive, text.replace("not yet set", "not now set"))
    assert warm(root, monkeypatch).errors  # the excerpt is no longer in it
    snapshot(root)
    archive.write_text(text + "\nMore.\n", "utf-8")
    os.utime(archive, ns=(HOUR_AGO + 10**9,) * 2)
    assert not warm(root, monkeypatch).errors


def test_a_folder_moved_to_a_new_path_names_its_files_there(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    snapshot(folder)
    moved = folder.with_name("moved")
    folder.rename(moved)
    dossier = open_dossier(moved)
    assert all(moved in p.parents for p in dossier.files)
    assert all(moved in p.path.parents for p in dossier.problems)
    write_pending()
    cache.clear()
    warm(moved, monkeypatch)


# -- a snapshot that cannot serve ----------------------------------------------------


def _damage_truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _damage_flip(path: Path) -> None:
    data = path.read_bytes()
    assert data.count(b"Kyslytsia") > 1
    path.write_bytes(data.replace(b"Kyslytsia", b"Kyslytsya"))  # still a good pickle


def _damage_empty(path: Path) -> None:
    path.write_bytes(b"")


def _damage_garbage(path: Path) -> None:
    path.write_bytes(b"\x80\x05not a pickle at all" * 100)


@pytest.mark.parametrize("damage", [_damage_truncate, _damage_flip, _damage_empty, _damage_garbage])
def test_a_damaged_snapshot_is_ignored_and_rebuilt(
    folder: Path, monkeypatch: pytest.MonkeyPatch, damage: Any
) -> None:
    snapshot(folder)
    path = snapshot_path(folder.absolute())
    assert path is not None
    damage(path)
    (folder / CLAIM).unlink()  # and the folder changed meanwhile
    dossier = open_dossier(folder)
    assert answers(dossier) == answers(load(folder))
    write_pending()
    cache.clear()
    warm(folder, monkeypatch)


def test_a_snapshot_of_another_format_is_ignored(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(cache, "FORMAT", cache.FORMAT - 1)
        snapshot(folder)
    written = snapshot_path(folder.absolute())
    assert written is not None and written.exists()
    (folder / CLAIM).unlink()
    with pytest.raises(AssertionError, match="loaded whole"):
        warm(folder, monkeypatch)


def test_a_snapshot_written_by_other_code_is_ignored(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    snapshot(folder)
    monkeypatch.setattr(cache, "_fingerprint", "another parley")
    with pytest.raises(AssertionError, match="loaded whole"):
        warm(folder, monkeypatch)


def test_a_snapshot_others_could_have_written_is_ignored(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    snapshot(folder)
    path = snapshot_path(folder.absolute())
    assert path is not None
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
    path.chmod(0o666)
    with pytest.raises(AssertionError, match="loaded whole"):
        warm(folder, monkeypatch)


def test_a_cache_folder_that_cannot_be_written_changes_nothing(
    folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("", "utf-8")
    monkeypatch.setenv(cache.ENV, str(blocked / "cache"))  # under a file: never a folder
    assert cli.main(["check", str(folder)]) == 0
    first = capsys.readouterr()
    assert cli.main(["check", str(folder)]) == 0
    assert capsys.readouterr() == first
    assert "7 warnings" in first.out and not first.err


def test_the_cache_can_be_turned_off(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.ENV, "off")
    snapshot(folder)
    assert snapshot_path(folder.absolute()) is None
    monkeypatch.delenv(cache.ENV)
    path = snapshot_path(folder.absolute())
    assert path is not None and not path.exists()


def test_the_cache_folder_can_be_chosen(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.ENV, str(tmp_path / "elsewhere"))
    snapshot(folder)
    assert [p.suffix for p in (tmp_path / "elsewhere").iterdir()] == [".pickle"]
    warm(folder, monkeypatch)


# -- the CLI and the app use it ------------------------------------------------------


def test_a_second_parley_check_reads_the_snapshot(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["check", "--format", "json", str(folder)]) == 0
    first = capsys.readouterr().out
    cache.clear()
    monkeypatch.setattr(cache, "load", _unreachable)
    assert cli.main(["check", "--format", "json", str(folder)]) == 0
    assert capsys.readouterr().out == first
    assert json.loads(first)["warnings"] == 7


def test_a_check_of_an_unchanged_folder_reads_only_the_report(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    snapshot(folder)
    expected = cli.summary(load(folder))

    def no_dossier(*_args: Any) -> Dossier:
        raise AssertionError("the dossier was read from the snapshot")

    monkeypatch.setattr(cache, "load", _unreachable)
    monkeypatch.setattr(cache.Snapshot, "dossier", no_dossier)
    assert cli.main(["check", str(folder)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == expected


@pytest.mark.parametrize("options", [[], ["--sources"], ["--format", "json"]])
def test_a_check_after_a_change_says_what_a_cold_check_says(
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    options: list[str],
) -> None:
    snapshot(folder)
    path = folder / CLAIM
    path.write_text(path.read_text("utf-8").replace('"serhii-kyslytsia"', '"nobody"'), "utf-8")
    os.utime(path, ns=(HOUR_AGO + 10**9,) * 2)
    with monkeypatch.context() as patch:
        patch.setattr(cache, "load", _unreachable)
        assert cli.main(["check", *options, str(folder)]) == 1
    warm_out = capsys.readouterr().out
    monkeypatch.setenv(cache.ENV, "off")
    assert cli.main(["check", *options, str(folder)]) == 1
    assert capsys.readouterr().out == warm_out
    assert "no person with id 'nobody'" in warm_out


def test_cite_and_export_read_the_snapshot(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    snapshot(folder)
    monkeypatch.setattr(cache, "load", _unreachable)
    record = Path(CLAIM).stem
    assert cli.main(["cite", record, str(folder)]) == 0
    assert cli.main(["export", "--format", "json", str(folder)]) == 0
    assert record in capsys.readouterr().out


def test_two_processes_with_a_cold_cache_both_answer_and_leave_it_valid(
    folder: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    command = [sys.executable, "-m", "parley", "check", str(folder)]
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home.parent.parent)}
    runs = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=50) for run in runs]
    expected = cli.summary(load(folder))
    for out, err in outputs:
        assert out.decode().splitlines()[-1] == expected
        assert err == b""
    assert [p.suffix for p in cache_home.iterdir()] == [".pickle"]  # no temp file left
    warm(folder, monkeypatch)


async def test_the_app_opens_from_the_snapshot_and_writes_it(
    folder: Path, monkeypatch: pytest.MonkeyPatch, messages: Messages
) -> None:
    saved: list[bool] = []
    monkeypatch.setattr(app_module, "save_in_background", lambda d: saved.append(cache.save(d)))
    app = ParleyApp(folder, watch=False)
    async with app.run_test(message_hook=messages) as pilot:
        await messages.wait(DossierOpened)
        await pilot.pause()
    assert saved == [True]  # written once shown
    cache.clear()
    monkeypatch.setattr(cache, "load", _unreachable)
    app = ParleyApp(folder, watch=False)
    async with app.run_test(message_hook=messages) as pilot:
        opened = await messages.wait(DossierOpened, after=messages.mark())
        await pilot.pause()
    assert answers(opened.dossier) == answers(load(folder))


def test_a_snapshot_saved_after_reloads_trusts_no_file_replaced_meanwhile(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = open_dossier(folder)
    assert cache.save(opened)
    # While the dossier is open, one file is replaced keeping its mtime and size (a reload,
    # which compares those two only, keeps the old record), another is edited.
    path = folder / CLAIM
    replace_keeping_stamp(path, path.read_text("utf-8").replace("outcome", "results"))
    other = folder / "claims" / "holy-see-ready-to-organise-further-rounds.toml"
    other.write_text(other.read_text("utf-8") + "\n", "utf-8")
    os.utime(other, ns=(HOUR_AGO + 10**9,) * 2)
    reloaded, changed = reload(opened, {path, other})
    assert changed == {other}
    assert cache.save(reloaded)
    cache.clear()
    claim = warm(folder, monkeypatch).index.records[path.stem]
    assert "results" in claim.model_dump_json()


async def test_the_app_saves_the_snapshot_again_once_reloads_settle(
    folder: Path, monkeypatch: pytest.MonkeyPatch, messages: Messages
) -> None:
    saved: list[Dossier] = []

    def save_now(dossier: Dossier) -> None:
        assert cache.save(dossier)
        saved.append(dossier)

    monkeypatch.setattr(app_module, "save_in_background", save_now)
    app = ParleyApp(folder, watch=False)
    app.collect_delay = 600  # the timer would run it too: only the call below does
    async with app.run_test(message_hook=messages) as pilot:
        await messages.wait(DossierOpened)
        path = folder / CLAIM
        path.write_text(path.read_text("utf-8").replace('"serhii-kyslytsia"', '"nobody"'), "utf-8")
        os.utime(path, ns=(HOUR_AGO + 10**9,) * 2)
        assert await app.refresh_dossier({path})
        await messages.wait(DossierChanged)
        app._collect_and_freeze()  # what the timer runs once reloads settle
        await pilot.pause()
    assert [bool(d.errors) for d in saved] == [False, True]
    cache.clear()
    assert "no person with id 'nobody'" in str(warm(folder, monkeypatch).errors[0])


def test_a_snapshot_read_counts_as_used(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    snapshot(folder)
    path = snapshot_path(folder.absolute())
    assert path is not None
    os.utime(path, (0, 0))
    warm(folder, monkeypatch)
    assert path.stat().st_mtime > time.time() - cache.UNUSED_DAYS * 86400


def test_a_write_removes_what_killed_writers_left_and_snapshots_unused_for_long(
    folder: Path, cache_home: Path
) -> None:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait(timeout=30)  # its pid now names no process
    cache_home.mkdir(parents=True)
    dead = cache_home / f".x.pickle.{gone.pid}-1.tmp"
    alive = cache_home / f".y.pickle.{os.getpid()}-1.tmp"
    unused, used = cache_home / "unused.pickle", cache_home / "used.pickle"
    for path in (dead, alive, unused, used):
        path.write_bytes(b"")
    long_ago = time.time() - (cache.UNUSED_DAYS + 1) * 86400
    os.utime(unused, (long_ago, long_ago))
    snapshot(folder)
    written = snapshot_path(folder.absolute())
    assert written is not None
    assert {p.name for p in cache_home.iterdir()} == {alive.name, used.name, written.name}


def test_ctrl_c_while_the_snapshot_is_written_keeps_the_answer_and_leaves_no_file(
    folder: Path,
    cache_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def interrupted(*_args: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cache._Pickler, "dump", interrupted)
    assert cli.main(["check", str(folder)]) == 0
    out, err = capsys.readouterr()
    assert "7 warnings" in out and err == ""
    assert list(cache_home.iterdir()) == []  # the temp file went too


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the detached writer needs fork")
def test_the_command_leaves_the_snapshot_to_a_detached_writer(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After its answer a command forks the writing off (seconds at 100k), and the child
    writes a snapshot that serves the next start."""
    monkeypatch.delenv(cache.WAIT_ENV)
    open_dossier(folder)
    child = write_pending(detach=True)
    assert child is not None
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    cache.clear()
    monkeypatch.setattr(cache, "load", _unreachable)
    assert open_dossier(folder).index.get("serhii-kyslytsia") is not None
