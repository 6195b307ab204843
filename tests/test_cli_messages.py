"""The command line's messages: a broken file's dependents under it, words for pydantic's
errors, `edit` on a broken file, a mistyped command."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from parley.cli import main
from parley.dossier.invalid import invalid
from parley.dossier.load import load, reload
from parley.dossier.model import Article, Claim, Kind, Person, Record, Round
from parley.files.template import template


def _dossier(tmp_path: Path, broken: Path) -> Path:
    folder = tmp_path / "d"
    shutil.copytree(broken, folder)
    return folder


def _break_jane(folder: Path) -> Path:
    path = folder / "people" / "jane-speaker.toml"
    path.write_text(path.read_text() + "\nthis line = is not TOML\n", encoding="utf-8")
    return path


def test_references_to_a_broken_file_are_counted_under_its_error(
    tmp_path: Path, broken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _dossier(tmp_path, broken)
    main(["check", str(folder)])
    before = capsys.readouterr().out.splitlines()[-1]
    _break_jane(folder)
    assert main(["check", str(folder)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert not [line for line in lines if "no person with id 'jane-speaker'" in line]
    cause = next(n for n, line in enumerate(lines) if "people/jane-speaker.toml:" in line)
    assert lines[cause].startswith(f"{folder}/people/jane-speaker.toml:9:")
    assert "references to it wait on this fix" in lines[cause]
    waiting = [line for line in lines[cause + 1 :] if line.startswith("    ")]
    assert waiting and all("'jane-speaker'" in line for line in waiting)
    assert lines[cause + 1] == waiting[0]
    # The syntax error is one more error; the references it breaks are not counted.
    errors = int(before.split("; ")[1].split()[0])
    assert lines[-1].split("; ")[1].startswith(f"{errors + 1} errors")


def test_json_lists_the_waiting_references_as_related(
    tmp_path: Path, broken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _dossier(tmp_path, broken)
    _break_jane(folder)
    main(["check", str(folder), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    (cause,) = [p for p in report["problems"] if p["path"].endswith("jane-speaker.toml")]
    assert cause["related"] and all(r["message"] for r in cause["related"])
    assert report["errors"] == sum(p["severity"] == "error" for p in report["problems"])


def test_one_error_in_a_person_file_is_one_error(tmp_path: Path, broken: Path) -> None:
    folder = tmp_path / "d"
    for sub in ("people", "articles", "claims"):
        shutil.copytree(broken / sub, folder / sub, ignore=shutil.ignore_patterns("*"))
    shutil.copy(broken / "articles" / "good-article.toml", folder / "articles")
    shutil.copy(broken / "people" / "jane-speaker.toml", folder / "people")
    claim = (broken / "claims" / "good-claim.toml").read_text()
    claim = claim.replace('round = "good-round"\n', "").replace(
        'contradicts = ["other-claim"]\n', ""
    )
    for n in range(3):
        (folder / "claims" / f"claim-{n}.toml").write_text(claim, encoding="utf-8")
    valid = load(folder)
    assert not valid.errors
    _break_jane(folder)
    # At a fresh load the file gives no record; after a reload its last good one stays (stale).
    for dossier in (load(folder), reload(valid)[0]):
        (error,) = dossier.errors
        assert error.path.name == "jane-speaker.toml"
        assert error.message.endswith("; 3 references to it wait on this fix")
        names = [p.path.name for p in error.related]
        assert names == ["claim-0.toml", "claim-1.toml", "claim-2.toml"]


def test_a_mistyped_command_gets_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["chek", "dossiers"]) == 2
    err = capsys.readouterr().err
    assert "unknown command 'chek'; did you mean check?" in err
    assert "unrecognized arguments" not in err


def test_the_usage_line_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    usage = capsys.readouterr().out.split("\n\n")[0]
    assert "parley [-h] [DIR]" in usage
    assert "parley {check,edit,schema,new,cite,export,import,log,diff} ..." in usage


def test_edit_opens_a_broken_file_at_its_first_error(
    tmp_path: Path, broken: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _dossier(tmp_path, broken)
    path = _break_jane(folder)
    script = tmp_path / "fake-editor"
    script.write_text(f'#!/bin/sh\necho "$@" > {tmp_path}/args\n', "utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("VISUAL", str(script))
    assert main(["edit", "jane-speaker", str(folder)]) == 1  # opened; still broken after
    assert (tmp_path / "args").read_text().split() == ["+9", str(path)]


def _messages(model: type[Record], data: dict[str, object]) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return [found.message for found in invalid(caught.value, model)]


def test_an_unfilled_template_says_what_to_write(tmp_path: Path) -> None:
    for folder in ("rounds", "people", "claims", "articles"):
        (tmp_path / folder).mkdir()
    (tmp_path / "claims" / "new-claim.toml").write_text(template(Kind.CLAIM), encoding="utf-8")
    messages = [p.message for p in load(tmp_path).problems]
    assert not [m for m in messages if "should match pattern" in m or "Input should" in m]
    assert (
        "speaker: replace the placeholder '<person id>' with a person id "
        "(lowercase letters, digits and single hyphens), e.g. 'serhii-kyslytsia'"
    ) in messages
    placeholder = "'<quote or paraphrase>'"
    assert f"type: replace the placeholder {placeholder} with one of quote, paraphrase" in messages


@pytest.mark.parametrize(
    ("model", "data", "expected"),
    [
        (Claim, {"speaker": "Serhii"}, "speaker: 'Serhii' is not a person id (lowercase letters, "
         "digits and single hyphens), e.g. 'serhii-kyslytsia'"),
        (Claim, {"type": "qoute"}, "type: 'qoute' is not allowed here: use one of quote, "
         "paraphrase"),
        (Claim, {"speaker": 5}, 'speaker: a person id in quotes is needed, not a number, '
         'e.g. speaker = "serhii-kyslytsia"'),
        (Claim, {"contradicts": "x"}, "contradicts: a list of claim ids is needed, not text, "
         'e.g. contradicts = ["kyslytsia-russians-killing-russians"]'),
        (Round, {"delegations": [{"side": "u", "members": "a"}]}, "delegations #1.members: a list "
         'of person ids is needed, not text, e.g. members = ["serhii-kyslytsia"]'),
        (Round, {"date": "<YYYY-MM-DD>"}, "date: replace the placeholder '<YYYY-MM-DD>' with "
         "a date without quotes, e.g. date = 2025-05-16"),
        (Article, {"language": "English"}, "language: 'English' is not a language code such as "
         "'en', 'uk' or 'ru'"),
        (Person, {"roles": {"title": "x"}}, "roles: a list of tables is needed, not a table: "
         "write each as [[roles]]"),
    ],
)  # fmt: skip
def test_pydantic_errors_in_words(
    model: type[Record], data: dict[str, object], expected: str
) -> None:
    messages = _messages(model, data)
    assert expected in messages
    assert not [m for m in messages if "should" in m]
