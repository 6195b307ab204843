"""Merge-conflict markers: found by lines, told as one located error per block, the rest loads."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import rtoml

from parley.cli import main
from parley.dossier.conflict import conflict_message, find_conflicts
from parley.dossier.load import load
from parley.dossier.model import Claim
from parley.files import cache
from parley.files.cache import open_dossier, write_pending
from parley.present.conflict import keep, read_conflict

from .conflicts import CLAIM, conflicted_repo, git, needs_git, small_dossier
from .test_cache import _unreachable, settle

TWO_BLOCKS = """\
# keep this comment
<<<<<<< HEAD
text = "Ours."
=======
text = "Theirs."
>>>>>>> feature
type = "quote"
<<<<<<< HEAD
said_on = 2025-05-16
||||||| base
said_on = 2025-05-15
=======
said_on = 2025-05-17
>>>>>>> feature
"""


def test_blocks_are_found_with_their_lines_sides_base_and_labels() -> None:
    conflicts = find_conflicts(TWO_BLOCKS)
    first, second = conflicts.blocks
    assert (first.start, first.end, second.start, second.end) == (2, 6, 8, 14)
    assert first.ours == ('text = "Ours."\n',) and first.theirs == ('text = "Theirs."\n',)
    assert first.base is None and second.base == ("said_on = 2025-05-15\n",)
    assert (second.ours_label, second.base_label, second.theirs_label) == (
        "HEAD",
        "base",
        "feature",
    )


def test_each_side_is_the_whole_file_and_keeping_one_block_changes_only_it() -> None:
    conflicts = find_conflicts(TWO_BLOCKS)
    ours = conflicts.side("ours")
    assert rtoml.loads(ours.text) == {"text": "Ours.", "type": "quote", "said_on": _date(16)}
    assert rtoml.loads(conflicts.side("theirs").text)["said_on"] == _date(17)
    # The side's line 4 (said_on) is the file's line 9, inside the second block.
    assert ours.file_line(4) == 9 and conflicts.side("theirs").file_line(4) == 13
    kept = conflicts.resolved(0, "theirs")
    assert kept == TWO_BLOCKS.replace('<<<<<<< HEAD\ntext = "Ours."\n=======\n', "", 1).replace(
        'text = "Theirs."\n>>>>>>> feature\n', 'text = "Theirs."\n', 1
    )
    assert [b.start for b in find_conflicts(kept).blocks] == [4]


def test_a_lone_separator_in_a_multiline_string_is_no_conflict() -> None:
    text = 'text = """\nHeading\n=======\nbody\n>>>>>>> not a marker either\n"""\n'
    assert not find_conflicts(text)
    assert not find_conflicts("<<<<<<< opened\nnever closed\n")
    assert not find_conflicts('text = "<<<<<<< inline, not at a line start"\n')
    assert not find_conflicts("<<<<<<<<< eight\n=======\n>>>>>>> x\n")


def test_crlf_files_keep_their_line_ends() -> None:
    text = TWO_BLOCKS.replace("\n", "\r\n")
    conflicts = find_conflicts(text)
    assert len(conflicts.blocks) == 2
    assert conflicts.resolved(1, "ours").count("\r\n") == text.count("\r\n") - 6


def _date(day: int) -> object:
    return rtoml.loads(f"d = 2025-05-{day}")["d"]


def _conflict(claim: str, ours: str, theirs: str) -> str:
    return claim.replace(
        'text = "We will talk."',
        f"<<<<<<< HEAD\n{ours}\n=======\n{theirs}\n>>>>>>> feature",
    )


def test_a_conflict_is_one_located_error_and_the_rest_loads(tmp_path: Path) -> None:
    claim = small_dossier(tmp_path, _conflict(CLAIM, 'text = "We will talk."',
                                              'text = "We shall talk, she said."'))  # fmt: skip
    dossier = load(tmp_path)
    [problem] = dossier.errors
    assert (problem.path, problem.line, problem.col) == (claim, 4, 1)
    assert problem.message == (
        'unresolved merge conflict, lines 4-8, ours (HEAD): text = "We will talk.", '
        'theirs (feature): text = "We shall talk, she said."'
    )
    assert dossier.index.get("jane-speaker") is not None
    assert dossier.index.get("good-article") is not None
    assert dossier.index.get("talk") is None


def test_a_conflict_and_an_unrelated_toml_error_are_both_told(tmp_path: Path) -> None:
    text = _conflict(CLAIM, 'text = "Ours."', 'text = "Theirs."').replace(
        "said_on = 2025-05-16", "said_on = 2025-05-16 oops"
    )
    claim = small_dossier(tmp_path, text)
    problems = load(tmp_path).errors
    assert [(p.line, p.col) for p in problems] == [(4, 1), (9, 11)]
    assert problems[0].message.startswith("unresolved merge conflict, lines 4-8")
    assert problems[1].message == (
        "TOML syntax: invalid time, expected hour (on both sides of the merge conflict)"
    )
    assert [p.rule for p in problems] == ["merge-conflict", "toml-syntax"]
    assert all(p.path == claim for p in problems)


def test_an_error_on_one_side_is_told_at_its_line_in_the_file(tmp_path: Path) -> None:
    small_dossier(tmp_path, _conflict(CLAIM, 'text = "Ours."', 'text = "Theirs.'))
    [conflict, error] = load(tmp_path).errors
    assert conflict.line == 4
    assert error.line == 7 and error.message.endswith("(on the theirs side of the merge conflict)")
    assert error.message.startswith("TOML syntax")


def test_a_record_error_on_a_side_is_told_too(tmp_path: Path) -> None:
    small_dossier(tmp_path, _conflict(CLAIM, 'text = "Ours."', 'txt = "Theirs."'))
    messages = [p.message for p in load(tmp_path).errors]
    assert sorted(messages) == [
        "missing required key 'text' (on the theirs side of the merge conflict)",
        "unknown key 'txt'; did you mean 'text'? (on the theirs side of the merge conflict)",
        'unresolved merge conflict, lines 4-8, ours (HEAD): text = "Ours.", '
        'theirs (feature): txt = "Theirs."',
    ]


@needs_git
def test_a_real_merge_conflict_is_told_not_as_toml_errors(tmp_path: Path) -> None:
    claim = conflicted_repo(tmp_path / "repo", 'text = "We will talk soon."',
                            'text = "We will talk, maybe."')  # fmt: skip
    assert "<<<<<<< HEAD" in claim.read_text()
    [problem] = load(tmp_path / "repo").errors
    assert problem.message.startswith("unresolved merge conflict, lines 4-8, ours (HEAD): ")
    assert "We will talk soon." in problem.message and "maybe" in problem.message


@needs_git
def test_markers_inside_a_multiline_string_leave_each_side_parsing(tmp_path: Path) -> None:
    ours = 'text = """\nWe will talk.\nOn Monday, she said.\n"""'
    theirs = 'text = """\nWe will talk.\nOn Tuesday, she said.\n"""'
    claim = conflicted_repo(tmp_path / "repo", ours, theirs)
    # git put the markers inside the string: only its second line differs.
    text = claim.read_text()
    assert text.index("<<<<<<<") > text.index('"""')
    [problem] = load(tmp_path / "repo").errors
    assert "ours (HEAD): On Monday, she said., theirs (feature): On Tuesday" in problem.message
    conflicts = find_conflicts(text)
    texts = {side: rtoml.loads(conflicts.side(side).text)["text"] for side in ("ours", "theirs")}
    assert texts == {"ours": "We will talk.\nOn Monday, she said.\n",
                     "theirs": "We will talk.\nOn Tuesday, she said.\n"}  # fmt: skip


