"""``parley check PATH ...``: the dossier each path is in, checked once, named files first."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from parley.cli import main

SYNTAX = 'text = "never closed\n'  # a TOML syntax error on line 1
CLEAN_PERSON = 'name = "Anna Smith"\nside = "ukraine"\n'


def make_dossier(folder: Path, **files: str) -> Path:
    """A dossier at ``folder``: the four record folders, one person, and ``files``
    (``claims__x="..."`` is ``claims/x.toml``)."""
    for sub in ("rounds", "people", "claims", "articles"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    (folder / "people" / "anna-smith.toml").write_text(CLEAN_PERSON, "utf-8")
    for name, text in files.items():
        sub, _, stem = name.partition("__")
        (folder / sub / f"{stem.replace('_', '-')}.toml").write_text(text, "utf-8")
    return folder


def out_lines(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return capsys.readouterr().out.splitlines()


def test_a_file_deep_inside_checks_its_whole_dossier_its_own_problems_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_dossier(
        tmp_path / "repo" / "team" / "dossier", claims__a_first=SYNTAX, claims__z_last=SYNTAX
    )
    monkeypatch.chdir(tmp_path)
    named = "repo/team/dossier/claims/z-last.toml"
    assert main(["check", named]) == 1
    lines = out_lines(capsys)
    # The named file first, though it sorts last; then every other problem of the dossier.
    assert lines[0].startswith(f"{named}:1:")
    assert lines[1].startswith("repo/team/dossier/claims/a-first.toml:1:")
    assert lines[-1].endswith("0 rounds, 1 person, 0 claims, 0 articles; 2 errors, 1 warning")
    assert len(lines) == 4  # two errors, the idle person's warning, one summary
    assert root.is_dir()


def test_a_file_given_from_inside_the_dossier_keeps_the_path_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_dossier(tmp_path / "d", claims__broken=SYNTAX)
    monkeypatch.chdir(root / "people")
    assert main(["check", "../claims/broken.toml"]) == 1
    lines = out_lines(capsys)
    assert lines[0].startswith("../claims/broken.toml:1:")
    assert "../people/anna-smith.toml:1:1: warning:" in lines[1]
    monkeypatch.chdir(root)
    assert main(["check", "claims/broken.toml"]) == 1
    assert out_lines(capsys)[0].startswith("claims/broken.toml:1:")
    monkeypatch.chdir(root / "claims")
    for sources in ([], ["--sources"]):
        assert main(["check", *sources, "broken.toml"]) == 1
        lines = out_lines(capsys)
        assert lines[0].startswith("broken.toml:1:")  # not ../claims/broken.toml
        assert lines[1].startswith("../people/anna-smith.toml:1:1: warning:")


def test_several_files_of_one_dossier_check_it_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make_dossier(tmp_path / "d", claims__b=SYNTAX, claims__m=SYNTAX, claims__y=SYNTAX)
    monkeypatch.chdir(tmp_path)
    # Today a usage error: the check took one folder at most.
    assert main(["check", "d/claims/y.toml", "d/claims/m.toml"]) == 1
    lines = out_lines(capsys)
    assert [line.split(":")[0] for line in lines[:3]] == [
        "d/claims/m.toml",
        "d/claims/y.toml",
        "d/claims/b.toml",
    ]
    summaries = [line for line in lines if line.endswith(" warning")]
    assert summaries == ["0 rounds, 1 person, 0 claims, 0 articles; 3 errors, 1 warning"]


def test_a_path_given_after_an_option_is_a_path_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make_dossier(tmp_path / "d", claims__b=SYNTAX, claims__y=SYNTAX)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "d/claims/y.toml", "--format", "json", "d/claims/b.toml"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [p["path"] for p in report["problems"][:2]] == ["d/claims/b.toml", "d/claims/y.toml"]


def test_paths_in_two_dossiers_check_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make_dossier(tmp_path / "east")
    make_dossier(tmp_path / "west", claims__broken=SYNTAX)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "east/people/anna-smith.toml", "west"]) == 1
    lines = out_lines(capsys)
    assert (
        lines[0]
        == "east/people/anna-smith.toml:1:1: warning: this person made no claim and sat at no round"
    )
    assert lines[1] == "east: 0 rounds, 1 person, 0 claims, 0 articles; 0 errors, 1 warning"
    assert lines[2].startswith("west/claims/broken.toml:1:")
    assert lines[-1] == "west: 0 rounds, 1 person, 0 claims, 0 articles; 1 error, 1 warning"
    # The clean one alone passes.
    assert main(["check", "east"]) == 0


def test_a_path_in_no_dossier_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make_dossier(tmp_path / "d")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.toml").write_text(SYNTAX, "utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "d", "notes/a.toml"]) == 2
    out, err = capsys.readouterr()
    assert out == ""  # nothing checked, not even the good dossier
    assert err == (
        "parley: notes/a.toml is in no dossier: no folder above it holds "
        "rounds/, people/, claims/, articles/\n"
    )
    assert main(["check", "notes"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("parley: notes is not a dossier: ")
    assert line.endswith("; to start one there: parley init notes")
    assert main(["check", "gone.toml"]) == 2
    assert capsys.readouterr().err == "parley: no such file or folder: gone.toml\n"


def test_a_folder_holding_dossiers_says_which_one_was_meant(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make_dossier(tmp_path / "repo" / "dossiers")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "repo"]) == 2
    assert capsys.readouterr().err.endswith("; did you mean repo/dossiers?\n")


def test_an_empty_folder_does_not_fall_back_to_the_bundled_example(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    # Today: the bundled dossier is checked and the check passes, so a hook always would.
    assert main(["check"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("parley: no dossier here: there is no ./dossiers")
    assert err.count("\n") == 1


def test_with_no_path_the_dossier_the_current_folder_is_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_dossier(tmp_path / "d", claims__broken=SYNTAX)
    monkeypatch.chdir(root / "claims")
    assert main(["check"]) == 1
    lines = out_lines(capsys)
    assert lines[0].startswith("../claims/broken.toml:1:")  # in the folder it was run from
    assert lines[1].startswith("../people/anna-smith.toml:1:1: warning:")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d").rename(tmp_path / "dossiers")
    assert main(["check"]) == 1
    assert out_lines(capsys)[0].startswith("dossiers/claims/broken.toml:1:")


def test_an_archive_file_named_checks_its_dossier(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_dossier(tmp_path / "d", claims__broken=SYNTAX)
    (root / "archives").mkdir()
    (root / "archives" / "a.md").write_text("text", "utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "d/archives/a.md"]) == 1
    assert out_lines(capsys)[0].startswith("d/claims/broken.toml:1:")


def test_an_absolute_path_gives_absolute_paths(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_dossier(tmp_path / "d", claims__broken=SYNTAX)
    assert main(["check", str(root / "people" / "anna-smith.toml")]) == 1
    lines = out_lines(capsys)
    assert lines[0].startswith(f"{root}/people/anna-smith.toml:1:1: warning:")
    assert lines[1].startswith(f"{root}/claims/broken.toml:1:")


def test_check_from_the_shell_as_a_hook_runs_it(tmp_path: Path) -> None:
    """What pre-commit runs: ``parley check`` and the staged files' names, from the repository."""
    make_dossier(tmp_path / "dossiers", claims__broken=SYNTAX)
    result = subprocess.run(
        [sys.executable, "-m", "parley", "check", "dossiers/claims/broken.toml"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        cwd=tmp_path,
        env={**os.environ, "PARLEY_CACHE": "off"},
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("dossiers/claims/broken.toml:1:")
