"""`parley export`: formats, scopes, `-o`, and one line on stderr for whatever goes wrong."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from parley.cli import main
from parley.export.formats import FORMATS

from .conftest import BUNDLED_DOSSIERS, DOSSIERS, ROOT
from .test_brief import headings, hostile_dossier, table_rows

PERSON = "serhii-kyslytsia"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["export", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_markdown_of_a_person_goes_to_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--format", "markdown", "--person", PERSON, str(DOSSIERS))
    assert (code, err) == (0, "")
    assert headings(out, 1) == ["Brief: Serhii Kyslytsia"]


@pytest.mark.parametrize("point", ["first-round-outcome", "First round outcome"])
def test_a_point_is_named_by_its_id_or_its_heading(
    capsys: pytest.CaptureFixture[str], point: str
) -> None:
    code, out, _ = run(capsys, "--format", "markdown", "--point", point, str(DOSSIERS))
    assert code == 0
    assert headings(out, 1) == ["Brief: the contested point “First round outcome”"]
    assert len(table_rows(out)) == 3


def test_the_whole_dossier_without_a_scope(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--format", "markdown", str(DOSSIERS))
    assert code == 0 and headings(out, 1) == ["Brief: the whole dossier"]


@pytest.mark.parametrize(
    ("option", "given", "hint"),
    [
        ("--person", "serhii-kislytsia", "no person with the id 'serhii-kislytsia'; "
         "did you mean 'serhii-kyslytsia'?"),
        ("--round", "istanbul-2025-05-17", "no round with the id 'istanbul-2025-05-17'; "
         "did you mean 'istanbul-2025-05-16'?"),
        ("--point", "first-round-outcomes", "no contested point named 'first-round-outcomes'; "
         "did you mean 'first-round-outcome'?"),
        ("--person", "zzz", "no person with the id 'zzz'"),
    ],
)  # fmt: skip
def test_an_unknown_id_or_point_is_one_line_with_a_suggestion(
    capsys: pytest.CaptureFixture[str], option: str, given: str, hint: str
) -> None:
    code, out, err = run(capsys, "--format", "markdown", option, given, str(DOSSIERS))
    assert (code, out) == (2, "")
    assert err == f"parley: {hint}\n"


def test_a_hostile_id_is_shown_safely(capsys: pytest.CaptureFixture[str]) -> None:
    hostile = "x\x1b]0;PWNED\x07\u202e"
    code, _, err = run(capsys, "--format", "markdown", "--person", hostile, str(DOSSIERS))
    assert code == 2 and len(err.splitlines()) == 1
    assert "\x1b" not in err and "\u202e" not in err


@pytest.mark.parametrize(
    "args",
    [
        ["--person", PERSON, "--round", "istanbul-2025-05-16"],  # one scope at a time
        ["--format", "markdown", "--person", PERSON, "--point", "x"],
        ["--format", "docx"],
    ],
)
def test_usage_errors_exit_2_without_a_traceback(
    capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    code, out, err = run(capsys, *args, str(DOSSIERS))
    assert (code, out) == (2, "")
    assert "Traceback" not in err and err.splitlines()[-1].startswith("parley export: error:")


def test_help_lists_the_formats_and_the_scopes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for text in ("--format F", "--person ID", "--round ID", "--point NAME", "-o FILE", "[DIR]"):
        assert text in out
    for name, export_format in FORMATS.items():
        assert f"{name:10} {export_format.description}" in out


def test_output_goes_to_a_file_and_replaces_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "brief.md"
    target.write_text("old\n", encoding="utf-8")
    code, out, err = run(capsys, "--format", "markdown", "--person", PERSON, "-o", str(target),
                         str(DOSSIERS))  # fmt: skip
    assert (code, out, err) == (0, "", "")
    assert target.read_text(encoding="utf-8").startswith("# Brief: Serhii Kyslytsia\n")
    assert os.listdir(tmp_path) == ["brief.md"]  # no temporary file left


@pytest.mark.parametrize("target", ["a-folder", "read-only.md", "no-such-folder/brief.md"])
def test_a_file_that_cannot_be_written_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str
) -> None:
    (tmp_path / "a-folder").mkdir()
    read_only = tmp_path / "read-only.md"
    read_only.write_text("keep\n", encoding="utf-8")
    read_only.chmod(stat.S_IRUSR)
    code, out, err = run(capsys, "--format", "markdown", "-o", str(tmp_path / target),
                         str(DOSSIERS))  # fmt: skip
    assert (code, out) == (1, "")
    assert len(err.splitlines()) == 1 and err.startswith("parley: ") and target in err
    assert read_only.read_text(encoding="utf-8") == "keep\n"


def test_a_dossier_with_errors_still_exports_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = shutil.copytree(DOSSIERS, tmp_path / "d")
    (folder / "claims" / "broken.toml").write_text("text = \n", encoding="utf-8")
    code, out, err = run(capsys, "--format", "markdown", "--person", PERSON, str(folder))
    assert code == 0 and headings(out, 1) == ["Brief: Serhii Kyslytsia"]
    assert err.startswith("parley: warning: 1 error in ") and len(err.splitlines()) == 1


def test_export_to_a_file_as_a_subprocess(tmp_path: Path) -> None:
    folder = hostile_dossier(tmp_path / "hostile")
    target = tmp_path / "out" / "brief.md"
    target.parent.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "parley", "export", "--format", "markdown", "--point",
         "the-point", "-o", str(target), str(folder)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    text = target.read_text(encoding="utf-8")
    assert len(headings(text, 1)) == 1 and len(table_rows(text)) == 2
    assert "\x1b" not in text


def test_the_readme_shows_the_brief_parley_makes(capsys: pytest.CaptureFixture[str]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "`parley export --format markdown --point negotiation-languages` gives:"
    shown = readme.split(command, 1)[1].split("````markdown\n", 1)[1].split("````", 1)[0]
    code, out, _ = run(capsys, "--format", "markdown", "--point", "negotiation-languages",
                       str(BUNDLED_DOSSIERS))  # fmt: skip
    assert code == 0 and out == shown


def test_every_format_the_issue_names_is_offered_and_parses(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert set(FORMATS) == {"markdown", "json", "ftm", "jsonld", "csl-json"}
    for name in ("json", "jsonld", "csl-json"):
        code, out, err = run(capsys, "--format", name, "--person", PERSON, str(DOSSIERS))
        assert (code, err) == (0, ""), name
        assert PERSON in json.dumps(json.loads(out)) or name == "csl-json"
    code, out, err = run(capsys, "--format", "ftm", "--round", "istanbul-2025-05-16", str(DOSSIERS))
    assert (code, err) == (0, "")
    entities = [json.loads(line) for line in out.splitlines()]
    assert {"Person", "Event", "Article"} <= {e["schema"] for e in entities}