@needs_git
def test_the_diff3_style_is_read_too(tmp_path: Path) -> None:
    conflicted_repo(tmp_path / "repo", 'text = "A."', 'text = "B."', style="diff3")
    [problem] = load(tmp_path / "repo").errors
    assert problem.message.startswith("unresolved merge conflict, lines 4-10, ours (HEAD): ")


@needs_git
def test_a_conflicted_file_git_does_not_track_is_told_the_same(tmp_path: Path) -> None:
    claim = conflicted_repo(tmp_path / "repo", 'text = "A."', 'text = "B."')
    outside = tmp_path / "copy"
    shutil.copytree(tmp_path / "repo", outside, ignore=shutil.ignore_patterns(".git"))
    inside = claim.parent / "talk-copy.toml"
    shutil.copy(claim, inside)
    assert "talk-copy.toml" in git(tmp_path / "repo", "status", "--porcelain").stdout  # untracked
    in_repo = load(tmp_path / "repo").errors
    assert [p.message[:25] for p in in_repo] == ["unresolved merge conflict"] * 2
    assert [p.message for p in in_repo if p.path == inside] == [
        p.message for p in in_repo if p.path == claim
    ]
    assert [p.message for p in load(outside).errors] == [
        p.message for p in in_repo if p.path == claim
    ]


