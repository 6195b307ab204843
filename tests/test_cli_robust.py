"""The `parley` command never prints a traceback: a message and an exit status instead."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path
from subprocess import CompletedProcess
from typing import IO

import pytest

import parley.cli
import parley.files.cache
from parley.cli import main

from .conftest import DOSSIERS, not_executable

LONG = "x" * 5_000  # longer than any file name a system allows
KYS = "serhii-kyslytsia"


def log_file(state_home: Path) -> Path:
    return state_home / "parley" / "parley.log"


def run_parley(*args: str, stdout: int | IO[str] = subprocess.PIPE) -> CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "parley", *args],
        stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=30, check=False,
    )  # fmt: skip


def many_problems(folder: Path, count: int = 2_000) -> Path:
    """A dossier whose `check` output is far larger than a pipe holds."""
    claims = folder / "claims"
    claims.mkdir(parents=True)
    for n in range(count):
        (claims / f"claim-{n:05}.toml").write_text(f"text = 'claim {n}'\n", "utf-8")
    return folder


def test_check_into_a_pipe_closed_early_stops_quietly(tmp_path: Path) -> None:
    folder = many_problems(tmp_path / "d")
    command = (
        f"{shlex.quote(sys.executable)} -m parley check {shlex.quote(str(folder))} | head -1;"
        ' echo "parley exited with ${PIPESTATUS[0]}"'
    )
    result = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, timeout=30, check=False
    )
    first, status = result.stdout.splitlines()
    assert first.startswith(str(folder / "claims" / "claim-00000.toml"))
    assert status == "parley exited with 1"  # what Python does on a broken pipe
    assert result.stderr == ""


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_check_into_a_full_disk_says_so() -> None:
    with open("/dev/full", "w") as full:
        result = run_parley("check", str(DOSSIERS), stdout=full)
    assert result.returncode == 1
    assert (
        result.stderr
        == "parley: cannot write output: OSError: [Errno 28] No space left on device\n"
    )


@pytest.mark.parametrize(
    "args",
    [["check", LONG], ["schema", LONG], ["edit", KYS, LONG], [LONG]],
    ids=["check", "schema", "edit", "browse"],
)
def test_a_path_too_long_is_refused_with_a_message(args: list[str]) -> None:
    result = run_parley(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith("parley: cannot use xxx") and line.endswith(": File name too long")
    assert len(line) < 200  # the path is cut, not printed whole


def test_an_unexpected_error_is_one_line_and_the_traceback_goes_to_the_log(
    state_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(_folder: Path) -> None:
        raise RuntimeError("bad state \x1b]0;PWNED\x07 here")

    monkeypatch.setattr(parley.files.cache, "open_report", broken)
    assert main(["check", str(DOSSIERS)]) == 1
    out, err = capsys.readouterr()
    log = log_file(state_home)
    assert err == (
        "parley: internal error: RuntimeError: bad state \\x1b]0;PWNED"
        f"\\x07 here; details in {log}\n"
    )
    assert out == ""
    text = log.read_text("utf-8")
    assert "internal error" in text and "Traceback (most recent call last)" in text
    assert "in broken" in text and "RuntimeError: bad state" in text
    assert "\x1b" not in text and "\x07" not in text


@pytest.mark.parametrize("blocked", ["state folder is a file", "log is a folder"])
def test_a_log_that_cannot_be_written_is_said_and_nothing_else_is_printed(
    blocked: str,
    state_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if blocked == "log is a folder":
        log_file(state_home).mkdir(parents=True)
    else:
        state_home.write_text("", "utf-8")

    def broken(_folder: Path) -> None:
        raise RuntimeError("bad state")

    monkeypatch.setattr(parley.files.cache, "open_report", broken)
    assert main(["check", str(DOSSIERS)]) == 1
    err = capsys.readouterr().err
    prefix = "parley: internal error: RuntimeError: bad state; no details: cannot write "
    assert err.startswith(f"{prefix}{log_file(state_home)}: ")
    assert err.count("\n") == 1  # no "--- Logging error ---" and its traceback


def test_ctrl_c_stops_with_a_message_and_the_shell_convention(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(_folder: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(parley.files.cache, "open_report", interrupted)
    assert main(["check", str(DOSSIERS)]) == 130
    assert capsys.readouterr().err == "parley: interrupted\n"


def test_help_says_where_the_log_is_and_a_normal_run_writes_none(
    state_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--help"]) == 0
    assert f"\n  {log_file(state_home)}\n" in capsys.readouterr().out
    assert main(["check", str(DOSSIERS)]) == 0
    assert not state_home.exists()


MISSING = "cannot start the editor '/no/such/editor': no such command"
UNBALANCED = "$EDITOR is not a command line (No closing quotation): vim '+set nu"


@pytest.mark.parametrize(
    ("editor", "said"),
    [
        (lambda _tmp: "/no/such/editor --wait", MISSING),
        (not_executable, "': not an executable file"),
        (lambda _tmp: "vim '+set nu", UNBALANCED),
    ],
    ids=["missing", "not-executable", "unbalanced-quote"],
)
def test_edit_with_a_broken_editor_says_why(
    editor: object,
    said: str,
    tmp_path: Path,
    no_visual: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    no_visual.setenv("EDITOR", editor(tmp_path))  # type: ignore[operator]
    assert main(["edit", KYS, str(DOSSIERS)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("parley: ") and said in err
    assert err.count("\n") == 1


def test_the_log_stays_small_and_each_entry_says_its_line(
    state_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parley.files import log

    monkeypatch.setattr(log, "MAX_BYTES", 20_000)
    for n in range(200):
        try:
            raise ValueError(f"failure {n} " + "x" * 200)
        except ValueError as error:
            entry = log.record(f"step {n} failed", error)
        lines = entry.path.read_text("utf-8").splitlines()
        assert lines[entry.line - 1].endswith(f"step {n} failed")
    folder = log_file(state_home).parent
    assert sorted(p.name for p in folder.iterdir()) == [
        "parley.log", "parley.log.1", "parley.log.2", "parley.log.3",
    ]  # fmt: skip
    assert all(p.stat().st_size <= 20_000 for p in folder.iterdir())
