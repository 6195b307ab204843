"""``parley check --format json|github|sarif``: each through its own encoder, paths for CI."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import pytest

from parley.cli import main
from parley.dossier.model import Kind
from parley.dossier.problems import RULES, Problem
from parley.export.check_github import workflow_commands
from parley.export.check_report import Checked, Target
from parley.export.check_sarif import sarif

from .test_check_paths import SYNTAX, make_dossier

SCHEMAS = Path(__file__).parent / "schemas"
HOSTILE = "50% done,\r\n::error file=evil.toml::pwned: a, b\n%0A::warning::x\u2028::notice::y"
HOSTILE_NAME = "a,b:c%0A\n::error::x"  # a file name: every character GitHub's runner reads

# ``::name prop=value,prop=value::message``: properties hold no ``:`` or ``,`` of their own.
COMMAND = re.compile(
    r"::(?P<name>error|warning|notice) file=(?P<file>[^,:]*),line=(?P<line>\d+),"
    r"col=(?P<col>\d+),title=(?P<title>[^,:]*)::(?P<message>.*)"
)


def decode(value: str) -> str:
    """What GitHub's runner makes of an encoded value."""
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(code, char)
    return value


def runner_lines(output: str) -> list[str]:
    """Output split as GitHub's runner splits it: at LF, CR and CRLF."""
    return re.split(r"\r\n|\r|\n", output.removesuffix("\n"))


def checked_with(problems: list[Problem], folder: Path) -> Checked:
    counts = dict.fromkeys(Kind, 0)
    return Checked(Target(folder, folder), counts, problems)


# -- github ---------------------------------------------------------------------------


def test_github_commands_keep_hostile_text_in_their_own_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "repo" / "d"
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    waiting = Problem(folder / "claims" / "w.toml", 2, 3, "error", HOSTILE, "w", rule="reference")
    problems = [
        Problem(folder / "claims" / f"{HOSTILE_NAME}.toml", 4, 5, "error", HOSTILE, HOSTILE),
        Problem(
            folder / "people" / "p.toml", 1, 1, "warning", HOSTILE, related=(waiting,), rule="x"
        ),
    ]
    out = workflow_commands([checked_with(problems, folder)])
    lines = runner_lines(out)
    assert len(lines) == 4  # two problems, the waiting reference, the summary
    found = [COMMAND.fullmatch(line) for line in lines[:3]]
    assert all(found), lines
    first, second, note = (m.groupdict() for m in found if m)
    assert (first["name"], second["name"], note["name"]) == ("error", "warning", "notice")
    assert decode(first["file"]) == f"d/claims/{HOSTILE_NAME}.toml"  # from the repository root
    assert (first["line"], first["col"]) == ("4", "5")
    assert decode(first["title"]) == f"parley other in {HOSTILE}"
    assert [decode(m["message"]) for m in (first, second, note)] == [HOSTILE] * 3
    assert decode(note["file"]) == "d/claims/w.toml"
    assert lines[3].startswith("parley: ")  # a log line, not a command


def test_github_output_of_a_dossier_annotates_each_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_dossier(tmp_path / "repo" / "team", claims__broken=SYNTAX)
    (tmp_path / "repo" / ".git").write_text("gitdir: elsewhere\n")  # a worktree's .git is a file
    (root / "claims" / f"{HOSTILE_NAME}.toml").write_text(SYNTAX, "utf-8")
    monkeypatch.chdir(root / "claims")
    assert main(["check", "--format", "github", "broken.toml"]) == 1
    lines = runner_lines(capsys.readouterr().out)
    found = [m.groupdict() for line in lines if (m := COMMAND.fullmatch(line))]
    assert len(found) == len(lines) - 1 == 3
    assert [(decode(f["file"]), f["name"]) for f in found] == [
        ("team/claims/broken.toml", "error"),  # named first
        (f"team/claims/{HOSTILE_NAME}.toml", "error"),
        ("team/people/anna-smith.toml", "warning"),
    ]
    assert found[0]["line"] == "1" and decode(found[0]["title"]) == "parley toml-syntax"
    assert lines[-1] == "parley: ..: 0 rounds, 1 person, 0 claims, 0 articles; 2 errors, 1 warning"


def test_github_paths_without_a_repository_are_from_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_dossier(tmp_path / "work" / "d", claims__broken=SYNTAX)
    monkeypatch.chdir(tmp_path / "work")
    assert main(["check", "--format", "github", str(root)]) == 1
    first = COMMAND.fullmatch(capsys.readouterr().out.splitlines()[0])
    assert first is not None and first["file"] == "d/claims/broken.toml"