def test_parley_check_prints_the_conflict_and_json_carries_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    small_dossier(tmp_path, _conflict(CLAIM, 'text = "Ours."', 'text = "Theirs."'))
    assert main(["check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "talk.toml:4:1: error: unresolved merge conflict, lines 4-8, ours (HEAD): " in out
    assert main(["check", "--format", "json", str(tmp_path)]) == 1
    problems = json.loads(capsys.readouterr().out)["problems"]
    [problem] = [p for p in problems if p["severity"] == "error"]
    assert problem["line"] == 4 and problem["message"].startswith("unresolved merge conflict")
    assert problem["rule"] == "merge-conflict"


def test_lines_are_split_at_newlines_only_so_line_numbers_match_the_file() -> None:
    text = 'notes = "a\u2028b\x0cc"\n' + TWO_BLOCKS
    conflicts = find_conflicts(text)
    assert [b.start for b in conflicts.blocks] == [3, 9]
    assert conflicts.resolved(0, "ours").startswith('notes = "a\u2028b\x0cc"\n# keep')


def test_the_cache_keeps_a_conflict_until_the_file_is_resolved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    claim = small_dossier(tmp_path, _conflict(CLAIM, 'text = "Ours."', 'text = "Theirs."'))
    settle(tmp_path)
    first = [(p.line, p.message, p.rule) for p in open_dossier(tmp_path).errors]
    write_pending()
    cache.clear()  # as a new process: only the snapshot remembers
    monkeypatch.setattr(cache, "load", _unreachable)
    assert [(p.line, p.message, p.rule) for p in open_dossier(tmp_path).errors] == first
    assert first[0][1].startswith("unresolved merge conflict")
    view = read_conflict(tmp_path, claim)
    assert view is not None
    keep(view, "theirs", tmp_path)
    cache.clear()
    resolved = open_dossier(tmp_path)
    assert not resolved.errors
    assert resolved.index.get_as("talk", Claim).text == "Theirs."  # type: ignore[union-attr]


def test_two_long_lines_that_differ_at_the_end_are_told_where_they_differ() -> None:
    said = "Moscow's delegation expressed satisfaction with the progress made at the talks."
    text = (
        'speaker = "x"\n<<<<<<< HEAD\n'
        f'text = "{said} (as first reported)"\n=======\n'
        f'text = "{said} (as corrected)"\n>>>>>>> wording\n'
    )
    message = conflict_message(find_conflicts(text).blocks[0])
    assert "(as first reported)" in message and "(as corrected)" in message
    assert 'ours (HEAD): text = "…' in message and 'theirs (wording): text = "…' in message
    short = conflict_message(find_conflicts(text.replace(said, "Satisfied.")).blocks[0])
    assert 'ours (HEAD): text = "Satisfied. (as first reported)"' in short
