"""`parley check`: output, exit codes and JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from parley.cli import main

from .conftest import DOSSIERS


def test_check_lists_problems_and_exits_1(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(broken)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert (
        f"{broken}/people/typo-key.toml:3:1: error: unknown key 'alias'; did you mean 'aliases'?"
        in lines
    )
    assert lines[-1] == "1 round, 2 people, 4 claims, 2 articles; 15 errors, 4 warnings"


def test_check_json(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(broken), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    [dossier] = report["dossiers"]
    assert dossier["counts"] == {"round": 1, "person": 2, "claim": 4, "article": 2}
    assert report["errors"] == 15 and report["warnings"] == 4
    first = report["problems"][0]
    assert set(first) == {"path", "line", "col", "severity", "rule", "message", "id", "related"}


def test_check_missing_folder_is_a_bad_invocation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(tmp_path / "nope")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    assert main(["check", "--format", "yaml"]) == 2


def test_check_clean_folder_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for folder in ("rounds", "people", "claims", "articles"):
        (tmp_path / folder).mkdir()
    assert main(["check", str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip() == (
        "0 rounds, 0 people, 0 claims, 0 articles; 0 errors, 0 warnings"
    )


def test_bundled_dossiers_pass_check_from_the_shell() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "parley", "check", str(DOSSIERS)],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout
    assert " 0 errors" in result.stdout.splitlines()[-1]


def test_edit_opens_the_record_at_its_line_and_reports_what_broke(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    folder = tmp_path / "d"
    shutil.copytree(DOSSIERS, folder)
    script = tmp_path / "fake-editor"
    # An "editor" that logs its arguments and breaks the file it was given.
    script.write_text(f'#!/bin/sh\necho "$@" > {tmp_path}/args\necho "side = 1" >> "$2"\n', "utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("VISUAL", str(script))
    assert main(["edit", "serhii-kyslytsia", str(folder)]) == 1
    path = folder / "people" / "serhii-kyslytsia.toml"
    line, name = (tmp_path / "args").read_text().split()
    assert name == str(path)
    assert path.read_text().splitlines()[int(line.lstrip("+")) - 1].startswith("name = ")
    assert f"{path}:" in capsys.readouterr().out
    assert main(["edit", "nobody-at-all", str(folder)]) == 2