def test_github_with_sources_gives_the_questions_as_warnings(
    broken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--format", "github", str(broken)]) == 1
    plain = capsys.readouterr().out.splitlines()
    assert main(["check", "--format", "github", "--sources", str(broken)]) == 1
    lines = capsys.readouterr().out.splitlines()
    questions = [line for line in lines if ",title=parley source-question" in line]
    assert questions and all(line.startswith("::warning ") for line in questions)
    assert len(lines) == len(plain) + len(questions)
    assert lines[-1].endswith(f"; {len(questions)} questions about sources")


# -- sarif ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_schema() -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text("utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def sarif_of(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    assert main(["check", "--format", "sarif", *args]) == 1
    return json.loads(capsys.readouterr().out)


def test_sarif_validates_against_the_schema_with_one_rule_per_kind(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    broken: Path,
    sarif_schema: jsonschema.protocols.Validator,
) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "team" / "broken"
    folder.parent.mkdir()
    folder.symlink_to(broken)  # the walk to the repository root is over the path as given
    log = sarif_of(capsys, "--sources", "team/broken")
    sarif_schema.validate(log)
    [run] = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == list(RULES)
    results = run["results"]
    kinds = [r["ruleId"] for r in results]
    assert len(kinds) - kinds.count("source-question") == 15 + 4  # the fixture's problems
    assert {"toml-syntax", "invalid-record", "reference", "file-name", "source-question"} <= set(
        kinds
    )
    assert "other" not in kinds  # every problem parley finds says its kind
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning")
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert "team/broken/people/typo-key.toml" in uris
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == tmp_path.as_uri() + "/"


def test_sarif_keeps_hostile_names_and_text_exact(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    sarif_schema: jsonschema.protocols.Validator,
) -> None:
    root = make_dossier(tmp_path / "d d", claims__broken=SYNTAX)
    (root / "claims" / f"{HOSTILE_NAME} é#?.toml").write_text(SYNTAX, "utf-8")
    monkeypatch.chdir(tmp_path)  # no repository: from the current folder
    log = sarif_of(capsys, "d d")
    sarif_schema.validate(log)
    results = log["runs"][0]["results"]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results]
    assert f"d d/claims/{HOSTILE_NAME} é#?.toml" in [unquote(uri) for uri in uris]
    assert all(re.fullmatch(r"[A-Za-z0-9%/._~-]+", uri) for uri in uris), uris


def test_sarif_messages_are_exact(
    tmp_path: Path, sarif_schema: jsonschema.protocols.Validator
) -> None:
    waiting = Problem(tmp_path / "w.toml", 2, 3, "error", HOSTILE + "\x1b[2J", rule="reference")
    problem = Problem(tmp_path / "p.toml", 0, 0, "error", HOSTILE, "p", (waiting,), "reference")
    out = sarif([checked_with([problem], tmp_path)])
    assert "\x1b" not in out and "\u2028" not in out  # escaped, for a terminal's sake
    log = json.loads(out)
    sarif_schema.validate(log)
    [result] = log["runs"][0]["results"]
    assert result["message"]["text"] == HOSTILE
    assert result["properties"] == {"recordId": "p"}
    [related] = result["relatedLocations"]
    assert related["message"]["text"] == HOSTILE + "\x1b[2J"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 1, "startColumn": 1}  # SARIF counts from 1


# -- json -----------------------------------------------------------------------------


def test_json_fields(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make_dossier(tmp_path / "east")
    make_dossier(tmp_path / "west", claims__broken=SYNTAX)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--format", "json", "--sources", "west/claims/broken.toml", "east"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"errors", "warnings", "dossiers", "problems", "sources"}
    assert (report["errors"], report["warnings"]) == (1, 2)
    assert report["dossiers"] == [
        {
            "folder": "west",
            "counts": {"round": 0, "person": 1, "claim": 0, "article": 0},
            "errors": 1,
            "warnings": 1,
        },
        {
            "folder": "east",
            "counts": {"round": 0, "person": 1, "claim": 0, "article": 0},
            "errors": 0,
            "warnings": 1,
        },
    ]
    first = report["problems"][0]
    assert first == {
        "path": "west/claims/broken.toml",
        "line": 1,
        "col": first["col"],
        "severity": "error",
        "rule": "toml-syntax",
        "message": first["message"],
        "id": None,
        "related": [],
    }
    assert first["message"].startswith("TOML syntax: ")
    assert [p["rule"] for p in report["problems"][1:]] == ["idle-person", "idle-person"]
    assert report["sources"] == []


# -- the hook and the docs ------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]


def test_the_pre_commit_hook_runs_check_on_record_and_archive_files() -> None:
    yaml = pytest.importorskip("yaml")
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hook["id"] == "parley-check" and hook["language"] == "python"
    assert hook["entry"] == "parley check" and hook["pass_filenames"] is True
    assert hook["require_serial"] is True  # one check of the dossier, not one per batch
    files = re.compile(hook["files"])
    for path in (
        "dossiers/claims/a.toml",
        "people/b.toml",
        "x/rounds/r.toml",
        "articles/a.toml",
        "dossiers/archives/a.md",
        "archives/a.txt",
    ):
        assert files.search(path), path
    for path in ("README.md", "dossiers/schema/claim.json", "claims.toml", "notes/claims.md"):
        assert not files.search(path), path


def test_the_readme_names_every_kind_of_problem() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert [rule for rule in RULES if f"`{rule}`" not in readme] == []
